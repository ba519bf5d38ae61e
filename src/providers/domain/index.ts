import type { ResourceType } from '../contract.js';
import { domainRegistration } from './registration.js';

/** The domain resource types, in the order they are listed in docs. */
export const domainTypes: readonly ResourceType[] = [domainRegistration];
