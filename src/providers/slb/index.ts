import type { ResourceType } from '../contract.js';

/** The slb resource types, in the order they are listed in docs. */
export const slbTypes: readonly ResourceType[] = [];
