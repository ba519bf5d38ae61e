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
import { providerHarness } from './harness.js';

const PROTECTED: ReadonlyArray<[ResourceType, Resource['properties']]> = [
  [ecsInstance, { status: 'Running', chargeType: 'PostPaid' }],
  [rdsInstance, { chargeType: 'Postpaid', masterInstanceId: null }],
  [slbLoadBalancer, { chargeType: 'PayOnDemand' }],
  [vpcEip, { chargeType: 'PostPaid', status: 'Available' }],
  [vpcNatGateway, { chargeType: 'PostPaid' }],
];

const resource = (t: ResourceType, properties: Resource['properties'], deletionProtection: boolean): Resource => ({
  type: t.type,
  region: 'cn-hangzhou',
  id: `${t.type}-1`,
  properties: { ...properties, deletionProtection },
});

describe('settings.disableDeletionProtection', () => {
  it.each(PROTECTED.map(([t, p]) => [t.type, t, p] as const))(
    '%s: on by default, the plan turns protection off and says why',
    (_, t, p) => {
      const steps = t.steps(resource(t, p, true), providerHarness().scanContext());
      expect(steps[0]).toEqual({
        action: 'disable-deletion-protection',
        description: 'turn off deletion protection (settings.disableDeletionProtection: true)',
      });
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
