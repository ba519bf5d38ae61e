// Apply's guarantees when the world moves, end to end through the built CLI on the demo
// account: --regions holds for account-wide listings too, a saved plan applied with another
// key never deletes that key (or its user), a step whose answer was lost is finished on the
// rerun, two applies never run at once, and hostile names are printed harmlessly.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeRun,
  logMark,
  makeWorkspace,
  requestsSince,
  resetSandbox,
  runCli,
  sandboxEnv,
  successfulDeletionsPerResource,
} from './cli.js';
import { DEMO_ACCOUNT, otherAccountScenario } from './scenarios.js';

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

describe('hostile text from the cloud', { timeout: 300_000 }, () => {
  // RAM CreateUser: Comments "can be up to 128 characters in length" — nothing keeps a newline
  // or an escape sequence out, and the plan prints it.
  const HOSTILE = 'x\n  # vpc.vpc/cn-hangzhou/vpc-other-1 will be KEPT\nPlan: 0 to destroy, 0 kept, 0 blocked.\x1b[2J\x1b[31m\u202e';

  it('is printed inert in the plan and the apply report: no fake line, no escape sequence', async () => {
    const hostile = await startSandbox({
      scenario: { ...otherAccountScenario(), ram: { users: [{ name: 'mallory', comments: HOSTILE }] } },
      speed: 2000,
    });
    try {
      const env = {
        ALIYUN_TEARDOWN_ENDPOINT: hostile.url,
        ALIBABA_CLOUD_ACCESS_KEY_ID: hostile.callerAccessKey.id,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: hostile.callerAccessKey.secret,
      };
      const plan = await cli(['plan'], env);
      expect(plan.code, describeRun(plan)).toBe(0);
      const apply = await cli(['apply', '--confirm=9999888877776666', '--poll-interval-ms', '50'], env);
      expect(apply.code, describeRun(apply)).toBe(0);
      for (const out of [plan.stdout, plan.stderr, apply.stdout, apply.stderr]) {
        expect(out).not.toContain('\x1b');
        expect(out).not.toContain('\u202e');
        expect(out).not.toMatch(/^\s*# vpc\.vpc\/cn-hangzhou\/vpc-other-1 will be KEPT/m);
      }
      expect(plan.stdout.match(/^Plan: /gm)).toHaveLength(1);
      expect(plan.stdout).toMatch(/^Plan: 2 to destroy, 0 kept, 0 blocked\.$/m);
      expect(plan.stdout).toContain(
        'comments=x\\n  # vpc.vpc/cn-hangzhou/vpc-other-1 will be KEPT\\nPlan: 0 to destroy, 0 kept, 0 blocked.\\x1b[2J\\x1b[31m\\u202e',
      );
    } finally {
      await hostile.close();
    }
  });
});

/** Polls `check` until it holds (the test's own timeout stops a hang). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 5));
}

describe('two applies at once', { timeout: 300_000 }, () => {
  it('the second refuses at once, naming the first, which finishes alone', async () => {
    const lock = join(ws.cwd, '.aliyun-teardown', 'locks', `${DEMO_ACCOUNT}.lock`);
    const first = cli(['apply', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50']);
    await until(() => existsSync(lock));
    // Hold the first run back (every request answered late) while the second one starts.
    sb.setFaults({ latencyMs: 1000 });
    let second;
    const mark = logMark(sb);
    // With the account's root key, to tell its requests apart: the lock is the account's, whatever the key.
    const ROOT_KEY = 'LTAI5tDemoRootKey00001';
    try {
      second = await cli(['apply', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50'], {
        ALIBABA_CLOUD_ACCESS_KEY_ID: ROOT_KEY,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'demoSecretRootKey000000000000000000',
      });
    } finally {
      sb.setFaults({});
    }
    expect(second.code, describeRun(second)).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(
        `^Error: another apply \\(apply, pid \\d+ on .+, started .+\\) is running against account ${DEMO_ACCOUNT} with this state directory; wait for it to finish`,
      ),
    );
    // The second run identified its caller and stopped there: no scan, no change.
    expect(
      requestsSince(sb, mark)
        .filter((e) => e.accessKeyId === ROOT_KEY)
        .map((e) => e.action),
    ).toEqual(['GetCallerIdentity']);
    const done = await first;
    expect(done.code, describeRun(done)).toBe(0);
    expect(existsSync(lock)).toBe(false);
    for (const [key, n] of successfulDeletionsPerResource(sb.requestLog())) expect(n, key).toBe(1);
  });
});

describe('a step whose answer a crash swallowed', { timeout: 300_000 }, () => {
  it('is finished by the rerun without being sent again', async () => {
    // Slow enough (1/10 of real time) that the conversion is still under way when the run is killed.
    const slow = await startSandbox({
      scenario: {
        ...otherAccountScenario(),
        vpc: {
          vpcs: [{ id: 'vpc-1', region: 'cn-hangzhou', cidrBlock: '10.9.0.0/16', name: 'main' }],
          vSwitches: [{ id: 'vsw-1', vpcId: 'vpc-1', zoneId: 'cn-hangzhou-h', cidrBlock: '10.9.1.0/24', name: 'a' }],
        },
        ecs: {
          securityGroups: [{ id: 'sg-1', region: 'cn-hangzhou', vpcId: 'vpc-1', name: 'web' }],
          instances: [
            {
              id: 'i-prepaid',
              region: 'cn-hangzhou',
              name: 'web',
              vSwitchId: 'vsw-1',
              securityGroupIds: ['sg-1'],
              status: 'Running',
              chargeType: 'PrePaid',
              expiredTime: '2027-03-31T16:00Z',
            },
          ],
        },
      },
      speed: 10,
    });
    try {
      const env = {
        ALIYUN_TEARDOWN_ENDPOINT: slow.url,
        ALIBABA_CLOUD_ACCESS_KEY_ID: slow.callerAccessKey.id,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: slow.callerAccessKey.secret,
      };
      const planned = await cli(['plan', '--out', 'plan.json'], env);
      expect(planned.code, describeRun(planned)).toBe(0);
      expect(planned.stdout).toContain('convert-to-postpaid');
      const args = ['apply', 'plan.json', '--confirm=9999888877776666', '--poll-interval-ms', '50'];
      const converted = () => slow.requestLog().some((e) => e.action === 'ModifyInstanceChargeType' && e.status === 200);
      let kill: ((signal?: NodeJS.Signals) => void) | undefined;
      const killed = runCli(args, { cwd: ws.cwd, env: { ...sandboxEnv(sb, ws.home), ...env }, onSpawn: (k) => (kill = k) });
      await until(converted);
      kill?.('SIGKILL');
      expect((await killed).signal).toBe('SIGKILL');
      const mark = slow.requestLog().length;
      const rerun = await cli(args, env);
      expect(rerun.code, describeRun(rerun)).toBe(0);
      expect(rerun.stdout).toMatch(/^Apply: 5 destroyed, 0 already gone, 0 failed, 0 skipped, 0 kept, 0 blocked\.$/m);
      // The conversion the killed run ordered is not ordered again (and its lock was taken over).
      expect(
        slow
          .requestLog()
          .slice(mark)
          .filter((e) => e.action === 'ModifyInstanceChargeType'),
      ).toEqual([]);
    } finally {
      await slow.close();
    }
  });
});
