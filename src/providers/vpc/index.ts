import type { ResourceType } from '../contract.js';

/** The vpc resource types, in the order they are listed in docs. */
export const vpcTypes: readonly ResourceType[] = [];
