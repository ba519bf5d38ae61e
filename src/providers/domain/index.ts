import type { ResourceType } from '../contract.js';

/** The domain resource types, in the order they are listed in docs. */
export const domainTypes: readonly ResourceType[] = [];
