import type { ResourceType } from '../contract.js';
import { rdsInstance } from './instance.js';

/** The rds resource types, in the order they are listed in docs. */
export const rdsTypes: readonly ResourceType[] = [rdsInstance];
