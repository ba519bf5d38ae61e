import type { ResourceType } from '../contract.js';

/** The oss resource types, in the order they are listed in docs. */
export const ossTypes: readonly ResourceType[] = [];
