import type { ResourceType } from '../contract.js';
import { nlbLoadBalancer } from './load-balancer.js';

/** The nlb resource types, in the order they are listed in docs. */
export const nlbTypes: readonly ResourceType[] = [nlbLoadBalancer];
