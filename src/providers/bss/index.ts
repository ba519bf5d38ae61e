import type { ResourceType } from '../contract.js';
import { bssSubscription } from './subscription.js';

/** The bss resource types, in the order they are listed in docs. */
export const bssTypes: readonly ResourceType[] = [bssSubscription];
