import { describe, expect, it } from 'vitest';
import { ecsTypes } from '../../../src/providers/ecs/index.js';
import { essTypes } from '../../../src/providers/ess/index.js';
import { rdsTypes } from '../../../src/providers/rds/index.js';
import { createRegistry } from '../../../src/providers/registry.js';
import { slbTypes } from '../../../src/providers/slb/index.js';
import { vpcTypes } from '../../../src/providers/vpc/index.js';

describe('the ECS, VPC, SLB, RDS and Auto Scaling catalogue', () => {
  it('registers every type once, depending only on its own types, without cycles', () => {
    const registry = createRegistry([...ecsTypes, ...vpcTypes, ...slbTypes, ...rdsTypes, ...essTypes]);
    expect(registry.types.map((t) => t.type).sort()).toEqual([
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
    for (const t of registry.types) expect(t.scope).toBe('regional');
  });
});
