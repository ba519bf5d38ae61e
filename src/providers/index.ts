/**
 * The catalogue: every resource type, in one explicit array (no import side effects).
 * `createRegistry` validates it at start: duplicate types, unknown dependency types and
 * type-level cycles are errors.
 */
import { claimsOf, createRegistry, type Registry } from './registry.js';
import { ecsTypes } from './ecs/index.js';
import { vpcTypes } from './vpc/index.js';
import { slbTypes } from './slb/index.js';
import { rdsTypes } from './rds/index.js';
import { ossTypes } from './oss/index.js';
import { ramTypes } from './ram/index.js';
import { dnsTypes } from './dns/index.js';
import { domainTypes } from './domain/index.js';
import { bssTypes } from './bss/index.js';
import { essTypes } from './ess/index.js';
import { albTypes } from './alb/index.js';
import { nlbTypes } from './nlb/index.js';
import { cenTypes } from './cen/index.js';
import { kmsTypes } from './kms/index.js';
import { cdnTypes } from './cdn/index.js';
import { fcTypes } from './fc/index.js';
import { kvstoreTypes } from './kvstore/index.js';
import { polardbTypes } from './polardb/index.js';
import { mongodbTypes } from './mongodb/index.js';
import { nasTypes } from './nas/index.js';
import { rosTypes } from './ros/index.js';
import { ownedByStacks } from './ros/owned.js';
import { csTypes } from './cs/index.js';
import { slsTypes } from './sls/index.js';

/**
 * Every type that lists a product's own resources. Those a ROS stack may create go with the
 * stack that created them (ros/owned.ts).
 */
const PRODUCT_TYPES = [
  // Owners first: a stack and a scaling group delete what they created.
  ...rosTypes,
  // Owners first: an ACK cluster releases nodes, node pools and load balancers it created.
  ...csTypes,
  ...essTypes,
  ...ecsTypes,
  ...vpcTypes,
  ...slbTypes,
  ...albTypes,
  ...nlbTypes,
  ...cenTypes,
  ...rdsTypes,
  ...kvstoreTypes,
  ...polardbTypes,
  ...mongodbTypes,
  ...nasTypes,
  ...ossTypes,
  ...ramTypes,
  ...dnsTypes,
  ...domainTypes,
  ...kmsTypes,
  ...cdnTypes,
  ...fcTypes,
  ...slsTypes,
].map(ownedByStacks);

/** bss.subscription reports the subscriptions of products no type above deals with (their billingProductCodes). */
export const ALL_TYPES = [...PRODUCT_TYPES, ...bssTypes(claimsOf(PRODUCT_TYPES, (t) => t.billingProductCodes, 'BSS product code'))];

export function defaultRegistry(): Registry {
  return createRegistry(ALL_TYPES);
}
