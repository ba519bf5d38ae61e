// The plan tells the whole truth, end to end through the built CLI on the demo account:
// a list the caller may not read (ecs:DescribeInstances denied in cn-shanghai) makes the plan
// incomplete — named, exit 4 — and blocks what the unseen instance may hold; apply refuses
// such a plan, and with --allow-incomplete leaves those resources alone. And a saved plan
// applied again after the account was restored does not claim the restored resources.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, resetSandbox, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT } from './scenarios.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const cli = (args: readonly string[]) => runCli(args, { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });

/** What the unseen instance i-sh-app holds in cn-shanghai. */
const HELD = ['i-sh-app', 'sg-sh-app', 'vsw-sh-a', 'vpc-sh-main'];
const touching = (ids: readonly string[], mark: number) =>
  mutatingRequestsSince(sb, mark).filter((e) => ids.some((id) => Object.values(e.params).some((v) => v.includes(id))));

beforeAll(async () => {
  sb = await startSandbox({ scenario: 'demo', speed: 2000 });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(async () => {
  ws = await makeWorkspace();
  await resetSandbox(sb);
});
afterEach(async () => {
  sb.deny([]);
  await ws.cleanup();
});

describe('a list the caller may not read', { timeout: 300_000 }, () => {
  it('makes the plan incomplete and blocks what it may hold; apply refuses it, and with --allow-incomplete leaves them alone', async () => {
    sb.deny([{ product: 'ecs', action: 'DescribeInstances', region: 'cn-shanghai' }]);
    const mark = logMark(sb);

    const plan = await cli(['plan', '--no-color', '--out', 'plan.json']);
    expect(plan.code, describeRun(plan)).toBe(4);
    expect(plan.stdout).toContain('INCOMPLETE: 1 scan gap(s)');
    expect(plan.stdout).toContain('ecs.instance in cn-shanghai: ecs:DescribeInstances failed with Forbidden.RAM');
    expect(plan.stdout).toContain('fix: grant ecs:DescribeInstances to the caller (RAM), then plan again');
    expect(plan.stderr).toContain('The plan is INCOMPLETE: could not list ecs.instance in cn-shanghai (Forbidden.RAM)');
    const blocked = (address: string) => plan.stdout.split('\n').find((l) => l.trimStart().startsWith(address)) ?? '';
    const gap = 'ecs.instance in cn-shanghai could not be listed (Forbidden.RAM)';
    expect(blocked('ecs.security-group/cn-shanghai/sg-sh-app')).toContain(gap);
    expect(blocked('vpc.vswitch/cn-shanghai/vsw-sh-a')).toContain(gap);
    expect(blocked('vpc.vpc/cn-shanghai/vpc-sh-main')).toMatch(/is blocked and must be gone first/);
    expect(plan.stdout).not.toMatch(
      /# (ecs\.security-group\/cn-shanghai\/sg-sh-app|vpc\.vswitch\/cn-shanghai\/vsw-sh-a|vpc\.vpc\/cn-shanghai\/vpc-sh-main) will be destroyed/,
    );

    // Refused, saved or fresh: nothing is changed.
    for (const args of [['apply', 'plan.json'], ['apply']]) {
      const refused = await cli([...args, `--confirm=${DEMO_ACCOUNT}`, '--no-color']);
      expect(refused.code, describeRun(refused)).toBe(4);
      expect(refused.stderr).toContain('apply refuses an incomplete plan; nothing was changed');
    }
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);

    // With the flag: everything else goes, what the unseen instance may hold stays, promptly
    // (no DependencyViolation retried for minutes on a group the instance still uses).
    const applied = await cli([
      'apply',
      'plan.json',
      `--confirm=${DEMO_ACCOUNT}`,
      '--allow-incomplete',
      '--no-color',
      '--poll-interval-ms',
      '50',
    ]);
    expect(applied.code, describeRun(applied)).toBe(4);
    expect(touching(HELD, mark)).toEqual([]);
    expect(mutatingRequestsSince(sb, mark).length).toBeGreaterThan(10);
    expect(applied.stdout).not.toMatch(/DependencyViolation/);
  });
});

describe('a saved plan applied again after the account was restored', { timeout: 300_000 }, () => {
  it('does not report the restored resources as destroyed, and does not exit 0', async () => {
    const plan = await cli(['plan', '--only', 'oss', '--regions', 'cn-hangzhou', '--out', 'plan.json', '--no-color']);
    expect(plan.code, describeRun(plan)).toBe(0);
    const first = await cli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--no-color', '--poll-interval-ms', '50']);
    expect(first.code, describeRun(first)).toBe(0);
    const destroyed = [...first.stdout.matchAll(/oss\.bucket\/cn-hangzhou\/[\w-]+/g)].map((m) => m[0]);
    expect(destroyed.length).toBeGreaterThan(0);

    await resetSandbox(sb); // the buckets are back
    const mark = logMark(sb);
    const again = await cli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--no-color', '--poll-interval-ms', '50']);
    expect(again.code, describeRun(again)).toBe(3);
    expect(again.stdout).not.toContain('Destroyed by an earlier run');
    expect(again.stdout).toContain('exists again');
    // Not touched either: the plan was reviewed for the buckets that were deleted.
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);
  });
});
