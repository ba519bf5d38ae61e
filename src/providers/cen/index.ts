import type { ResourceType } from '../contract.js';
import { cenAttachment } from './attachment.js';
import { cenInstance } from './instance.js';

/** The cen resource types, in the order they are listed in docs. */
export const cenTypes: readonly ResourceType[] = [cenInstance, cenAttachment];
