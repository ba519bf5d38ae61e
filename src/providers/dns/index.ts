import type { ResourceType } from '../contract.js';
import { dnsDomain } from './domain.js';
import { dnsRecord } from './record.js';

/** The dns resource types, in the order they are listed in docs. */
export const dnsTypes: readonly ResourceType[] = [dnsDomain, dnsRecord];
