import type { ResourceType } from '../contract.js';

/** The dns resource types, in the order they are listed in docs. */
export const dnsTypes: readonly ResourceType[] = [];
