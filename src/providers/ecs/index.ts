import type { ResourceType } from '../contract.js';

/** The ecs resource types, in the order they are listed in docs. */
export const ecsTypes: readonly ResourceType[] = [];
