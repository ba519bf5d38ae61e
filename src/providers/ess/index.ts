import type { ResourceType } from '../contract.js';
import { essScalingGroup } from './scaling-group.js';

/** The ess resource types, in the order they are listed in docs. */
export const essTypes: readonly ResourceType[] = [essScalingGroup];
