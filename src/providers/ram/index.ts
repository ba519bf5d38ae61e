import type { ResourceType } from '../contract.js';
import { ramAccessKey } from './access-key.js';
import { ramGroup } from './group.js';
import { ramPolicy } from './policy.js';
import { ramRole } from './role.js';
import { ramUser } from './user.js';

/** The ram resource types, in the order they are listed in docs. */
export const ramTypes: readonly ResourceType[] = [ramAccessKey, ramUser, ramGroup, ramRole, ramPolicy];
