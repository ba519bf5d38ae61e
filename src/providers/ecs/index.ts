import type { ResourceType } from '../contract.js';
import { ecsInstance } from './instance.js';

/** The ecs resource types, in the order they are listed in docs. */
export const ecsTypes: readonly ResourceType[] = [ecsInstance];
