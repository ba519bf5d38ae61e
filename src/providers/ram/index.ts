import type { ResourceType } from '../contract.js';

/** The ram resource types, in the order they are listed in docs. */
export const ramTypes: readonly ResourceType[] = [];
