import type { ResourceType } from '../contract.js';
import { cdnDomain } from './domain.js';

/** The cdn resource types, in the order they are listed in docs. */
export const cdnTypes: readonly ResourceType[] = [cdnDomain];
