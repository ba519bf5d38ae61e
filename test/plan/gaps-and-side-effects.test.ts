/**
 * The plan tells the whole truth: what a scan gap may hold is blocked, naming the gap; what
 * goes with its parent (an instance's system disk and DeleteWithInstance data disks) is its own
 * entry, destroyed exactly when the parent is.
 */
import { describe, expect, it } from 'vitest';
import type { KeepRule } from '../../src/config/schema.js';
import { buildPlan } from '../../src/plan/graph.js';
import type { ScanGap } from '../../src/plan/model.js';
import { resolveSelection } from '../../src/plan/selection.js';
import { GLOBAL, RELEASED_WITH_OWNER } from '../../src/providers/contract.js';
import { ecsDisk } from '../../src/providers/ecs/disk.js';
import { createRegistry } from '../../src/providers/registry.js';
import { ACCOUNT, CALLER, NOW, SETTINGS, type FakeCloud, addr, demoCloud, fakeTypes, res } from './fakes.js';

const HZ = 'cn-hangzhou';

const gap = (type: string, region: string): ScanGap => ({
  type,
  region,
  code: 'Forbidden.RAM',
  message: 'User not authorized to operate on the specified resource.',
  action: 'ecs:DescribeInstances',
  fix: 'grant ecs:DescribeInstances to the caller (RAM), then plan again',
});

function planOf(cloud: FakeCloud, opts: { gaps?: ScanGap[]; only?: string[]; keep?: KeepRule[] } = {}) {
  const registry = createRegistry([...fakeTypes(cloud), ecsDisk]);
  const selection = resolveSelection(registry, { only: opts.only });
  return buildPlan({
    registry,
    resources: cloud.resources,
    selection,
    keepRules: opts.keep ?? [],
    caller: CALLER,
    settings: SETTINGS,
    now: NOW,
    toolVersion: '0.1.0',
    account: ACCOUNT,
    scope: { regions: [HZ, 'cn-shanghai'], types: selection.selected },
    gaps: opts.gaps,
  });
}

const addresses = (xs: readonly { address: string }[]) => xs.map((x) => x.address);

describe('scan gaps', () => {
  it('block what an unseen resource may hold, in that region, naming the gap and the fix', () => {
    const cloud = demoCloud()
      .add(res('vpc.vpc', 'cn-shanghai', 'vpc-sh'))
      .add(res('vpc.vswitch', 'cn-shanghai', 'vsw-sh', { properties: { vpcId: 'vpc-sh' } }))
      .add(res('ecs.security-group', 'cn-shanghai', 'sg-sh', { properties: { vpcId: 'vpc-sh' } }));
    const plan = planOf(cloud, { gaps: [gap('ecs.instance', 'cn-shanghai')] });
    const blocked = new Map(plan.blocked.map((b) => [b.address, b.reason]));
    const gapReason = 'ecs.instance in cn-shanghai could not be listed (Forbidden.RAM): an unseen ecs.instance may still need this';
    expect(blocked.get(addr('ecs.security-group', 'cn-shanghai', 'sg-sh'))).toContain(`${gapReason} ecs.security-group`);
    expect(blocked.get(addr('ecs.security-group', 'cn-shanghai', 'sg-sh'))).toContain('grant ecs:DescribeInstances to the caller (RAM)');
    expect(blocked.get(addr('vpc.vswitch', 'cn-shanghai', 'vsw-sh'))).toContain(`${gapReason} vpc.vswitch`);
    // The VPC waits for its blocked vswitch and group: blocked through them.
    expect(blocked.get(addr('vpc.vpc', 'cn-shanghai', 'vpc-sh'))).toMatch(
      /^(vpc\.vswitch|ecs\.security-group)\/cn-shanghai\/.* is blocked/,
    );
    // Other regions and global services are untouched by a cn-shanghai gap.
    expect(addresses(plan.resources)).toContain(addr('vpc.vpc', HZ, 'vpc-1'));
    expect(addresses(plan.resources)).toContain(addr('ram.user', GLOBAL, 'alice'));
    expect(plan.gaps).toEqual([gap('ecs.instance', 'cn-shanghai')]);
    expect(plan.summary.gaps).toBe(1);
  });

  it('a region list that could not be read (`*`) blocks what may be held in any region', () => {
    const plan = planOf(demoCloud(), { gaps: [gap('ecs.instance', '*')] });
    expect(plan.blocked.find((b) => b.address === addr('vpc.vswitch', HZ, 'vsw-web'))?.reason).toContain(
      'ecs.instance in any region (the region list could not be read) could not be listed',
    );
  });
});

describe('side effects', () => {
  const withDisks = () =>
    demoCloud()
      .add(
        res('ecs.disk', HZ, 'd-web-sys', { properties: { instanceId: 'i-web', diskType: 'system', size: 40, deleteWithInstance: true } }),
      )
      .add(
        res('ecs.disk', HZ, 'd-web-data', {
          name: 'app-data',
          properties: { instanceId: 'i-web', diskType: 'data', size: 50, deleteWithInstance: true },
        }),
      )
      .add(
        res('ecs.disk', HZ, 'd-web-keep', { properties: { instanceId: 'i-web', diskType: 'data', size: 20, deleteWithInstance: false } }),
      )
      .add(res('ecs.disk', HZ, 'd-db-sys', { properties: { instanceId: 'i-db', diskType: 'system', size: 40, deleteWithInstance: true } }));

  it('lists the system disk and DeleteWithInstance data disks as released with their instance, counted in "to destroy"', () => {
    const plan = planOf(withDisks());
    const order = addresses(plan.resources);
    const web = addr('ecs.instance', HZ, 'i-web');
    for (const id of ['d-web-sys', 'd-web-data']) {
      const node = plan.resources.find((n) => n.id === id)!;
      expect(node.releasedWith).toBe(web);
      expect(node.steps).toEqual([{ action: RELEASED_WITH_OWNER, description: `released with ${web}` }]);
      expect(node.dependsOn).toEqual([{ address: web, reason: 'released with this instance', owner: true }]);
      expect(order.indexOf(node.address)).toBeGreaterThan(order.indexOf(web));
    }
    expect(plan.resources.find((n) => n.id === 'd-web-data')?.resource.properties.size).toBe(50);
    // A disk that survives its instance is ordinary work: detached (if still attached), then deleted.
    const survivor = plan.resources.find((n) => n.id === 'd-web-keep')!;
    expect(survivor.releasedWith).toBeUndefined();
    expect(survivor.steps.map((s) => s.action)).toEqual(['detach', 'delete']);
    expect(plan.summary.toDestroy).toBe(plan.resources.length);
  });

  it('go with their parent whatever --only says, and stay with a kept parent', () => {
    const keepDb: KeepRule = { tag: { key: 'env', value: 'prod' }, reason: 'production' };
    const plan = planOf(withDisks(), { only: ['ecs.instance'], keep: [keepDb] });
    expect(addresses(plan.resources)).toEqual(
      expect.arrayContaining([addr('ecs.disk', HZ, 'd-web-sys'), addr('ecs.disk', HZ, 'd-web-data')]),
    );
    expect(addresses(plan.resources)).not.toContain(addr('ecs.disk', HZ, 'd-web-keep'));
    expect(plan.blocked.find((k) => k.address === addr('ecs.disk', HZ, 'd-db-sys'))?.reason).toBe(
      `${addr('ecs.instance', HZ, 'i-db')} is kept and must be gone first: released with this instance`,
    );
  });

  it('a kept side effect blocks its parent: deleting the instance would release it', () => {
    const keepData: KeepRule = { name: 'app-data', reason: 'the data' };
    const plan = planOf(withDisks(), { keep: [keepData] });
    const web = plan.blocked.find((b) => b.address === addr('ecs.instance', HZ, 'i-web'));
    expect(web?.reason).toContain(`deleting it would also release ${addr('ecs.disk', HZ, 'd-web-data')}, which is kept`);
    expect(addresses(plan.resources)).not.toContain(addr('ecs.disk', HZ, 'd-web-sys'));
  });
});
