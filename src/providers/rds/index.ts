import type { ResourceType } from '../contract.js';

/** The rds resource types, in the order they are listed in docs. */
export const rdsTypes: readonly ResourceType[] = [];
