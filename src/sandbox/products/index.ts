/**
 * Every emulated RPC product, in one explicit list (no import side effects). The server
 * routes a request to the module whose `version` matches and which has the action; each
 * module's `seed` loads its section of the scenario, in this order.
 */
import type { ProductModule } from '../framework.js';
import { albProduct } from './alb.js';
import { alidnsProduct } from './alidns.js';
import { cbnProduct } from './cbn.js';
import { cdnProduct } from './cdn.js';
import { kmsProduct } from './kms.js';
import { fcProduct } from './fc.js';
import { csProduct } from './cs.js';
import { nlbProduct } from './nlb.js';
import { bssProduct } from './bss.js';
import { domainProduct } from './domain.js';
import { ecsProduct } from './ecs.js';
import { essProduct } from './ess.js';
import { ramProduct } from './ram.js';
import { rdsProduct } from './rds.js';
import { resourceCenterProduct } from './resourcecenter.js';
import { slbProduct } from './slb.js';
import { stsProduct } from './sts.js';
import { vpcProduct } from './vpc.js';
import { kvstoreProduct } from './kvstore.js';
import { polardbProduct } from './polardb.js';
import { ddsProduct } from './dds.js';
import { nasProduct } from './nas.js';
import { rosProduct } from './ros.js';

export const PRODUCTS: readonly ProductModule[] = [
  // RAM first: it holds the AccessKeys every other request is verified against.
  ramProduct,
  stsProduct,
  ecsProduct,
  vpcProduct,
  slbProduct,
  rdsProduct,
  // After ECS and VPC: its groups launch instances into the scenario's vswitches.
  essProduct,
  kvstoreProduct,
  polardbProduct,
  ddsProduct,
  nasProduct,
  // After ECS and VPC: its stacks own resources of both.
  rosProduct,
  albProduct,
  nlbProduct,
  cbnProduct,
  kmsProduct,
  cdnProduct,
  // ROA (REST-style) products: routed by their actions' methods and paths.
  fcProduct,
  csProduct,
  alidnsProduct,
  domainProduct,
  bssProduct,
  resourceCenterProduct,
];
