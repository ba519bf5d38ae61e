import type { ResourceType } from '../contract.js';
import { fcFunction } from './function.js';

/** The fc resource types, in the order they are listed in docs. */
export const fcTypes: readonly ResourceType[] = [fcFunction];
