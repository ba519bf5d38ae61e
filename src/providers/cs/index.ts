import type { ResourceType } from '../contract.js';
import { csCluster } from './cluster.js';

/** The cs (Container Service for Kubernetes) resource types, in the order they are listed in docs. */
export const csTypes: readonly ResourceType[] = [csCluster];
