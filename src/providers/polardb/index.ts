import type { ResourceType } from '../contract.js';
import { polardbCluster } from './cluster.js';

/** The polardb resource types, in the order they are listed in docs. */
export const polardbTypes: readonly ResourceType[] = [polardbCluster];
