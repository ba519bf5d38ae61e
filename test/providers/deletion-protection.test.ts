/**
 * settings.disableDeletionProtection, for every type with a deletion protection flag: on (the
 * default) the plan turns protection off first and names the setting; off, the resource is blocked.
 */
import { describe, expect, it } from 'vitest';
import type { Resource, ResourceType } from '../../src/providers/contract.js';
import { ecsInstance } from '../../src/providers/ecs/instance.js';
import { rdsInstance } from '../../src/providers/rds/instance.js';
import { slbLoadBalancer } from '../../src/providers/slb/load-balancer.js';
import { vpcEip } from '../../src/providers/vpc/eip.js';
import { vpcNatGateway } from '../../src/providers/vpc/nat-gateway.js';
import { albLoadBalancer } from '../../src/providers/alb/load-balancer.js';
import { nlbLoadBalancer } from '../../src/providers/nlb/load-balancer.js';
import { essScalingGroup } from '../../src/providers/ess/scaling-group.js';
import { kmsKey } from '../../src/providers/kms/key.js';
import { kvstoreInstance } from '../../src/providers/kvstore/instance.js';
import { polardbCluster } from '../../src/providers/polardb/cluster.js';
import { mongodbInstance } from '../../src/providers/mongodb/instance.js';
import { rosStack } from '../../src/providers/ros/stack.js';
import { csCluster } from '../../src/providers/cs/cluster.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { providerHarness } from './harness.js';

const PROTECTED: ReadonlyArray<[ResourceType, Resource['properties']]> = [
  [ecsInstance, { status: 'Running', chargeType: 'PostPaid' }],
  [rdsInstance, { chargeType: 'Postpaid', masterInstanceId: null }],
  [slbLoadBalancer, { chargeType: 'PayOnDemand' }],
  [vpcEip, { chargeType: 'PostPaid', status: 'Available' }],
  [vpcNatGateway, { chargeType: 'PostPaid' }],
  [albLoadBalancer, { status: 'Active' }],
  [nlbLoadBalancer, { status: 'Active' }],
  [essScalingGroup, { instanceIds: [], attachedInstanceIds: [] }],
  [kmsKey, { keyState: 'Enabled' }],
  [kvstoreInstance, { chargeType: 'PostPaid' }],
  [polardbCluster, { chargeType: 'Postpaid' }],
  [mongodbInstance, { chargeType: 'PostPaid' }],
  [rosStack, { ownedAddresses: [], otherResourceCount: 0 }],
  [csCluster, {}],
];

const resource = (t: ResourceType, properties: Resource['properties'], deletionProtection: boolean): Resource => ({
  type: t.type,
  region: 'cn-hangzhou',
  id: `${t.type}-1`,
  properties: { ...properties, deletionProtection },
});

describe('settings.disableDeletionProtection', () => {
  it('covers every registered type that can turn deletion protection off', () => {
    const withStep = defaultRegistry()
      .types.filter((t) => t.stepSummary.includes('disable-deletion-protection'))
      .map((t) => t.type);
    expect(PROTECTED.map(([t]) => t.type).sort()).toEqual(withStep.sort());
  });

  it.each(PROTECTED.map(([t, p]) => [t.type, t, p] as const))(
    '%s: on by default, the plan turns protection off and says why',
    (_, t, p) => {
      const steps = t.steps(resource(t, p, true), providerHarness().scanContext());
      expect(steps.filter((s) => s.action === 'disable-deletion-protection')).toHaveLength(1);
      expect(steps[0]?.action).toBe('disable-deletion-protection');
      expect(steps[0]?.description).toMatch(/^turn off .+ \(settings\.disableDeletionProtection: true\)$/);
      expect(steps.some((s) => s.blocked)).toBe(false);
    },
  );

  it.each(PROTECTED.map(([t, p]) => [t.type, t, p] as const))(
    '%s: false blocks a protected resource, not an unprotected one',
    (_, t, p) => {
      const ctx = providerHarness({ settings: { disableDeletionProtection: false } }).scanContext();
      const blocked = t.steps(resource(t, p, true), ctx).filter((s) => s.blocked);
      expect(blocked).toHaveLength(1);
      expect(blocked[0]?.blocked).toMatch(/^deletion protection is on \(settings\.disableDeletionProtection: false\)/);
      const unprotected = t.steps(resource(t, p, false), ctx);
      expect(unprotected.map((s) => s.action)).not.toContain('disable-deletion-protection');
      expect(unprotected.some((s) => s.blocked)).toBe(false);
    },
  );
});
