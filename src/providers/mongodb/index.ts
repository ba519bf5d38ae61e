import type { ResourceType } from '../contract.js';
import { mongodbInstance } from './instance.js';

/** The mongodb resource types, in the order they are listed in docs. */
export const mongodbTypes: readonly ResourceType[] = [mongodbInstance];
