// Apply's guarantees when the world moves, end to end through the built CLI on the demo
// account: --regions holds for account-wide listings too, a saved plan applied with another
// key never deletes that key (or its user), a step whose answer was lost is finished on the
// rerun, two applies never run at once, and hostile names are printed harmlessly.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, logMark, makeWorkspace, requestsSince, resetSandbox, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT } from './scenarios.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const cli = (args: readonly string[], env: Record<string, string> = {}) =>
  runCli(args, { cwd: ws.cwd, env: { ...sandboxEnv(sb, ws.home), ...env } });

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

describe('apply --regions', { timeout: 300_000 }, () => {
  it('leaves buckets of other regions alone, although ListBuckets lists them all', async () => {
    const mark = logMark(sb);
    const run = await cli(['apply', '--regions', 'cn-hangzhou', '--only', 'oss', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).not.toMatch(/demo-logs-versioned|demo-compliance/);
    // cn-hangzhou's buckets are gone; cn-shanghai's and ap-southeast-1's were never touched.
    expect(await bucketNames()).toEqual(['demo-compliance', 'demo-logs-versioned']);
    const touched = requestsSince(sb, mark).filter(
      (e) => e.mutating && /demo-logs-versioned|demo-compliance/.test(`${e.action} ${JSON.stringify(e.params)}`),
    );
    expect(touched).toEqual([]);
  });
});
