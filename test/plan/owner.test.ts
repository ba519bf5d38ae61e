import { describe, expect, it } from 'vitest';
import type { KeepRule } from '../../src/config/schema.js';
import { buildPlan } from '../../src/plan/graph.js';
import { resolveSelection } from '../../src/plan/selection.js';
import type { Resource } from '../../src/providers/contract.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { ACCOUNT, CALLER, NOW, SETTINGS } from './fakes.js';

const HZ = 'cn-hangzhou';
const resources: Resource[] = [
  {
    type: 'ess.scaling-group',
    region: HZ,
    id: 'asg-1',
    properties: { deletionProtection: false, vSwitchIds: ['vsw-1'], instanceIds: ['i-a', 'i-b'], attachedInstanceIds: [] },
  },
  ...['i-a', 'i-b'].map((id): Resource => ({
    type: 'ecs.instance',
    region: HZ,
    id,
    properties: { vSwitchId: 'vsw-1', vpcId: 'vpc-1', chargeType: 'PostPaid' },
  })),
  { type: 'vpc.vswitch', region: HZ, id: 'vsw-1', properties: { vpcId: 'vpc-1' } },
];

function planOf(opts: { only?: string[]; keep?: KeepRule[]; resources?: Resource[] } = {}) {
  const registry = defaultRegistry();
  const selection = resolveSelection(registry, { only: opts.only });
  return buildPlan({
    registry,
    resources: opts.resources ?? resources,
    selection,
    keepRules: opts.keep ?? [],
    caller: CALLER,
    settings: SETTINGS,
    now: NOW,
    toolVersion: '0.1.0',
    account: ACCOUNT,
    scope: { regions: [HZ], types: selection.selected },
  });
}

describe('resources an owner releases', () => {
  it('are planned under their owner, after it, with no step of their own that calls the cloud', () => {
    const plan = planOf();
    const order = plan.resources.map((n) => n.address);
    expect(order).toEqual([
      'ess.scaling-group/cn-hangzhou/asg-1',
      'ecs.instance/cn-hangzhou/i-a',
      'ecs.instance/cn-hangzhou/i-b',
      'vpc.vswitch/cn-hangzhou/vsw-1',
    ]);
    const a = plan.resources.find((n) => n.id === 'i-a')!;
    expect(a.steps).toEqual([{ action: 'released-with-owner', description: 'released with ess.scaling-group/cn-hangzhou/asg-1' }]);
    expect(a.dependsOn).toContainEqual({
      address: 'ess.scaling-group/cn-hangzhou/asg-1',
      reason: 'created by this scaling group, which releases it',
      owner: true,
    });
  });

  it('are blocked, never deleted by themselves, when their owner is kept or outside the selection', () => {
    const kept = planOf({ keep: [{ id: 'asg-1' } as KeepRule] });
    expect(kept.resources).toEqual([]);
    expect(kept.blocked.map((b) => b.address)).toEqual([
      'ecs.instance/cn-hangzhou/i-a',
      'ecs.instance/cn-hangzhou/i-b',
      'vpc.vswitch/cn-hangzhou/vsw-1',
    ]);
    expect(kept.blocked[0]?.reason).toMatch(/ess\.scaling-group\/cn-hangzhou\/asg-1 is kept and must be gone first/);

    const onlyEcs = planOf({ only: ['ecs'] });
    expect(onlyEcs.resources).toEqual([]);
    expect(onlyEcs.blocked[0]?.reason).toMatch(/asg-1 is outside the selection/);
  });
});

describe('resources a ROS stack created', () => {
  const STACK = 'ros.stack/cn-hangzhou/st-1';
  const stackAccount: Resource[] = [
    {
      type: 'ros.stack',
      region: HZ,
      id: 'st-1',
      properties: {
        deletionProtection: false,
        status: 'CREATE_COMPLETE',
        ownedAddresses: ['vpc.vpc/cn-hangzhou/vpc-s', 'vpc.vswitch/cn-hangzhou/vsw-s'],
        otherResourceCount: 0,
      },
    },
    { type: 'vpc.vpc', region: HZ, id: 'vpc-s', properties: {} },
    { type: 'vpc.vswitch', region: HZ, id: 'vsw-s', properties: { vpcId: 'vpc-s' } },
    // Someone else's instance in the stack's vswitch.
    { type: 'ecs.instance', region: HZ, id: 'i-foreign', properties: { vSwitchId: 'vsw-s', vpcId: 'vpc-s', chargeType: 'PostPaid' } },
  ];

  it('go with their stack, which waits for what they need gone first (an instance someone else put in its vswitch)', () => {
    const plan = planOf({ resources: stackAccount });
    const order = plan.resources.map((n) => n.address);
    expect(order.indexOf('ecs.instance/cn-hangzhou/i-foreign')).toBeLessThan(order.indexOf(STACK));
    for (const address of ['vpc.vswitch/cn-hangzhou/vsw-s', 'vpc.vpc/cn-hangzhou/vpc-s']) {
      const node = plan.resources.find((n) => n.address === address)!;
      expect(node.steps).toEqual([{ action: 'released-with-owner', description: `released with ${STACK}` }]);
      expect(order.indexOf(address)).toBeGreaterThan(order.indexOf(STACK));
    }
    expect(plan.resources.find((n) => n.address === STACK)?.dependsOn).toEqual([
      {
        address: 'ecs.instance/cn-hangzhou/i-foreign',
        reason: 'instance in this vswitch (of vpc.vswitch/cn-hangzhou/vsw-s, which it releases)',
      },
    ]);
  });

  it('are never deleted by themselves: a kept foreign instance in them blocks the stack, and --only vpc leaves them to it', () => {
    const kept = planOf({ resources: stackAccount, keep: [{ id: 'i-foreign' } as KeepRule] });
    expect(kept.resources).toEqual([]);
    expect(kept.blocked.find((b) => b.address === STACK)?.reason).toMatch(/i-foreign is kept and must be gone first/);

    const onlyVpc = planOf({ resources: stackAccount, only: ['vpc'] });
    expect(onlyVpc.resources).toEqual([]);
    expect(onlyVpc.blocked.find((b) => b.address === 'vpc.vswitch/cn-hangzhou/vsw-s')?.blockedBy).toContain(STACK);
  });
});
