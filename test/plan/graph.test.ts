import { describe, expect, it } from 'vitest';
import type { KeepRule } from '../../src/config/schema.js';
import { GLOBAL } from '../../src/providers/contract.js';
import { CALLER_LAST_REASON, buildPlan, fingerprintOf, type BuildPlanInput } from '../../src/plan/graph.js';
import { PlanError } from '../../src/plan/errors.js';
import { resolveSelection } from '../../src/plan/selection.js';
import { ACCOUNT, CALLER, NOW, SETTINGS, FakeCloud, addr, demoCloud, fakeRegistry, res } from './fakes.js';

const HZ = 'cn-hangzhou';

function planOf(
  cloud: FakeCloud,
  opts: {
    keep?: KeepRule[];
    only?: string[];
    exclude?: string[];
    resources?: BuildPlanInput['resources'];
    regionFilter?: BuildPlanInput['regionFilter'];
  } = {},
) {
  const registry = fakeRegistry(cloud);
  const selection = resolveSelection(registry, { only: opts.only, exclude: opts.exclude });
  return buildPlan({
    registry,
    resources: opts.resources ?? cloud.resources,
    selection,
    keepRules: opts.keep ?? [],
    caller: CALLER,
    settings: SETTINGS,
    now: NOW,
    toolVersion: '0.1.0',
    account: ACCOUNT,
    scope: { regions: [HZ], types: selection.selected },
    regionFilter: opts.regionFilter,
  });
}

const addresses = (xs: readonly { address: string }[]) => xs.map((x) => x.address);
const before = (order: string[], first: string, second: string) => {
  expect(order).toContain(first);
  expect(order).toContain(second);
  expect(order.indexOf(first)).toBeLessThan(order.indexOf(second));
};

describe('buildPlan', () => {
  it('with a region filter, leaves resources located elsewhere out even when their type is listed account-wide', () => {
    const cloud = demoCloud().add(res('oss.bucket', 'cn-shanghai', 'far-away'));
    expect(addresses(planOf(cloud).resources)).toContain('oss.bucket/cn-shanghai/far-away');
    const plan = planOf(cloud, { regionFilter: [HZ] });
    expect(addresses(plan.resources)).not.toContain('oss.bucket/cn-shanghai/far-away');
    expect(addresses(plan.resources)).toContain('oss.bucket/cn-hangzhou/assets');
    // Global resources are not in a region: the filter does not apply to them.
    expect(addresses(plan.resources)).toContain('ram.user/global/alice');
  });

  it('orders every resource after what must be gone before it, ties by address', () => {
    const plan = planOf(demoCloud());
    const order = addresses(plan.resources);
    expect(order).toEqual([
      'ecs.instance/cn-hangzhou/i-db',
      'ecs.instance/cn-hangzhou/i-web',
      'ecs.security-group/cn-hangzhou/sg-db',
      'ecs.security-group/cn-hangzhou/sg-web',
      'oss.bucket/cn-hangzhou/assets',
      'ram.access-key/global/LTAIalice',
      'ram.user/global/alice',
      'vpc.vswitch/cn-hangzhou/vsw-db',
      'vpc.vswitch/cn-hangzhou/vsw-web',
      'vpc.vpc/cn-hangzhou/vpc-1',
      'ram.access-key/global/LTAI5tDemoTeardownBot01',
      'ram.user/global/teardown-bot',
    ]);
    before(order, 'ecs.instance/cn-hangzhou/i-web', 'vpc.vswitch/cn-hangzhou/vsw-web');
    before(order, 'vpc.vswitch/cn-hangzhou/vsw-web', 'vpc.vpc/cn-hangzhou/vpc-1');
    const vpc = plan.resources.find((n) => n.id === 'vpc-1')!;
    expect(vpc.dependsOn).toEqual([
      { address: 'vpc.vswitch/cn-hangzhou/vsw-db', reason: 'vswitch in this VPC' },
      { address: 'vpc.vswitch/cn-hangzhou/vsw-web', reason: 'vswitch in this VPC' },
      { address: 'ecs.security-group/cn-hangzhou/sg-db', reason: 'security group in this VPC' },
      { address: 'ecs.security-group/cn-hangzhou/sg-web', reason: 'security group in this VPC' },
    ]);
    expect(plan.summary).toEqual({ toDestroy: 12, kept: 0, blocked: 0, gaps: 0 });
  });

  it('carries steps, fingerprints and plan metadata', () => {
    const plan = planOf(demoCloud());
    const web = plan.resources.find((n) => n.id === 'i-web')!;
    expect(web.steps.map((s) => s.action)).toEqual(['convert-to-postpaid', 'delete']);
    expect(web).toMatchObject({ type: 'ecs.instance', service: 'ecs', region: HZ, name: 'web' });
    expect(web.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(web.fingerprint).toBe(fingerprintOf(web.resource));
    expect(web.fingerprint).not.toBe(fingerprintOf({ ...web.resource, tags: { env: 'prod' } }));
    expect(plan).toMatchObject({
      formatVersion: 2,
      toolVersion: '0.1.0',
      createdAt: NOW.toISOString(),
      account: ACCOUNT,
      settings: SETTINGS,
    });
  });

  it('a kept instance protects its vswitch, security group and VPC, transitively, with reasons', () => {
    const plan = planOf(demoCloud(), { keep: [{ type: 'vpc.vpc', id: 'nothing-matches' }, { tag: { key: 'env', value: 'prod' } }] });
    expect(plan.kept).toEqual([
      expect.objectContaining({ address: 'ecs.instance/cn-hangzhou/i-db', name: 'db', reason: 'keep rule #2: tag env=prod' }),
    ]);
    const blocked = Object.fromEntries(plan.blocked.map((b) => [b.address, b]));
    expect(Object.keys(blocked)).toEqual([
      'ecs.security-group/cn-hangzhou/sg-db',
      'vpc.vpc/cn-hangzhou/vpc-1',
      'vpc.vswitch/cn-hangzhou/vsw-db',
    ]);
    expect(blocked['vpc.vswitch/cn-hangzhou/vsw-db']).toMatchObject({
      reason: 'ecs.instance/cn-hangzhou/i-db is kept and must be gone first: instance in this vswitch',
      blockedBy: ['ecs.instance/cn-hangzhou/i-db'],
    });
    expect(blocked['ecs.security-group/cn-hangzhou/sg-db']!.reason).toBe(
      'ecs.instance/cn-hangzhou/i-db is kept and must be gone first: instance in this security group',
    );
    expect(blocked['vpc.vpc/cn-hangzhou/vpc-1']).toMatchObject({
      reason: 'ecs.security-group/cn-hangzhou/sg-db is blocked and must be gone first: security group in this VPC',
      blockedBy: ['ecs.security-group/cn-hangzhou/sg-db', 'vpc.vswitch/cn-hangzhou/vsw-db'],
    });
    // The rest of the VPC still goes: blocking follows resources, not types.
    expect(addresses(plan.resources)).toContain('vpc.vswitch/cn-hangzhou/vsw-web');
    expect(addresses(plan.resources)).toContain('ecs.instance/cn-hangzhou/i-web');
    expect(plan.summary).toMatchObject({ toDestroy: 8, kept: 1, blocked: 3 });
  });

  it('a blocked step blocks the resource, and report-only types are always blocked', () => {
    const cloud = demoCloud()
      .add(
        res('oss.bucket', 'ap-southeast-1', 'compliance', {
          properties: { blockedBecause: 'WORM retention locked until 2036-01-01; wait or contact support' },
        }),
      )
      .add(res('domain.registration', GLOBAL, 'example-demo.com'));
    const plan = planOf(cloud);
    expect(plan.blocked).toEqual([
      expect.objectContaining({
        address: 'domain.registration/global/example-demo.com',
        reason: 'domain.registration is report-only: aliyun-teardown never deletes it',
      }),
      expect.objectContaining({
        address: 'oss.bucket/ap-southeast-1/compliance',
        reason: 'WORM retention locked until 2036-01-01; wait or contact support',
      }),
    ]);
    expect(plan.blocked[1]!.blockedBy).toBeUndefined();
    expect(addresses(plan.resources)).not.toContain('oss.bucket/ap-southeast-1/compliance');
  });

  it('resources outside the selection are not in the plan but block what needs them gone', () => {
    const plan = planOf(demoCloud(), { only: ['vpc'] });
    expect(plan.resources.every((n) => n.type.startsWith('vpc.'))).toBe(true);
    expect(plan.kept).toEqual([]);
    expect(addresses(plan.blocked)).toEqual([
      'vpc.vpc/cn-hangzhou/vpc-1',
      'vpc.vswitch/cn-hangzhou/vsw-db',
      'vpc.vswitch/cn-hangzhou/vsw-web',
    ]);
    expect(plan.blocked[2]!.reason).toBe(
      'ecs.instance/cn-hangzhou/i-web is outside the selection (--only/--exclude) and must be gone first: instance in this vswitch',
    );
    // The VPC is blocked by its own selected vswitches (reached first) and by the unselected groups.
    expect(plan.blocked[0]!.blockedBy).toEqual([
      'ecs.security-group/cn-hangzhou/sg-db',
      'ecs.security-group/cn-hangzhou/sg-web',
      'vpc.vswitch/cn-hangzhou/vsw-db',
      'vpc.vswitch/cn-hangzhou/vsw-web',
    ]);
    expect(plan.blocked[0]!.reason).toBe(
      'ecs.security-group/cn-hangzhou/sg-db is outside the selection (--only/--exclude) and must be gone first: security group in this VPC',
    );
    expect(plan.resources).toEqual([]);
  });

  it('an unselected resource matching a keep rule is neither kept nor destroyed', () => {
    const plan = planOf(demoCloud(), { exclude: ['ram', 'oss', 'vpc'], keep: [{ type: 'vpc.vpc' }] });
    expect(plan.kept).toEqual([]);
    expect(addresses(plan.resources).some((a) => a.startsWith('vpc.'))).toBe(false);
  });

  it("puts the caller's own credentials after every other node to destroy, not after kept or blocked ones", () => {
    const cloud = demoCloud().add(res('oss.bucket', HZ, 'locked', { properties: { blockedBecause: 'WORM locked' } }));
    const plan = planOf(cloud, { keep: [{ name: 'db' }] });
    const order = addresses(plan.resources);
    expect(order.slice(-2)).toEqual(['ram.access-key/global/LTAI5tDemoTeardownBot01', 'ram.user/global/teardown-bot']);
    const key = plan.resources.find((n) => n.id === 'LTAI5tDemoTeardownBot01')!;
    const user = plan.resources.find((n) => n.id === 'teardown-bot')!;
    expect(key.caller).toBe(true);
    expect(user.caller).toBe(true);
    expect(plan.resources.filter((n) => n.caller).length).toBe(2);
    const others = order.filter((a) => a !== key.address && a !== user.address);
    expect(key.dependsOn.map((d) => d.address).sort()).toEqual([...others].sort());
    expect(key.dependsOn.every((d) => d.reason === CALLER_LAST_REASON)).toBe(true);
    // The user keeps its own provider edge to its key, and the key is not duplicated by the caller rule.
    expect(user.dependsOn[0]).toEqual({ address: key.address, reason: 'access key of this user' });
    expect(user.dependsOn.filter((d) => d.address === key.address)).toHaveLength(1);
    for (const excluded of [...plan.kept, ...plan.blocked]) expect(key.dependsOn.map((d) => d.address)).not.toContain(excluded.address);
  });

  it('what needs a caller node gone first comes after it, instead of forming a cycle', () => {
    const cloud = new FakeCloud()
      .add(res('ram.access-key', GLOBAL, CALLER.accessKeyId, { properties: { userName: 'ops' } }))
      .add(res('ram.user', GLOBAL, 'ops'))
      .add(res('oss.bucket', HZ, 'assets'));
    const plan = planOf(cloud);
    expect(addresses(plan.resources)).toEqual([
      'oss.bucket/cn-hangzhou/assets',
      `ram.access-key/global/${CALLER.accessKeyId}`,
      'ram.user/global/ops',
    ]);
    expect(plan.resources[1]!.dependsOn).toEqual([{ address: 'oss.bucket/cn-hangzhou/assets', reason: CALLER_LAST_REASON }]);
  });

  it('ignores dependencies on addresses the scan did not find', () => {
    const plan = planOf(demoCloud());
    const vpc = plan.resources.find((n) => n.id === 'vpc-1')!;
    expect(vpc.dependsOn.map((d) => d.address)).not.toContain('vpc.route-table/cn-hangzhou/vtb-of-vpc-1');
    expect(plan.blocked).toEqual([]);
  });

  it('a cycle among resources to destroy is a PlanError naming the cycle', () => {
    const cloud = new FakeCloud()
      .add(res('ecs.security-group', HZ, 'sg-a', { properties: { referencesGroups: ['sg-b'] } }))
      .add(res('ecs.security-group', HZ, 'sg-b', { properties: { referencesGroups: ['sg-c'] } }))
      .add(res('ecs.security-group', HZ, 'sg-c', { properties: { referencesGroups: ['sg-a'] } }))
      .add(res('ecs.security-group', HZ, 'sg-z'));
    let error: unknown;
    try {
      planOf(cloud);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    const cycle = [
      'ecs.security-group/cn-hangzhou/sg-a',
      'ecs.security-group/cn-hangzhou/sg-c',
      'ecs.security-group/cn-hangzhou/sg-b',
      'ecs.security-group/cn-hangzhou/sg-a',
    ];
    expect((error as PlanError).cycle).toEqual(cycle);
    expect((error as PlanError).message).toBe(
      `the resources to destroy form a dependency cycle (each needs the next one gone first): ${cycle.join(' -> ')}`,
    );
  });

  it('a `touches` dependency blocks when its target is not destroyed, and never orders', async () => {
    const { fakeType, FakeCloud: Cloud } = await import('./fakes.js');
    const { createRegistry } = await import('../../src/providers/registry.js');
    const cloud = new Cloud()
      .add(res('ecs.security-group', HZ, 'sg-a', { properties: { touched: ['sg-b'] } }))
      .add(res('ecs.security-group', HZ, 'sg-b', { properties: { touched: ['sg-a'] } }))
      .add(res('ecs.security-group', HZ, 'sg-c', { properties: { touched: ['sg-kept'] } }))
      .add(res('ecs.security-group', HZ, 'sg-kept', { tags: { keep: 'yes' } }));
    const group = fakeType(cloud, {
      type: 'ecs.security-group',
      service: 'ecs',
      dependsOn: ['ecs.security-group'],
      dependencies: (r) =>
        (Array.isArray(r.properties.touched) ? (r.properties.touched as string[]) : []).map((id) => ({
          address: `ecs.security-group/${HZ}/${id}`,
          reason: 'group whose rules this one revokes',
          touches: true,
        })),
    });
    const registry = createRegistry([group]);
    const selection = resolveSelection(registry, {});
    const plan = buildPlan({
      registry,
      resources: cloud.resources,
      selection,
      keepRules: [{ tag: { key: 'keep' } }],
      caller: CALLER,
      settings: SETTINGS,
      now: NOW,
      toolVersion: '0.1.0',
      account: ACCOUNT,
      scope: { regions: [HZ], types: selection.selected },
    });
    // sg-a and sg-b touch each other: no cycle, no ordering edge between them.
    expect(addresses(plan.resources)).toEqual(['ecs.security-group/cn-hangzhou/sg-a', 'ecs.security-group/cn-hangzhou/sg-b']);
    // The touches go along in dependsOn, flagged, for apply to re-check; none is an ordering edge.
    expect(plan.resources.map((n) => n.dependsOn.map((d) => [d.address, d.touches]))).toEqual([
      [['ecs.security-group/cn-hangzhou/sg-b', true]],
      [['ecs.security-group/cn-hangzhou/sg-a', true]],
    ]);
    // sg-c would modify a kept group: it is blocked instead, naming it.
    expect(plan.blocked.map((b) => [b.address, b.blockedBy])).toEqual([
      ['ecs.security-group/cn-hangzhou/sg-c', ['ecs.security-group/cn-hangzhou/sg-kept']],
    ]);
    expect(plan.blocked[0]?.reason).toBe(
      'ecs.security-group/cn-hangzhou/sg-kept is kept and would be modified by its teardown: group whose rules this one revokes',
    );
  });

  it('a cycle broken by a keep rule is no error: the cycle is blocked instead', () => {
    const cloud = new FakeCloud()
      .add(res('ecs.security-group', HZ, 'sg-a', { properties: { referencesGroups: ['sg-b'] } }))
      .add(res('ecs.security-group', HZ, 'sg-b', { properties: { referencesGroups: ['sg-a'] } }));
    const plan = planOf(cloud, { keep: [{ id: 'sg-a' }] });
    expect(addresses(plan.kept)).toEqual(['ecs.security-group/cn-hangzhou/sg-a']);
    expect(plan.blocked).toEqual([
      expect.objectContaining({
        address: 'ecs.security-group/cn-hangzhou/sg-b',
        reason: 'ecs.security-group/cn-hangzhou/sg-a is kept and must be gone first: security group whose rules reference this one',
      }),
    ]);
  });

  it('is deterministic: the scan order does not change the plan', () => {
    const cloud = demoCloud();
    const a = planOf(cloud, { keep: [{ tag: { key: 'env', value: 'prod' } }] });
    const shuffled = [...cloud.resources].reverse();
    const rotated = [...cloud.resources.slice(5), ...cloud.resources.slice(0, 5)];
    expect(planOf(cloud, { keep: [{ tag: { key: 'env', value: 'prod' } }], resources: shuffled })).toEqual(a);
    expect(planOf(cloud, { keep: [{ tag: { key: 'env', value: 'prod' } }], resources: rotated })).toEqual(a);
    expect(JSON.stringify(planOf(cloud, { keep: [{ tag: { key: 'env', value: 'prod' } }] }))).toBe(JSON.stringify(a));
  });

  it('counts duplicates of one address once', () => {
    const cloud = demoCloud();
    const plan = planOf(cloud, { resources: [...cloud.resources, res('vpc.vswitch', HZ, 'vsw-web', { properties: { vpcId: 'vpc-1' } })] });
    expect(addresses(plan.resources).filter((a) => a === addr('vpc.vswitch', HZ, 'vsw-web'))).toHaveLength(1);
  });
});
