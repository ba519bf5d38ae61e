import type { ResourceType } from '../contract.js';
import { kmsKey } from './key.js';

/** The kms resource types, in the order they are listed in docs. */
export const kmsTypes: readonly ResourceType[] = [kmsKey];
