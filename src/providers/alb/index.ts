import type { ResourceType } from '../contract.js';
import { albLoadBalancer } from './load-balancer.js';

/** The alb resource types, in the order they are listed in docs. */
export const albTypes: readonly ResourceType[] = [albLoadBalancer];
