import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan, type ApplyOptions } from '../../src/apply/executor.js';
import { CloudApiError } from '../../src/cloud/errors.js';
import type { ApplyEvent } from '../../src/apply/events.js';
import { Journal } from '../../src/apply/journal.js';
import { applyExitCode } from '../../src/apply/report.js';
import { readThroughListing } from '../../src/providers/batch-read.js';
import { DEFAULT_SETTINGS, type PlanningContext, type Resource, type ResourceType } from '../../src/providers/contract.js';
import {
  CALLER,
  cloudError,
  createRegistry,
  fakeType,
  FakeCloud,
  fastTiming,
  makePlan,
  readWriteClients,
  resource,
  silentLog,
  type NodeSpec,
} from './fake-cloud.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(
  types: (cloud: FakeCloud) => ResourceType[] = (c) => [
    fakeType(c, { type: 'ecs.instance', service: 'ecs', hints: { 'InvalidOperation.DeletionProtection': 'turn off deletion protection' } }),
    fakeType(c, { type: 'vpc.vswitch', service: 'vpc' }),
    fakeType(c, { type: 'vpc.vpc', service: 'vpc' }),
  ],
) {
  const cloud = new FakeCloud();
  const registry = createRegistry(types(cloud));
  const events: ApplyEvent[] = [];
  const controller = new AbortController();
  const timing = fastTiming();
  const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
    registry,
    clients: readWriteClients(),
    caller: CALLER,
    settings: DEFAULT_SETTINGS,
    signal: controller.signal,
    log: silentLog,
    journal: Journal.inMemory(),
    onEvent: (e) => events.push(e),
    timing,
    ...extra,
  });
  return { cloud, events, controller, timing, options };
}

const inst = (id: string, region?: string) => resource('ecs.instance', id, region);
const vsw = (id: string) => resource('vpc.vswitch', id);
const vpc = (id: string) => resource('vpc.vpc', id);
const addr = (r: { type: string; region: string; id: string }) => `${r.type}/${r.region}/${r.id}`;

/** Like the real ram.access-key: the key signing the run is the caller, and refused unless deleteCallerAccessKey. */
function callerKeyType(c: FakeCloud): ResourceType {
  return {
    ...fakeType(c, { type: 'ram.access-key', service: 'ram' }),
    isCaller: (r, caller) => r.id === caller.accessKeyId,
    steps: (r, ctx) => [
      {
        action: 'delete',
        description: 'delete the key',
        blocked: r.id === ctx.caller.accessKeyId && !ctx.settings.deleteCallerAccessKey ? 'the teardown runs with this key' : undefined,
      },
    ],
  };
}

describe('applyPlan', () => {
  it('deletes in dependency order: nothing is deleted before what must go first', async () => {
    const { cloud, options } = setup();
    const v = vpc('vpc-1');
    const s1 = vsw('vsw-1');
    const s2 = vsw('vsw-2');
    const i1 = inst('i-1');
    const i2 = inst('i-2');
    cloud.add(v, [addr(s1), addr(s2)]);
    cloud.add(s1, [addr(i1)]);
    cloud.add(s2, [addr(i2)]);
    cloud.add(i1);
    cloud.add(i2);
    // Plan order deliberately reversed: the DAG, not the list, decides.
    const plan = makePlan([
      { r: v, dependsOn: [addr(s1), addr(s2)] },
      { r: s1, dependsOn: [addr(i1)] },
      { r: s2, dependsOn: [addr(i2)] },
      { r: i1 },
      { r: i2 },
    ]);
    const report = await applyPlan(plan, options());
    expect(report.deleted).toEqual([addr(i1), addr(i2), addr(v), addr(s1), addr(s2)].sort());
    expect(cloud.dependencyViolations).toBe(0);
    const at = (a: string) => cloud.deletedOrder.indexOf(a);
    expect(at(addr(i1))).toBeLessThan(at(addr(s1)));
    expect(at(addr(i2))).toBeLessThan(at(addr(s2)));
    expect(at(addr(s1))).toBeLessThan(at(addr(v)));
    expect(at(addr(s2))).toBeLessThan(at(addr(v)));
    expect(applyExitCode(report)).toBe(0);
  });

  it('never exceeds the global and per-service caps on calls in flight', async () => {
    const { cloud, options } = setup();
    const specs: NodeSpec[] = [];
    for (let i = 0; i < 16; i++) specs.push({ r: cloud.add(inst(`i-${i}`)) });
    for (let i = 0; i < 8; i++) specs.push({ r: cloud.add(vsw(`vsw-${i}`)) });
    const report = await applyPlan(makePlan(specs), options({ concurrency: { global: 4, perService: { ecs: 2 } } }));
    expect(report.counts.deleted).toBe(24);
    expect(cloud.maxInFlight).toBe(4);
    expect(cloud.maxByService.get('ecs')).toBe(2);
    expect(cloud.maxByService.get('vpc')).toBeLessThanOrEqual(4);
  });

  it('skips only the dependents of a failed node; independent work completes', async () => {
    const { cloud, options } = setup();
    const i1 = cloud.add(inst('i-1'));
    const s1 = cloud.add(vsw('vsw-1'), [addr(i1)]);
    const v1 = cloud.add(vpc('vpc-1'), [addr(s1)]);
    const i2 = cloud.add(inst('i-2'));
    cloud.fail(addr(i1), 'delete', cloudError('InvalidOperation.DeletionProtection', { requestId: 'RID-1' }));
    const report = await applyPlan(
      makePlan([{ r: i1 }, { r: s1, dependsOn: [addr(i1)] }, { r: v1, dependsOn: [addr(s1)] }, { r: i2 }]),
      options(),
    );
    expect(report.deleted).toEqual([addr(i2)]);
    expect(report.failed).toEqual([
      {
        address: addr(i1),
        step: 'delete',
        code: 'InvalidOperation.DeletionProtection',
        kind: 'permanent',
        message: 'fake InvalidOperation.DeletionProtection',
        requestId: 'RID-1',
        hint: 'turn off deletion protection',
      },
    ]);
    // Sorted by address: vpc.vpc before vpc.vswitch.
    expect(report.skipped).toEqual([
      { address: addr(v1), reason: `upstream ${addr(s1)} skipped`, blockedBy: addr(i1) },
      { address: addr(s1), reason: `upstream ${addr(i1)} failed`, blockedBy: addr(i1) },
    ]);
    expect(cloud.runs(addr(s1))).toEqual([]);
    expect(cloud.runs(addr(v1))).toEqual([]);
    // A permanent error is not retried.
    expect(cloud.runs(addr(i1))).toHaveLength(1);
    expect(applyExitCode(report)).toBe(3);
  });

  it('counts a gone error during the deleting step as success', async () => {
    const { cloud, options } = setup();
    const i1 = cloud.add(inst('i-1'));
    cloud.fail(addr(i1), 'delete', cloudError('InvalidInstanceId.NotFound'));
    // Someone else deleted it between our re-read and our delete call.
    cloud.onRun = (a) => {
      if (a === addr(i1)) cloud.resources.delete(a);
    };
    const report = await applyPlan(makePlan([{ r: i1 }]), options());
    expect(report.deleted).toEqual([addr(i1)]);
    expect(report.failed).toEqual([]);
  });

  it('makes no mutating call for a resource already gone at re-read', async () => {
    const { cloud, options, events } = setup();
    const i1 = inst('i-1'); // never added to the cloud
    const report = await applyPlan(makePlan([{ r: i1 }]), options());
    expect(report.alreadyGone).toEqual([addr(i1)]);
    expect(cloud.runs()).toEqual([]);
    expect(events).toContainEqual({ type: 'node', address: addr(i1), state: 'deleted', reason: 'already gone' });
    expect(applyExitCode(report)).toBe(0);
  });

  it('skips a resource that changed since the plan, and its dependents', async () => {
    const { cloud, options } = setup();
    const i1 = cloud.add(inst('i-1'));
    cloud.resources.set(addr(i1), { ...i1, tags: { keep: 'true' } });
    const s1 = cloud.add(vsw('vsw-1'), [addr(i1)]);
    const i2 = cloud.add(inst('i-2'));
    const report = await applyPlan(
      makePlan([{ r: i1 }, { r: s1, dependsOn: [addr(i1)] }, { r: i2 }]),
      options({ stillWanted: (fresh) => (fresh.tags?.keep === 'true' ? 'tag keep=true now matches keep rule #1' : undefined) }),
    );
    expect(report.skipped).toEqual([
      { address: addr(i1), reason: 'tag keep=true now matches keep rule #1', blockedBy: undefined },
      { address: addr(s1), reason: `upstream ${addr(i1)} skipped`, blockedBy: addr(i1) },
    ]);
    expect(cloud.runs(addr(i1))).toEqual([]);
    expect(report.deleted).toEqual([addr(i2)]);
  });

  it('skips a resource renamed, retagged or given a new attachment since the plan; attachments that went away are expected', async () => {
    const { cloud, options } = setup((c) => [fakeType(c, { type: 'ram.user', service: 'ram', attachmentProperties: ['groups'] })]);
    const user = (id: string, extra: Partial<Resource> = {}) => resource('ram.user', id, 'global', { name: id, ...extra });
    const renamed = cloud.add(user('u-renamed'));
    cloud.resources.set(addr(renamed), { ...renamed, name: 'u-new-name' });
    const retagged = cloud.add(user('u-retagged'));
    cloud.resources.set(addr(retagged), { ...retagged, tags: { owner: 'ops' } });
    const joined = cloud.add(user('u-joined', { properties: { groups: ['devs'] } }));
    cloud.resources.set(addr(joined), { ...joined, properties: { groups: ['devs', 'admins'] } });
    const left = cloud.add(user('u-left', { properties: { groups: ['devs'] } }));
    cloud.resources.set(addr(left), { ...left, properties: { groups: [] } });
    const report = await applyPlan(makePlan([{ r: renamed }, { r: retagged }, { r: joined }, { r: left }]), options());
    expect(report.skipped.map((s) => [s.address, s.reason])).toEqual([
      [addr(joined), 'changed since the plan was made: groups now also has admins'],
      [addr(renamed), 'changed since the plan was made: renamed from u-renamed to u-new-name'],
      [addr(retagged), 'changed since the plan was made: tags were (none), now owner=ops'],
    ]);
    expect(report.deleted).toEqual([addr(left)]);
    expect([renamed, retagged, joined].flatMap((r) => cloud.runs(addr(r)))).toEqual([]);
  });

  it('a resource kept since the plan keeps what its teardown would modify or what goes with it, as the planner would have', async () => {
    const { cloud, options } = setup((c) => [
      fakeType(c, { type: 'ecs.instance', service: 'ecs' }),
      fakeType(c, { type: 'vpc.eip', service: 'vpc' }),
      fakeType(c, { type: 'ecs.network-interface', service: 'ecs' }),
      fakeType(c, { type: 'ecs.disk', service: 'ecs' }),
    ]);
    const i1 = cloud.add(inst('i-1'));
    cloud.resources.set(addr(i1), { ...i1, tags: { keep: 'true' } });
    const eip = cloud.add(resource('vpc.eip', 'eip-1'));
    const eni = cloud.add(resource('ecs.network-interface', 'eni-1'));
    const disk = cloud.add(resource('ecs.disk', 'd-1'), [addr(i1)]);
    const other = cloud.add(resource('vpc.eip', 'eip-2'));
    const plan = makePlan([
      {
        r: eip,
        steps: [
          { action: 'unassociate', description: '' },
          { action: 'release', description: '' },
        ],
        guards: [{ address: addr(i1), reason: 'instance this EIP is associated with', touches: true }],
      },
      { r: eni, guards: [{ address: addr(i1), reason: 'instance this interface is attached to', touches: true }] },
      { r: other },
      { r: i1 },
      { r: disk, dependsOn: [addr(i1)] },
    ]);
    const report = await applyPlan(
      plan,
      options({
        stillWanted: (fresh) => (fresh.tags?.keep === 'true' ? 'kept since the plan was made: keep rule #1: tag keep=true' : undefined),
      }),
    );
    expect(report.skipped.map((s) => [s.address, s.reason, s.blockedBy])).toEqual([
      [addr(disk), `upstream ${addr(i1)} skipped`, addr(i1)],
      [addr(i1), 'kept since the plan was made: keep rule #1: tag keep=true', undefined],
      [
        addr(eni),
        `${addr(i1)} will not be destroyed (kept since the plan was made: keep rule #1: tag keep=true) and would be modified by its teardown: instance this interface is attached to`,
        addr(i1),
      ],
      [
        addr(eip),
        `${addr(i1)} will not be destroyed (kept since the plan was made: keep rule #1: tag keep=true) and would be modified by its teardown: instance this EIP is associated with`,
        addr(i1),
      ],
    ]);
    // No mutating call named the kept instance or what it holds.
    for (const r of [i1, eip, eni, disk]) expect(cloud.runs(addr(r))).toEqual([]);
    expect(report.deleted).toEqual([addr(other)]);
  });

  it('batches a batchable step per type and region in groups of at most N', async () => {
    const { cloud, options } = setup((c) => [fakeType(c, { type: 'ecs.instance', service: 'ecs', batch: true })]);
    const specs: NodeSpec[] = [];
    for (let i = 0; i < 7; i++)
      specs.push({ r: cloud.add(inst(`i-${i}`)), steps: [{ action: 'delete', description: 'delete', batch: 3 }] });
    specs.push({ r: cloud.add(inst('i-other', 'cn-beijing')), steps: [{ action: 'delete', description: 'delete', batch: 3 }] });
    const report = await applyPlan(makePlan(specs), options());
    expect(report.counts.deleted).toBe(8);
    const batches = cloud.calls.filter((c) => c.op === 'batch');
    expect(batches.every((b) => (b.size ?? 0) <= 3)).toBe(true);
    expect(batches.map((b) => b.size).sort()).toEqual([1, 1, 3, 3]);
    expect(cloud.calls.filter((c) => c.op === 'run')).toEqual([]);
  });

  it('retries the resources of a batch that hit a retryable error, and fails the ones with permanent errors', async () => {
    const { cloud, options } = setup((c) => [fakeType(c, { type: 'ecs.instance', service: 'ecs', batch: true })]);
    const i1 = cloud.add(inst('i-1'));
    const i2 = cloud.add(inst('i-2'));
    const i3 = cloud.add(inst('i-3'));
    const blocker = 'ecs.instance/cn-hangzhou/not-in-plan';
    cloud.resources.set(blocker, inst('not-in-plan'));
    cloud.mustBeGoneFirst.set(addr(i2), [blocker]);
    cloud.mustBeGoneFirst.set(addr(i3), ['vpc.vpc/cn-hangzhou/forever']);
    cloud.resources.set('vpc.vpc/cn-hangzhou/forever', vpc('forever'));
    let batchCalls = 0;
    cloud.onRun = () => {
      if (++batchCalls === 2) cloud.resources.delete(blocker); // i-2's obstacle clears after one retry
    };
    const steps = [{ action: 'delete', description: 'delete', batch: 10 }];
    const report = await applyPlan(
      makePlan([
        { r: i1, steps },
        { r: i2, steps },
        { r: i3, steps },
      ]),
      options({ timing: { ...fastTiming(), deleteTimeoutMs: 60_000 } }),
    );
    expect(report.deleted).toEqual([addr(i1), addr(i2)]);
    expect(report.failed.map((f) => [f.address, f.code, f.kind])).toEqual([[addr(i3), 'DependencyViolation', 'dependency']]);
    const sizes = cloud.calls.filter((c) => c.op === 'batch').map((c) => c.size);
    expect(sizes.slice(0, 2)).toEqual([3, 2]);
  });

  it('falls back to one call per resource when a whole batch fails with not-found', async () => {
    const { cloud, options } = setup((c) => [fakeType(c, { type: 'ecs.instance', service: 'ecs', batch: true })]);
    const steps = [{ action: 'delete', description: 'delete', batch: 10 }];
    const [i1, i2, i3] = ['i-1', 'i-2', 'i-3'].map((id) => cloud.add(inst(id)));
    if (!i1 || !i2 || !i3) throw new Error('setup');
    // ECS DeleteInstances rejects the whole call when one id is gone; which one is not said.
    cloud.fail(addr(i1), 'delete', cloudError('InvalidInstanceId.NotFound'));
    cloud.onRun = (a, action) => {
      if (action === 'delete' && a === addr(i1)) cloud.resources.delete(addr(i2));
    };
    const report = await applyPlan(
      makePlan([
        { r: i1, steps },
        { r: i2, steps },
        { r: i3, steps },
      ]),
      options(),
    );
    expect(report.failed).toEqual([]);
    expect(report.deleted).toEqual([addr(i1), addr(i2), addr(i3)]);
    expect(cloud.runs().map((c) => [c.op, c.address, c.size])).toEqual([
      ['batch', addr(i1), 3],
      ['run', addr(i1), undefined],
      ['run', addr(i2), undefined],
      ['run', addr(i3), undefined],
    ]);
  });

  it('skips the nodes of a dependency cycle instead of hanging', async () => {
    const { cloud, options } = setup();
    const a = cloud.add(vsw('vsw-a'));
    const b = cloud.add(vsw('vsw-b'));
    const i1 = cloud.add(inst('i-1'));
    const report = await applyPlan(makePlan([{ r: a, dependsOn: [addr(b)] }, { r: b, dependsOn: [addr(a)] }, { r: i1 }]), options());
    expect(report.deleted).toEqual([addr(i1)]);
    expect(report.skipped.map((x) => x.address)).toEqual([addr(a), addr(b)]);
    expect(report.skipped[0]?.reason).toMatch(/dependency cycle/);
    expect(cloud.runs(addr(a))).toEqual([]);
  });

  it('gives providers waitUntil and progress, and waits until the deletion is visible', async () => {
    let polls = 0;
    const { cloud, options, events } = setup((c) => [
      fakeType(c, {
        type: 'ecs.instance',
        service: 'ecs',
        onStep: async (step, r, ctx) => {
          if (step.action !== 'stop') return;
          ctx.progress('stopping i-1');
          await ctx.waitUntil('instance i-1 to be Stopped', async () => ++polls >= 3);
        },
      }),
    ]);
    const i1 = cloud.add(inst('i-1'));
    cloud.lingering.set(addr(i1), 2);
    const report = await applyPlan(
      makePlan([
        {
          r: i1,
          steps: [
            { action: 'stop', description: 'stop it' },
            { action: 'delete', description: 'delete it' },
          ],
        },
      ]),
      options(),
    );
    expect(report.deleted).toEqual([addr(i1)]);
    expect(polls).toBe(3);
    expect(events).toContainEqual({ type: 'progress', address: addr(i1), message: 'stopping i-1' });
    expect(events).toContainEqual({ type: 'waiting', address: addr(i1), what: 'instance i-1 to be Stopped (up to 10 min)' });
    expect(events).toContainEqual({ type: 'waiting', address: addr(i1), what: 'ecs.instance i-1 to be deleted' });
    const states = events.filter((e) => e.type === 'node').map((e) => (e.type === 'node' ? e.state : ''));
    expect(states).toEqual(['running', 'waiting', 'deleted']);
    // re-read, then polls until the lingering resource disappears.
    expect(cloud.reads(addr(i1)).length).toBe(4);
  });

  it('fails a node whose deletion never becomes visible, with a wait-timeout hint', async () => {
    const { cloud, options } = setup((c) => [fakeType(c, { type: 'ecs.instance', service: 'ecs', deleteTimeoutMs: 60_000 })]);
    const i1 = cloud.add(inst('i-1'));
    cloud.lingering.set(addr(i1), Number.POSITIVE_INFINITY);
    const report = await applyPlan(makePlan([{ r: i1 }]), options());
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.code).toBe('WaitTimeout');
    expect(report.failed[0]?.message).toBe('still waiting for ecs.instance i-1 to be deleted after 60 s');
    expect(report.failed[0]?.hint).toMatch(/did not become visible in time/);
  });

  it('retries a throttled step, honouring the retry event', async () => {
    const { cloud, options, events } = setup();
    const i1 = cloud.add(inst('i-1'));
    cloud.fail(addr(i1), 'delete', cloudError('Throttling.User'), cloudError('Throttling.User'));
    const report = await applyPlan(makePlan([{ r: i1 }]), options());
    expect(report.deleted).toEqual([addr(i1)]);
    expect(cloud.runs(addr(i1))).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });

  it('runs caller nodes last, and skips them when anything else was not deleted', async () => {
    const { cloud, options } = setup((c) => [
      fakeType(c, { type: 'ecs.instance', service: 'ecs' }),
      fakeType(c, { type: 'ram.access-key', service: 'ram' }),
    ]);
    const i1 = cloud.add(inst('i-1'));
    const key = cloud.add(resource('ram.access-key', CALLER.accessKeyId, 'global'));
    cloud.fail(addr(i1), 'delete', cloudError('ChargeTypeViolation'));
    const report = await applyPlan(makePlan([{ r: key, caller: true }, { r: i1 }]), options());
    expect(report.skipped).toEqual([{ address: addr(key), reason: `upstream ${addr(i1)} failed`, blockedBy: addr(i1) }]);
    expect(cloud.calls.filter((c) => c.address === addr(key))).toEqual([]);

    const second = setup((c) => [
      fakeType(c, { type: 'ecs.instance', service: 'ecs' }),
      fakeType(c, { type: 'ram.access-key', service: 'ram' }),
    ]);
    const j1 = second.cloud.add(inst('i-1'));
    const k2 = second.cloud.add(resource('ram.access-key', CALLER.accessKeyId, 'global'));
    await applyPlan(makePlan([{ r: k2, caller: true }, { r: j1 }]), second.options());
    expect(second.cloud.deletedOrder).toEqual([addr(j1), addr(k2)]);
  });

  it("sends nothing after deleting the caller's own key: it is not read back", async () => {
    const { cloud, options } = setup((c) => [callerKeyType(c)]);
    const key = cloud.add(resource('ram.access-key', CALLER.accessKeyId, 'global'));
    const report = await applyPlan(
      makePlan([{ r: key, caller: true }]),
      options({ settings: { ...DEFAULT_SETTINGS, deleteCallerAccessKey: true } }),
    );
    expect(report.deleted).toEqual([addr(key)]);
    const ops = cloud.calls.filter((c) => c.address === addr(key)).map((c) => c.op);
    // One read before mutating (is it still there?), the delete, and nothing after it.
    expect(ops[ops.length - 1]).not.toBe('read');
    expect(cloud.reads(addr(key))).toHaveLength(1);
  });

  it('vets a resource once for all who ask at the same time: a user with three keys is read once for them and once before its own deletion', async () => {
    const { cloud, options } = setup((c) => [
      { ...fakeType(c, { type: 'ram.user', service: 'ram' }), deletedWhenAnswered: true },
      { ...fakeType(c, { type: 'ram.access-key', service: 'ram' }), deletedWhenAnswered: true },
    ]);
    const user = cloud.add(resource('ram.user', 'u-1', 'global'));
    const keys = ['k-1', 'k-2', 'k-3'].map((id) => cloud.add(resource('ram.access-key', id, 'global')));
    const report = await applyPlan(
      makePlan([
        ...keys.map((k) => ({ r: k, guards: [{ address: addr(user), reason: 'key of this user', keptWith: true }] })),
        { r: user, dependsOn: keys.map(addr) },
      ]),
      options(),
    );
    expect([...report.deleted].sort()).toEqual([user, ...keys].map(addr).sort());
    expect(cloud.reads(addr(user))).toHaveLength(2);
  });

  it('a kept user found by the shared vetting read still keeps all three of its keys', async () => {
    const { cloud, options } = setup((c) => [
      { ...fakeType(c, { type: 'ram.user', service: 'ram' }), deletedWhenAnswered: true },
      { ...fakeType(c, { type: 'ram.access-key', service: 'ram' }), deletedWhenAnswered: true },
    ]);
    const user = cloud.add(resource('ram.user', 'u-1', 'global'));
    cloud.resources.set(addr(user), { ...user, tags: { keep: 'true' } });
    const keys = ['k-1', 'k-2', 'k-3'].map((id) => cloud.add(resource('ram.access-key', id, 'global')));
    const report = await applyPlan(
      makePlan([
        ...keys.map((k) => ({ r: k, guards: [{ address: addr(user), reason: 'key of this user', keptWith: true }] })),
        { r: user, dependsOn: keys.map(addr) },
      ]),
      options({ stillWanted: (fresh) => (fresh.tags?.keep === 'true' ? 'tag keep=true now matches keep rule #1' : undefined) }),
    );
    expect(report.deleted).toEqual([]);
    expect(report.skipped.map((s) => s.address).sort()).toEqual([user, ...keys].map(addr).sort());
    expect(cloud.runs()).toEqual([]);
    expect(cloud.reads(addr(user))).toHaveLength(1);
  });

  it('does not read back a resource whose synchronous delete answered success in this run', async () => {
    const { cloud, options } = setup((c) => [{ ...fakeType(c, { type: 'ram.user', service: 'ram' }), deletedWhenAnswered: true }]);
    const u1 = cloud.add(resource('ram.user', 'alice', 'global'));
    const report = await applyPlan(makePlan([{ r: u1 }]), options());
    expect(report.deleted).toEqual([addr(u1)]);
    // The re-read before mutating, the delete, and no wait: its answer already said gone.
    expect(cloud.calls.filter((c) => c.address === addr(u1)).map((c) => c.op)).toEqual(['read', 'run']);
  });

  it('still waits for a synchronous type when the delete was answered in an earlier run, not this one', async () => {
    const { cloud, options } = setup((c) => [{ ...fakeType(c, { type: 'ram.user', service: 'ram' }), deletedWhenAnswered: true }]);
    const u1 = cloud.add(resource('ram.user', 'alice', 'global'));
    const journal = Journal.inMemory();
    journal.append({ event: 'step-done', address: addr(u1), step: 'delete' });
    // The journal says deleted, yet the re-read finds it: only a read confirms it is gone now.
    cloud.onRun = () => undefined;
    let reads = 0;
    const origRead = cloud.read.bind(cloud);
    cloud.read = (a: string) => (++reads >= 2 && a === addr(u1) ? undefined : origRead(a));
    const report = await applyPlan(makePlan([{ r: u1 }]), options({ journal }));
    expect(report.deleted).toEqual([addr(u1)]);
    expect(cloud.runs(addr(u1))).toEqual([]);
    expect(cloud.reads(addr(u1)).length).toBeGreaterThanOrEqual(2);
  });

  describe('a saved plan applied by another caller than the one that made it', () => {
    const ALICE = { ...CALLER, arn: 'acs:ram::1234567890123456:user/alice', accessKeyId: 'LTAIalice', ramUserName: 'alice' };
    const types = (c: FakeCloud) => [
      fakeType(c, { type: 'ecs.instance', service: 'ecs' }),
      callerKeyType(c),
      {
        ...fakeType(c, { type: 'ram.user', service: 'ram' }),
        // As the real ram.user: the user the teardown runs as cannot be deleted by it.
        steps: (r: Resource, ctx: PlanningContext) => [
          {
            action: 'delete',
            description: 'delete the user',
            blocked: ctx.caller.ramUserName === r.id ? 'the teardown runs as this user' : undefined,
          },
        ],
      },
      fakeType(c, { type: 'ram.policy', service: 'ram' }),
    ];
    /** Planned by CALLER: alice's key and user are ordinary nodes, her policy waits for her user. */
    function alicePlan(cloud: FakeCloud) {
      const i1 = cloud.add(inst('i-1'));
      const key = cloud.add(resource('ram.access-key', ALICE.accessKeyId, 'global'));
      const user = cloud.add(resource('ram.user', 'alice', 'global'), [addr(key)]);
      const policy = cloud.add(resource('ram.policy', 'alice-only', 'global'), [addr(user)]);
      const plan = makePlan([{ r: i1 }, { r: key }, { r: user, dependsOn: [addr(key)] }, { r: policy, dependsOn: [addr(user)] }]);
      return { i1, key, user, policy, plan };
    }

    it('keeps the key signing this run and its user, and what waits for them, touching none of them', async () => {
      const { cloud, options } = setup(types);
      const { i1, key, user, policy, plan } = alicePlan(cloud);
      const report = await applyPlan(plan, options({ caller: ALICE }));
      expect(report.deleted).toEqual([addr(i1)]);
      expect(report.skipped.map((s) => s.address).sort()).toEqual([addr(key), addr(policy), addr(user)].sort());
      const keySkip = report.skipped.find((s) => s.address === addr(key))!;
      expect(keySkip.reason).toContain('the teardown runs with this key');
      expect(keySkip.reason).toContain(`this apply runs as ${ALICE.arn}, not as the plan's ${CALLER.arn}`);
      expect(report.skipped.find((s) => s.address === addr(user))!.reason).toContain('the teardown runs as this user');
      for (const r of [key, user, policy]) expect(cloud.calls.filter((c) => c.address === addr(r))).toEqual([]);
    });

    it('with deleteCallerAccessKey, deletes that key after everything else, and never reads it back', async () => {
      const { cloud, options } = setup(types);
      const { i1, key, user, plan } = alicePlan(cloud);
      const report = await applyPlan(plan, options({ caller: ALICE, settings: { ...DEFAULT_SETTINGS, deleteCallerAccessKey: true } }));
      expect(cloud.deletedOrder).toEqual([addr(i1), addr(key)]);
      expect(report.skipped.map((s) => s.address)).toContain(addr(user));
      const ops = cloud.calls.filter((c) => c.address === addr(key)).map((c) => c.op);
      expect(ops[ops.length - 1]).not.toBe('read');
    });
  });

  it('stops cleanly when the journal cannot be written any more, and says what was done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apply-journal-'));
    dirs.push(dir);
    const { cloud, options } = setup();
    const v = cloud.add(vpc('vpc-1'));
    const s1 = cloud.add(vsw('vsw-1'), [addr(inst('i-1'))]);
    const i1 = cloud.add(inst('i-1'));
    const journal = Journal.open(dir);
    const plan = makePlan([{ r: i1 }, { r: s1, dependsOn: [addr(i1)] }, { r: v, dependsOn: [addr(s1)] }]);
    const report = await applyPlan(
      plan,
      options({
        journal,
        onEvent: (e) => {
          // The journal file is replaced by a directory once the first resource is gone.
          if (e.type === 'node' && e.state === 'deleted' && e.address === addr(i1)) {
            rmSync(journal.file!);
            mkdirSync(journal.file!);
          }
        },
      }),
    );
    expect(report.journalFailure).toEqual({ file: journal.file, code: 'EISDIR' });
    expect(report.deleted).toEqual([addr(i1)]);
    expect(report.unfinished.map((u) => u.address).sort()).toEqual([addr(s1), addr(v)].sort());
    // Nothing was changed after the failure.
    expect(cloud.runs(addr(s1))).toEqual([]);
    expect(cloud.runs(addr(v))).toEqual([]);
    expect(applyExitCode(report)).toBe(5);
  });

  it('resumes from the journal: deleted nodes untouched, done steps not redone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apply-journal-'));
    dirs.push(dir);
    const steps = [
      { action: 'disable-deletion-protection', description: 'turn protection off' },
      { action: 'delete', description: 'delete' },
    ];
    const first = setup();
    const i1 = first.cloud.add(inst('i-1'));
    const i2 = first.cloud.add(inst('i-2'));
    const plan = makePlan([
      { r: i1, steps },
      { r: i2, steps },
    ]);
    first.cloud.fail(addr(i2), 'delete', cloudError('OperationDenied'));
    const report1 = await applyPlan(plan, first.options({ journal: Journal.open(dir) }));
    expect(report1.deleted).toEqual([addr(i1)]);
    expect(report1.failed.map((f) => f.address)).toEqual([addr(i2)]);

    // The same account, still holding i-2; a fresh process reopens the journal.
    const second = setup();
    second.cloud.add(i2);
    const report2 = await applyPlan(plan, second.options({ journal: Journal.open(dir) }));
    expect(report2.deletedBefore).toEqual([addr(i1)]);
    expect(report2.deleted).toEqual([addr(i2)]);
    // i-1 is only read back, to confirm the journal: it is gone.
    expect(second.cloud.calls.filter((c) => c.address === addr(i1)).map((c) => c.op)).toEqual(['read']);
    expect(second.cloud.runs(addr(i2)).map((c) => c.action)).toEqual(['delete']);
    expect(applyExitCode(report2)).toBe(0);
  });

  it('calls nothing for a side effect: it counts as destroyed once it is gone after its owner, and a wait that times out is a failure', async () => {
    const { cloud, options } = setup((c) => [
      fakeType(c, { type: 'ecs.instance', service: 'ecs' }),
      fakeType(c, { type: 'ecs.disk', service: 'ecs', deleteTimeoutMs: 60_000 }),
    ]);
    const i1 = cloud.add(inst('i-1'));
    const sys = cloud.add(resource('ecs.disk', 'd-sys'));
    const stuck = cloud.add(resource('ecs.disk', 'd-stuck'));
    cloud.onRun = (a, action) => {
      // Deleting the instance releases its system disk (the stuck one lingers forever).
      if (a === addr(i1) && action === 'delete') cloud.resources.delete(addr(sys));
    };
    cloud.lingering.set(addr(stuck), Number.POSITIVE_INFINITY);
    const released = { action: 'released-with-owner', description: `released with ${addr(i1)}` };
    const base = makePlan([
      { r: i1 },
      { r: sys, dependsOn: [addr(i1)], steps: [released] },
      { r: stuck, dependsOn: [addr(i1)], steps: [released] },
    ]);
    const plan = { ...base, resources: base.resources.map((n) => (n.type === 'ecs.disk' ? { ...n, releasedWith: addr(i1) } : n)) };
    const report = await applyPlan(plan, options());
    expect(report.deleted).toEqual([addr(sys), addr(i1)]);
    expect(report.failed.map((f) => [f.address, f.code])).toEqual([[addr(stuck), 'WaitTimeout']]);
    expect(cloud.calls.filter((c) => c.op !== 'read').map((c) => c.address)).toEqual([addr(i1)]);
  });

  it('does not count what an earlier run deleted when it exists again: skipped and untouched, with the way out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apply-journal-'));
    dirs.push(dir);
    const first = setup();
    const i1 = first.cloud.add(inst('i-1'));
    const s1 = first.cloud.add(vsw('vsw-1'), [addr(i1)]);
    const plan = makePlan([{ r: i1 }, { r: s1, dependsOn: [addr(i1)] }]);
    const report1 = await applyPlan(plan, first.options({ journal: Journal.open(dir) }));
    expect(report1.deleted).toEqual([addr(i1), addr(s1)]);

    // The account was restored: both exist again.
    const second = setup();
    second.cloud.add(i1);
    second.cloud.add(s1, [addr(i1)]);
    const report2 = await applyPlan(plan, second.options({ journal: Journal.open(dir) }));
    expect(report2.deletedBefore).toEqual([]);
    expect(report2.deleted).toEqual([]);
    expect(report2.skipped.map((k) => k.address)).toEqual([addr(i1), addr(s1)]);
    expect(report2.skipped[0]?.reason).toContain('exists again');
    expect(report2.skipped[0]?.reason).toContain('run plan again');
    expect(second.cloud.calls.filter((c) => c.op !== 'read')).toEqual([]);
    expect(applyExitCode(report2)).not.toBe(0);
  });

  it('on abort starts no new node, lets the current step finish, and reports the rest as not finished', async () => {
    const { cloud, options, controller } = setup();
    const i1 = cloud.add(inst('i-1'));
    const s1 = cloud.add(vsw('vsw-1'), [addr(i1)]);
    const v1 = cloud.add(vpc('vpc-1'), [addr(s1)]);
    cloud.onRun = (a, action) => {
      if (a === addr(i1) && action === 'stop') controller.abort();
    };
    const steps = [
      { action: 'stop', description: 'stop' },
      { action: 'delete', description: 'delete' },
    ];
    const report = await applyPlan(
      makePlan([
        { r: i1, steps },
        { r: s1, dependsOn: [addr(i1)] },
        { r: v1, dependsOn: [addr(s1)] },
      ]),
      options(),
    );
    expect(report.interrupted).toBe(true);
    expect(cloud.runs().map((c) => [c.address, c.action])).toEqual([[addr(i1), 'stop']]);
    expect(report.unfinished).toEqual([
      { address: addr(i1), reason: 'interrupted after step stop' },
      { address: addr(v1), reason: 'not started' },
      { address: addr(s1), reason: 'not started' },
    ]);
    expect(applyExitCode(report)).toBe(130);
  });

  it('refuses read-only clients and a plan for another account', async () => {
    const { options } = setup();
    const plan = makePlan([]);
    await expect(applyPlan(plan, options({ clients: readWriteClients().readOnly() }))).rejects.toThrow(/read-write/);
    await expect(applyPlan({ ...plan, account: { ...plan.account, id: '999' } }, options())).rejects.toThrow(/account 999/);
  });

  it('skips a node whose predecessor the plan does not destroy, naming why', async () => {
    const { cloud, options } = setup();
    const s1 = cloud.add(vsw('vsw-1'));
    const keptAddress = 'ecs.instance/cn-hangzhou/i-kept';
    const plan = makePlan([{ r: s1, dependsOn: [keptAddress] }], {
      kept: [{ address: keptAddress, type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-kept', reason: 'keep rule #1 (tag env=prod)' }],
    });
    const report = await applyPlan(plan, options());
    expect(report.skipped).toEqual([
      {
        address: addr(s1),
        reason: `needs ${keptAddress} gone first, which this plan does not destroy (kept: keep rule #1 (tag env=prod))`,
        blockedBy: keptAddress,
      },
    ]);
    expect(cloud.calls).toEqual([]);
    expect(report.kept).toHaveLength(1);
  });
});

describe('applyPlan re-reads in batches', () => {
  it('serves the re-reads of one type and region with shared readMany calls', async () => {
    const batches: number[] = [];
    const { cloud, options } = setup((c) => {
      const base = fakeType(c, { type: 'ecs.instance', service: 'ecs' });
      return [
        {
          ...base,
          async readMany(rs, ctx) {
            batches.push(rs.length);
            const out = new Map<string, ReturnType<typeof resource>>();
            for (const r of rs) {
              const now = await base.read(r, ctx);
              if (now) out.set(addr(r), now);
            }
            return out;
          },
        },
      ];
    });
    const instances = Array.from({ length: 30 }, (_, i) => cloud.add(inst(`i-${String(i).padStart(2, '0')}`)));
    const report = await applyPlan(makePlan(instances.map((r) => ({ r }))), options());
    expect(report.deleted).toHaveLength(30);
    // Every node re-reads at least twice (before mutating, and until gone): 60+ reads, in far fewer calls.
    expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60);
    expect(batches.length).toBeLessThan(30);
    expect(Math.max(...batches)).toBeLessThanOrEqual(100);
  });
});

describe('applyPlan re-reads through a listing page', () => {
  /** A type re-read like vpc.vswitch: one listing page of the region serves many (readThroughListing). */
  function listedType(c: FakeCloud, pages: number[]) {
    const base = fakeType(c, { type: 'vpc.vswitch', service: 'vpc' });
    const type: ResourceType = {
      ...base,
      readMany: (rs, ctx) =>
        readThroughListing(
          'vpc.vswitch',
          rs,
          () =>
            c.call('vpc', { op: 'read', address: 'listing' }, () => {
              pages.push(rs.length);
              const found = [...c.resources.values()].filter((r) => r.type === 'vpc.vswitch');
              return { found: found.map((r) => c.read(addr(r))).filter((r) => r !== undefined), complete: true };
            }),
          (r) => base.read(r, ctx),
        ),
    };
    return type;
  }

  it('vets every resource of a shared page: one kept and one changed since the plan are refused, the rest deleted', async () => {
    const pages: number[] = [];
    const { cloud, options } = setup((c) => [listedType(c, pages)]);
    const all = Array.from({ length: 12 }, (_, i) => cloud.add(vsw(`vsw-${String(i).padStart(2, '0')}`)));
    const [kept, renamed] = [all[3]!, all[7]!];
    cloud.resources.set(addr(kept), { ...kept, tags: { keep: 'true' } });
    cloud.resources.set(addr(renamed), { ...renamed, name: 'renamed' });
    const report = await applyPlan(
      makePlan(all.map((r) => ({ r }))),
      options({ stillWanted: (fresh) => (fresh.tags?.keep === 'true' ? 'tag keep=true now matches keep rule #1' : undefined) }),
    );
    expect(report.skipped.map((s) => [s.address, s.reason])).toEqual([
      [addr(kept), 'tag keep=true now matches keep rule #1'],
      [addr(renamed), 'changed since the plan was made: renamed from (none) to renamed'],
    ]);
    expect(cloud.runs(addr(kept))).toEqual([]);
    expect(cloud.runs(addr(renamed))).toEqual([]);
    expect(report.deleted).toHaveLength(10);
    // The re-reads before deleting shared listing calls instead of one read each.
    expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(12);
    expect(pages.length).toBeLessThan(12);
    expect(all.flatMap((r) => cloud.reads(addr(r)))).toEqual([]);
  });

  it('a batched re-read failing with a gone error reads each alone: only the one that is gone counts as gone', async () => {
    const batches: number[] = [];
    const { cloud, options } = setup((c) => {
      const base = fakeType(c, { type: 'ecs.instance', service: 'ecs' });
      return [
        {
          ...base,
          // Like an API refusing a whole list for one unknown id, without naming it.
          readMany: (rs) =>
            c.call('ecs', { op: 'read', address: 'batch' }, () => {
              batches.push(rs.length);
              throw cloudError('InvalidInstanceId.NotFound');
            }),
        },
      ];
    });
    const present = Array.from({ length: 5 }, (_, i) => cloud.add(inst(`i-${i}`)));
    const gone = inst('i-gone');
    const report = await applyPlan(makePlan([...present, gone].map((r) => ({ r }))), options());
    expect(batches.length).toBeGreaterThan(0);
    // Deleted by their own steps, not taken for gone because a batch they were in said NotFound.
    for (const r of present) expect(cloud.runs(addr(r)).map((c) => c.action)).toEqual(['delete']);
    expect(cloud.runs(addr(gone))).toEqual([]);
    expect([...report.deleted].sort()).toEqual(present.map(addr).sort());
    expect(report.alreadyGone).toEqual([addr(gone)]);
  });
});

describe('applyPlan concurrency slots and waits', () => {
  it("a step's wait gives its slot back: under a global cap of 1, two steps can wait on each other", async () => {
    const started = new Set<string>();
    const { cloud, options } = setup((c) => [
      fakeType(c, {
        type: 'ecs.instance',
        service: 'ecs',
        onStep: async (_step, r, ctx) => {
          started.add(r.id);
          // Each finishes only once the other's step has begun: impossible if a waiting step held the only slot.
          await ctx.waitUntil('the other instance to start', async () => started.size === 2);
        },
      }),
    ]);
    const a = cloud.add(inst('i-a'));
    const b = cloud.add(inst('i-b'));
    const report = await applyPlan(makePlan([{ r: a }, { r: b }]), options({ concurrency: { global: 1 } }));
    expect(report.failed).toEqual([]);
    expect([...report.deleted].sort()).toEqual([addr(a), addr(b)]);
    // The cap still held for the cloud calls themselves.
    expect(cloud.maxInFlight).toBeLessThanOrEqual(1);
  });
});

describe('applyPlan batches refused as a whole', () => {
  it('isolates the one resource that made the cloud refuse the whole batch', async () => {
    const refusal = new CloudApiError({
      service: 'ecs',
      action: 'DeleteInstances',
      code: 'ChargeTypeViolation',
      message: 'prepaid',
      kind: 'permanent',
      statusCode: 403,
    });
    const singles: string[] = [];
    const { cloud, options } = setup((c) => {
      const base = fakeType(c, { type: 'ecs.instance', service: 'ecs' });
      return [
        {
          ...base,
          // Like ECS DeleteInstances: one refused instance fails the call for all, naming none.
          async runBatch(_step, rs) {
            if (rs.some((r) => r.id === 'i-bad')) throw refusal;
            for (const r of rs) c.resources.delete(addr(r));
            return new Map();
          },
          async run(step, r, ctx) {
            singles.push(r.id);
            if (r.id === 'i-bad') throw refusal;
            return base.run(step, r, ctx);
          },
        },
      ];
    });
    const steps = [{ action: 'delete', description: 'delete', batch: 100 }];
    const ids = ['i-1', 'i-2', 'i-bad', 'i-3'];
    const nodes = ids.map((id) => ({ r: cloud.add(inst(id)), steps }));
    const report = await applyPlan(makePlan(nodes), options());
    expect(report.failed.map((f) => [f.address, f.code])).toEqual([['ecs.instance/cn-hangzhou/i-bad', 'ChargeTypeViolation']]);
    expect([...report.deleted].sort()).toEqual(['i-1', 'i-2', 'i-3'].map((id) => `ecs.instance/cn-hangzhou/${id}`));
    expect(singles.sort()).toEqual(['i-1', 'i-2', 'i-3', 'i-bad']);
  });
});
