import type { ResourceType } from '../contract.js';
import { rosStack } from './stack.js';

/** The ros resource types, in the order they are listed in docs. */
export const rosTypes: readonly ResourceType[] = [rosStack];
