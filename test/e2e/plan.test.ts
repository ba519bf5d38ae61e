// `plan` is read-only by construction: these runs of the built CLI against the demo sandbox
// check its output contract and, from the sandbox's own request log, that nothing was mutated.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { PlanJson } from '../../src/plan/render/json.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, parseJsonOutput, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT } from './scenarios.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const plan = (...args: string[]) => runCli(['plan', ...args], { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });

beforeAll(async () => {
  sb = await startSandbox({ scenario: 'demo', speed: 2000 });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

// Timeouts only stop a hung child; the machine may be shared and slow, so they are generous.
describe('plan against the demo account', { timeout: 300_000 }, () => {
  it('prints the plan ending with the summary line, saves it with --out, and sends no mutating request', async () => {
    const mark = logMark(sb);
    const run = await plan('--out', 'plan.json', '--no-color');

    expect(run.code, describeRun(run)).toBe(0);
    const summary = /^Plan: (\d+) to destroy, (\d+) kept, (\d+) blocked\.$/m.exec(run.stdout);
    expect(summary, run.stdout).not.toBeNull();
    // The summary line is the plan's last line; only the "saved" note follows it.
    const afterSummary = run.stdout.slice(run.stdout.indexOf(summary![0]) + summary![0].length).trim();
    expect(afterSummary).toMatch(
      /^Saved the plan to plan\.json\. Apply exactly this plan with:\s+aliyun-teardown apply plan\.json --confirm$/,
    );
    expect(Number(summary![1])).toBeGreaterThan(0);
    expect(Number(summary![3])).toBeGreaterThan(0);
    expect(run.stdout).toContain(`Account: ${DEMO_ACCOUNT}`);

    const saved = JSON.parse(await readFile(join(ws.cwd, 'plan.json'), 'utf8')) as PlanJson & { checksum: string };
    expect(saved.account.id).toBe(DEMO_ACCOUNT);
    expect(saved.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.resources.length).toBe(Number(summary![1]));
    expect(saved.blocked.length).toBe(Number(summary![3]));

    expect(logMark(sb)).toBeGreaterThan(mark); // it did scan the sandbox...
    expect(mutatingRequestsSince(sb, mark)).toEqual([]); // ...and changed nothing
  });

  it('--json is one JSON document with the plan; --detailed-exitcode exits 2 when there is something to destroy', async () => {
    const mark = logMark(sb);
    const run = await plan('--json', '--detailed-exitcode');

    expect(run.code, describeRun(run)).toBe(2);
    const json = parseJsonOutput<PlanJson>(run);
    expect(json.formatVersion).toBeTypeOf('number');
    expect(json.account.id).toBe(DEMO_ACCOUNT);
    expect(json.account.accessKeyId).toBe(sb.callerAccessKey.id);
    expect(json.summary.toDestroy).toBe(json.resources.length);
    expect(json.summary.blocked).toBe(json.blocked.length);
    expect(json.resources.map((r) => r.address)).toContain('ecs.instance/cn-hangzhou/i-hz-web1');
    expect(json.blocked.map((b) => b.address)).toContain('oss.bucket/ap-southeast-1/demo-compliance');
    // Dependencies first: the instance goes before the vswitch it sits in.
    const order = json.resources.map((r) => r.address);
    expect(order.indexOf('ecs.instance/cn-hangzhou/i-hz-web1')).toBeLessThan(order.indexOf('vpc.vswitch/cn-hangzhou/vsw-hz-web'));
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);
    expect(existsSync(join(ws.cwd, 'plan.json'))).toBe(false);
  });

  it('--only ecs.instance lists only instances and the disks that go with them, blocking those held by resources outside the selection', async () => {
    const mark = logMark(sb);
    const run = await plan('--only', 'ecs.instance', '--no-color');

    expect(run.code, describeRun(run)).toBe(0);
    const destroyed = [...run.stdout.matchAll(/^ {2}# (\S+) will be destroyed$/gm)].map((m) => m[1]!);
    expect(destroyed.filter((a) => a.startsWith('ecs.instance/')).sort()).toEqual([
      'ecs.instance/ap-southeast-1/i-sg-api',
      'ecs.instance/cn-shanghai/i-sh-app',
    ]);
    // Each instance's system disk goes with it: listed, though ecs.disk is not selected.
    const released = [...run.stdout.matchAll(/^ {6}\(goes with (\S+): released by its deletion\)$/gm)].map((m) => m[1]);
    expect(released.sort()).toEqual(['ecs.instance/ap-southeast-1/i-sg-api', 'ecs.instance/cn-shanghai/i-sh-app']);
    expect(destroyed.filter((a) => !a.startsWith('ecs.instance/')).every((a) => a.startsWith('ecs.disk/'))).toBe(true);
    const blockedSection = run.stdout.slice(run.stdout.indexOf('\nBlocked:\n'));
    const blocked = [...blockedSection.matchAll(/^ {2}(\S+) .*?: (\S+) is outside the selection/gm)].map((m) => [m[1], m[2]]);
    // The instance the Auto Scaling group launched (its id is generated) goes with its group, which is not selected.
    const launched = blocked.filter(([, by]) => by === 'ess.scaling-group/cn-hangzhou/asg-hz-batch');
    expect(launched).toHaveLength(1);
    expect(launched[0]![0]).toMatch(/^ecs\.instance\/cn-hangzhou\/i-/);
    expect(blocked.filter(([, by]) => by !== 'ess.scaling-group/cn-hangzhou/asg-hz-batch')).toEqual([
      // The web servers are backends of the load balancer, which must go first and is not selected.
      ['ecs.instance/cn-hangzhou/i-hz-web1', 'slb.load-balancer/cn-hangzhou/lb-hz-web'],
      ['ecs.instance/cn-hangzhou/i-hz-web2', 'slb.load-balancer/cn-hangzhou/lb-hz-web'],
      // The worker carries a secondary ENI that must be detached first.
      ['ecs.instance/cn-hangzhou/i-hz-worker', 'ecs.network-interface/cn-hangzhou/eni-hz-extra'],
    ]);
    // Without --out the summary line is the very last line.
    // The scaling group's instance is blocked by its unselected group; blocked instances keep their system disks.
    expect(blocked).toContainEqual([
      expect.stringMatching(/^ecs\.instance\/cn-hangzhou\/i-/),
      'ess.scaling-group/cn-hangzhou/asg-hz-batch',
    ]);
    expect(run.stdout.trimEnd()).toMatch(/\nPlan: 4 to destroy, 0 kept, 8 blocked\.$/);
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);
  });

  it('a misspelt region is refused with the valid ones, before anything is scanned', async () => {
    const mark = logMark(sb);
    const run = await plan('--regions', 'cn-hangzou');
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Error: unknown region "cn-hangzou" in --regions, --exclude-regions or the config; valid regions: ap-southeast-1, cn-hangzhou, cn-shanghai',
    );
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);
  });

  it('--only vpc blocks the VPCs and vswitches that hold instances outside the selection, naming them', async () => {
    const mark = logMark(sb);
    const run = await plan('--only', 'vpc', '--json');

    expect(run.code, describeRun(run)).toBe(0);
    const json = parseJsonOutput<PlanJson>(run);
    expect(new Set(json.resources.map((r) => r.type.split('.')[0]))).toEqual(new Set(['vpc']));
    const blocked = new Map(json.blocked.map((b) => [b.address, b]));
    const blockedEntry = (address: string) => {
      const entry = blocked.get(address);
      expect(entry, `${address} should be blocked; blocked: ${[...blocked.keys()].join(', ')}`).toBeDefined();
      return entry!;
    };
    for (const [vswitch, instance] of [
      ['vpc.vswitch/cn-hangzhou/vsw-hz-web', 'ecs.instance/cn-hangzhou/i-hz-web1'],
      ['vpc.vswitch/cn-shanghai/vsw-sh-a', 'ecs.instance/cn-shanghai/i-sh-app'],
      ['vpc.vswitch/ap-southeast-1/vsw-sg-a', 'ecs.instance/ap-southeast-1/i-sg-api'],
    ] as const) {
      const entry = blockedEntry(vswitch);
      // The reason names one blocker (in vsw-hz-web it may be the Auto Scaling group's instance); blockedBy names them all.
      expect(entry.reason).toMatch(/ecs\.instance\/\S+ is outside the selection/);
      expect(entry.blockedBy).toContain(instance);
    }
    for (const [vpc, vswitch] of [
      ['vpc.vpc/cn-hangzhou/vpc-hz-main', 'vpc.vswitch/cn-hangzhou/vsw-hz-web'],
      ['vpc.vpc/cn-shanghai/vpc-sh-main', 'vpc.vswitch/cn-shanghai/vsw-sh-a'],
      ['vpc.vpc/ap-southeast-1/vpc-sg-main', 'vpc.vswitch/ap-southeast-1/vsw-sg-a'],
    ] as const) {
      const entry = blockedEntry(vpc);
      // Its security groups (ECS, not selected) and its blocked vswitch hold it.
      expect(entry.reason).toMatch(/^ecs\.security-group\/\S+ is outside the selection/);
      expect(entry.blockedBy).toContain(vswitch);
    }
    // The empty VPC holds nothing, but a ROS stack created it: it goes with the stack, which is
    // not selected, and is never deleted behind its back.
    const stack = 'ros.stack/ap-southeast-1/4b6d2f0e-7a1c-4e8b-9d3f-5c2a1e0b7f64';
    expect(json.resources.map((r) => r.address)).not.toContain('vpc.vpc/ap-southeast-1/vpc-sg-empty');
    expect(blockedEntry('vpc.vpc/ap-southeast-1/vpc-sg-empty').reason).toMatch(`${stack} is outside the selection`);
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);
  });
});
