// Keep rules end to end, on the sandbox: tags read from the APIs that carry them (ECS, RDS,
// OSS, Alidns, RAM roles and policies), keeping what a kept resource holds (a zone's records,
// a user's keys, its group and group-mate), and keeps that appear after the plan was saved —
// a tag added in the cloud, or a rule added to the config — holding at apply time together
// with what the newly kept resource holds, exactly as the planner would have blocked it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Rds, * as $Rds from '@alicloud/rds20140815';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RequestLogEntry, type RunningSandbox } from '../../src/sandbox/index.js';
import demoAccount from '../../src/sandbox/scenarios/demo/account.js';
import demoAlidns from '../../src/sandbox/scenarios/demo/alidns.js';
import demoBss from '../../src/sandbox/scenarios/demo/bss.js';
import demoDomain from '../../src/sandbox/scenarios/demo/domain.js';
import demoEcs from '../../src/sandbox/scenarios/demo/ecs.js';
import demoOss from '../../src/sandbox/scenarios/demo/oss.js';
import demoRam from '../../src/sandbox/scenarios/demo/ram.js';
import demoRds from '../../src/sandbox/scenarios/demo/rds.js';
import demoResourceCenter from '../../src/sandbox/scenarios/demo/resourcecenter.js';
import demoSlb from '../../src/sandbox/scenarios/demo/slb.js';
import demoVpc from '../../src/sandbox/scenarios/demo/vpc.js';
import { sdkClass, sdkConfig } from '../sandbox/products/sandbox-rpc.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, resetSandbox, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT } from './scenarios.js';

interface PlanJsonEntry {
  readonly address: string;
  readonly id: string;
  readonly type: string;
  readonly reason?: string;
}
interface PlanJson {
  readonly resources: readonly PlanJsonEntry[];
  readonly kept: readonly PlanJsonEntry[];
  readonly blocked: readonly PlanJsonEntry[];
}

type Rec = Record<string, unknown>;
const list = (section: unknown, key: string): Rec[] => (section as Record<string, Rec[]>)[key] ?? [];
const byId = (items: Rec[], id: string, key = 'id'): Rec => {
  const found = items.find((x) => x[key] === id);
  if (!found) throw new Error(`scenario has no ${id}`);
  return found;
};

/**
 * The demo account, with `keep=true` on an ECS instance (the one with a secondary ENI), the
 * RDS primary, an OSS bucket, a DNS zone (with records), the custom policy and the role using
 * it; plus carol, a user with a key and no group, who is not kept.
 */
function taggedAccount(): Record<string, unknown> {
  const s = structuredClone({
    ...demoAccount,
    ...demoRam,
    ...demoSlb,
    ...demoRds,
    ...demoAlidns,
    ...demoDomain,
    ...demoBss,
    ...demoResourceCenter,
    ...demoEcs,
    ...demoVpc,
    ...demoOss,
  }) as Record<string, Rec>;
  const keep = { keep: 'true' };
  byId(list(s.ecs, 'instances'), 'i-hz-worker').tags = keep;
  byId(list(s.rds, 'instances'), 'rm-hz-primary').tags = keep;
  byId(list(s.oss, 'buckets'), 'demo-assets', 'name').tags = keep;
  byId(list(s.alidns, 'domains'), 'example-demo.com', 'name').tags = keep;
  byId(list(s.ram, 'roles'), 'app-role', 'name').tags = keep;
  byId(list(s.ram, 'policies'), 'demo-custom-readonly', 'name').tags = keep;
  list(s.ram, 'users').push({
    name: 'carol',
    createDate: '2024-02-01T09:00:00Z',
    accessKeys: [{ id: 'LTAI5tDemoCarol000001', secret: 'demoSecretCarol000000000000000000' }],
  });
  return s;
}

const KEEP_BY_TAG = 'keep:\n  - tag: {key: keep, value: "true"}\n';

/** Every value a request names: parameters (lists split), the OSS bucket. */
function named(e: RequestLogEntry): string[] {
  return Object.values(e.params).flatMap((v) => {
    if (v.startsWith('[')) {
      try {
        return (JSON.parse(v) as unknown[]).map(String);
      } catch {
        return [v];
      }
    }
    return v.split(',');
  });
}

function mutationsNaming(requests: readonly RequestLogEntry[], ids: ReadonlySet<string>): string[] {
  return requests.filter((e) => named(e).some((v) => ids.has(v))).map((e) => `${e.product} ${e.action} ${JSON.stringify(e.params)}`);
}

let ws: Awaited<ReturnType<typeof makeWorkspace>>;
afterEach(async () => ws?.cleanup());

async function cli(sb: RunningSandbox, args: string[]) {
  const polling = args[0] === 'apply' ? ['--poll-interval-ms', '50'] : [];
  return runCli([...args, '--no-color', ...polling], { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });
}

async function writeConfig(name: string, text: string): Promise<string> {
  const path = join(ws.cwd, name);
  await writeFile(path, text);
  return path;
}

async function planJson(sb: RunningSandbox, config?: string): Promise<PlanJson> {
  const run = await cli(sb, ['plan', '--json', ...(config ? ['--config', config] : [])]);
  expect(run.code, describeRun(run)).toBe(0);
  return JSON.parse(run.stdout) as PlanJson;
}

describe('keep rules on every type', { timeout: 600_000 }, () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: taggedAccount(), speed: 2000 });
  });
  afterAll(async () => sb?.close());

  it('keeps the tagged ECS, RDS, OSS, DNS, RAM role and policy and a user kept by name, with what they hold; apply names none of them and deletes the rest', async () => {
    ws = await makeWorkspace();
    const config = await writeConfig('teardown.yaml', `${KEEP_BY_TAG}  - {type: ram.user, name: bob}\n`);
    const plan = await planJson(sb, config);
    expect(plan.kept.map((k) => k.address).sort()).toEqual([
      'dns.domain/global/example-demo.com',
      'ecs.instance/cn-hangzhou/i-hz-worker',
      'oss.bucket/cn-hangzhou/demo-assets',
      'ram.policy/global/demo-custom-readonly',
      'ram.role/global/app-role',
      'ram.user/global/bob',
      'rds.instance/cn-hangzhou/rm-hz-primary',
    ]);
    const blocked = new Map(plan.blocked.map((b) => [b.address, b.reason ?? '']));
    // What they hold: the worker's secondary ENI, the zone's records, bob's key, bob's group and
    // his group-mate alice (with her keys), who also holds the kept policy.
    expect(blocked.get('ecs.network-interface/cn-hangzhou/eni-hz-extra')).toMatch(/ecs\.instance\/cn-hangzhou\/i-hz-worker is kept/);
    expect(blocked.get('ram.access-key/global/LTAI5tDemoBob00000001')).toMatch(/ram\.user\/global\/bob is kept/);
    expect(blocked.get('ram.group/global/developers')).toMatch(/ram\.user\/global\/bob is kept/);
    expect(blocked.has('ram.user/global/alice')).toBe(true);
    expect(blocked.has('ram.access-key/global/LTAI5tDemoAlice000001')).toBe(true);
    const zoneRecords = plan.blocked.filter(
      (b) => b.type === 'dns.record' && /dns\.domain\/global\/example-demo\.com is kept/.test(b.reason ?? ''),
    );
    expect(zoneRecords.length).toBeGreaterThan(0);
    expect(plan.resources.some((r) => r.type === 'dns.record' && zoneRecords.some((z) => z.id === r.id))).toBe(false);
    // Carol is not kept: she and her key go; so do the other zone's records.
    const planned = plan.resources.map((r) => r.address);
    expect(planned).toEqual(expect.arrayContaining(['ram.user/global/carol', 'ram.access-key/global/LTAI5tDemoCarol000001']));
    expect(planned.some((a) => a.startsWith('dns.record/'))).toBe(true);

    const mark = logMark(sb);
    const apply = await cli(sb, ['apply', `--confirm=${DEMO_ACCOUNT}`, '--config', config]);
    expect(apply.code, describeRun(apply)).toBe(0);
    expect(apply.stdout).toMatch(
      new RegExp(`^Apply: ${plan.resources.length} destroyed, 0 already gone, 0 failed, 0 skipped, 7 kept, \\d+ blocked\\.$`, 'm'),
    );
    const protectedIds = new Set([...plan.kept, ...plan.blocked].map((e) => e.id));
    expect(mutationsNaming(mutatingRequestsSince(sb, mark), protectedIds)).toEqual([]);
  });
});

describe('keeps that appear after the plan was saved', { timeout: 600_000 }, () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo', speed: 2000 });
  });
  afterAll(async () => sb?.close());

  it('a resource tagged keep=true after `plan --out` is left untouched by `apply plan.json`, and so is what needs it', async () => {
    await resetSandbox(sb);
    ws = await makeWorkspace();
    const config = await writeConfig('teardown.yaml', KEEP_BY_TAG);
    const planFile = join(ws.cwd, 'plan.json');
    const made = await cli(sb, ['plan', '--config', config, '--out', planFile]);
    expect(made.code, describeRun(made)).toBe(0);
    expect(made.stdout).toContain('rds.instance/cn-hangzhou/rr-hz-ro1 will be destroyed');

    // Someone tags the read-only replica in the cloud, as a user would (RDS TagResources).
    const rds = new (sdkClass<InstanceType<typeof Rds.default>>(Rds))(sdkConfig(sb));
    await rds.tagResources(
      new $Rds.TagResourcesRequest({
        regionId: 'cn-hangzhou',
        resourceType: 'INSTANCE',
        resourceId: ['rr-hz-ro1'],
        tag: [new $Rds.TagResourcesRequestTag({ key: 'keep', value: 'true' })],
      }),
    );

    const mark = logMark(sb);
    const apply = await cli(sb, ['apply', planFile, `--confirm=${DEMO_ACCOUNT}`, '--config', config]);
    expect(apply.code, describeRun(apply)).toBe(3);
    expect(apply.stdout).toMatch(/rds\.instance\/cn-hangzhou\/rr-hz-ro1.*kept since the plan was made: keep rule #1: tag keep=true/);
    // Its primary must wait for it to be gone: skipped, not converted or unprotected.
    expect(apply.stdout).toMatch(/rds\.instance\/cn-hangzhou\/rm-hz-primary.*upstream rds\.instance\/cn-hangzhou\/rr-hz-ro1 skipped/);
    const mutations = mutatingRequestsSince(sb, mark);
    expect(mutationsNaming(mutations, new Set(['rr-hz-ro1', 'rm-hz-primary']))).toEqual([]);
    expect(mutations.length).toBeGreaterThan(0);
  });

  it('a keep rule added at apply time blocks what the newly kept instances hold or touch (EIP, secondary ENI), exactly as the planner would', async () => {
    await resetSandbox(sb);
    ws = await makeWorkspace();
    const planFile = join(ws.cwd, 'plan.json');
    const made = await cli(sb, ['plan', '--out', planFile]);
    expect(made.code, describeRun(made)).toBe(0);
    const full = await planJson(sb);
    const config = await writeConfig('teardown.yaml', 'keep:\n  - id: i-hz-web1\n  - id: i-hz-worker\n');
    // What the planner keeps and blocks with that config: the reference for apply.
    const reference = await planJson(sb, config);
    const stays = [...reference.kept, ...reference.blocked];
    expect(stays.map((e) => e.address)).toEqual(
      expect.arrayContaining([
        'ecs.instance/cn-hangzhou/i-hz-web1',
        'ecs.instance/cn-hangzhou/i-hz-worker',
        'vpc.eip/cn-hangzhou/eip-hz-web1',
        'ecs.network-interface/cn-hangzhou/eni-hz-extra',
      ]),
    );

    const mark = logMark(sb);
    const apply = await cli(sb, ['apply', planFile, `--confirm=${DEMO_ACCOUNT}`, '--config', config, '--json']);
    expect(apply.code, describeRun(apply)).toBe(3);
    const report = JSON.parse(apply.stdout) as { deleted: string[]; alreadyGone: string[]; skipped: Array<{ address: string }> };
    // Nothing the planner would have kept or blocked was touched (ids shared with a resource
    // that does go, like the registered domain and its DNS zone, cannot tell them apart)...
    const stayAddresses = new Set(stays.map((e) => e.address));
    const goneResources = full.resources.filter((r) => !stayAddresses.has(r.address));
    const goneIds = new Set(goneResources.map((r) => r.id));
    const stayIds = new Set(stays.map((e) => e.id).filter((id) => !goneIds.has(id)));
    expect([...stayIds]).toEqual(expect.arrayContaining(['i-hz-web1', 'i-hz-worker', 'eip-hz-web1', 'eni-hz-extra']));
    expect(mutationsNaming(mutatingRequestsSince(sb, mark), stayIds)).toEqual([]);
    // ...and everything else in the saved plan was destroyed.
    const expectedGone = goneResources.map((r) => r.address);
    expect([...report.deleted, ...report.alreadyGone].sort()).toEqual(expectedGone.sort());
    expect(report.skipped.map((s) => s.address).sort()).toEqual(
      full.resources
        .map((r) => r.address)
        .filter((a) => stayAddresses.has(a))
        .sort(),
    );
  });
});
