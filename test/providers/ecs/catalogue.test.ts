import { describe, expect, it } from 'vitest';
import { albTypes } from '../../../src/providers/alb/index.js';
import { cenTypes } from '../../../src/providers/cen/index.js';
import { ecsTypes } from '../../../src/providers/ecs/index.js';
import { essTypes } from '../../../src/providers/ess/index.js';
import { fcTypes } from '../../../src/providers/fc/index.js';
import { kvstoreTypes } from '../../../src/providers/kvstore/index.js';
import { mongodbTypes } from '../../../src/providers/mongodb/index.js';
import { nasTypes } from '../../../src/providers/nas/index.js';
import { polardbTypes } from '../../../src/providers/polardb/index.js';
import { csTypes } from '../../../src/providers/cs/index.js';
import { nlbTypes } from '../../../src/providers/nlb/index.js';
import { rdsTypes } from '../../../src/providers/rds/index.js';
import { createRegistry } from '../../../src/providers/registry.js';
import { slbTypes } from '../../../src/providers/slb/index.js';
import { vpcTypes } from '../../../src/providers/vpc/index.js';

describe('the compute and networking catalogue (ECS, VPC, SLB, ALB, NLB, CEN, RDS, Auto Scaling, Function Compute, the databases and NAS in vswitches, and ACK clusters that own instances, groups and load balancers)', () => {
  it('registers every type once, depending only on its own types, without cycles', () => {
    const types = [
      ...ecsTypes,
      ...vpcTypes,
      ...slbTypes,
      ...albTypes,
      ...nlbTypes,
      ...cenTypes,
      ...rdsTypes,
      ...essTypes,
      ...fcTypes,
      ...kvstoreTypes,
      ...polardbTypes,
      ...mongodbTypes,
      ...nasTypes,
      ...csTypes,
    ];
    const registry = createRegistry(types);
    expect(registry.types.map((t) => t.type).sort()).toEqual([
      'alb.load-balancer',
      'cen.attachment',
      'cen.instance',
      'cs.cluster',
      'ecs.auto-snapshot-policy',
      'ecs.deployment-set',
      'ecs.disk',
      'ecs.image',
      'ecs.instance',
      'ecs.key-pair',
      'ecs.launch-template',
      'ecs.network-interface',
      'ecs.security-group',
      'ecs.snapshot',
      'ess.scaling-group',
      'fc.function',
      'kvstore.instance',
      'mongodb.instance',
      'nas.file-system',
      'nas.mount-target',
      'nlb.load-balancer',
      'polardb.cluster',
      'rds.instance',
      'slb.load-balancer',
      'vpc.eip',
      'vpc.havip',
      'vpc.nat-gateway',
      'vpc.route-entry',
      'vpc.route-table',
      'vpc.vpc',
      'vpc.vpn-gateway',
      'vpc.vswitch',
    ]);
    // CEN instances are account-wide; everything else here is regional.
    for (const t of registry.types) expect(t.scope).toBe(t.type === 'cen.instance' ? 'global' : 'regional');
  });
});
