import type { ResourceType } from '../contract.js';
import { slsProject } from './project.js';

/** The sls resource types, in the order they are listed in docs. */
export const slsTypes: readonly ResourceType[] = [slsProject];
