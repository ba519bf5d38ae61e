import type { ResourceType } from '../contract.js';
import { slbLoadBalancer } from './load-balancer.js';

/** The slb resource types, in the order they are listed in docs. */
export const slbTypes: readonly ResourceType[] = [slbLoadBalancer];
