// `apply --confirm=<account>` on the demo account, through the built CLI: everything that can go
// goes, exactly what must stay stays, a rerun has nothing to do, and `--only` touches nothing else.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { PlanJson } from '../../src/plan/render/json.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, parseJsonOutput, resetSandbox, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT, DEMO_MUST_STAY } from './scenarios.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });

interface OssDump {
  readonly products: { readonly oss: { readonly buckets: readonly { readonly name: string }[] } };
}
async function bucketNames(): Promise<string[]> {
  const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as OssDump;
  return state.products.oss.buckets.map((b) => b.name).sort();
}

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
  await ws.cleanup();
});

// Timeouts only stop a hung child; the machine may be shared and slow, so they are generous.
describe('apply on the demo account', { timeout: 300_000 }, () => {
  it('destroys everything but what must stay; a second apply has nothing to destroy and mutates nothing', async () => {
    const run = await cli('apply', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--no-color');
    expect(run.code, describeRun(run)).toBe(0);
    const report = /^Apply: (\d+) destroyed, 0 already gone, (\d+) failed, (\d+) skipped, (\d+) kept, (\d+) blocked\.$/m.exec(run.stdout);
    expect(report, describeRun(run)).not.toBeNull();
    expect(report![2]).toBe('0');
    expect(report![3]).toBe('0');
    expect(Number(report![1])).toBeGreaterThan(0);
    expect(Number(report![5])).toBe(DEMO_MUST_STAY.length);

    // What is left, seen through the tool itself: nothing to destroy, and the blocked list is exactly what must stay.
    const after = await cli('plan', '--json');
    expect(after.code, describeRun(after)).toBe(0);
    const plan = parseJsonOutput<PlanJson>(after);
    expect(plan.resources).toEqual([]);
    expect(plan.kept).toEqual([]);
    expect(plan.blocked.map((b) => b.address).sort()).toEqual([...DEMO_MUST_STAY]);
    expect(await bucketNames()).toEqual(['demo-compliance']);

    const mark = logMark(sb);
    const again = await cli('apply', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--no-color');
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain('Nothing to destroy');
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);
  });

  it('--only oss deletes the buckets it can and sends mutating requests to OSS only', async () => {
    const mark = logMark(sb);
    const run = await cli('apply', '--only', 'oss', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--no-color');

    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/^Apply: 4 destroyed, 0 already gone, 0 failed, 0 skipped, 0 kept, 1 blocked\.$/m);
    expect(run.stdout).toMatch(/^ {2}! oss\.bucket\/ap-southeast-1\/demo-compliance: WORM retention is locked/m);
    const mutating = mutatingRequestsSince(sb, mark);
    expect(mutating.length).toBeGreaterThan(0);
    expect(new Set(mutating.map((e) => e.product))).toEqual(new Set(['oss']));
    expect(
      mutating
        .filter((e) => e.action === 'DeleteBucket')
        .map((e) => e.params.BucketName)
        .sort(),
    ).toEqual(['demo-assets', 'demo-logs-versioned', 'demo-uploads', 'demo-worm-pending']);
    expect(await bucketNames()).toEqual(['demo-compliance']);
  });
});
