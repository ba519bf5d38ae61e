import type { ResourceType } from '../contract.js';
import { nasFileSystem } from './file-system.js';
import { nasMountTarget } from './mount-target.js';

/** The nas resource types, in the order they are listed in docs. */
export const nasTypes: readonly ResourceType[] = [nasMountTarget, nasFileSystem];
