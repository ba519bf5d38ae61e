import type { ResourceType } from '../contract.js';
import { kvstoreInstance } from './instance.js';

/** The kvstore resource types, in the order they are listed in docs. */
export const kvstoreTypes: readonly ResourceType[] = [kvstoreInstance];
