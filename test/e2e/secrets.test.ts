// The caller's AccessKey secret, with everything logged (--log-level debug), reaches none of:
// stdout, stderr, the plan file, the run logs and journals under .aliyun-teardown/.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, filesUnder, makeWorkspace, runCli, sandboxEnv, type CliRun } from './cli.js';
import { DEMO_ACCOUNT } from './scenarios.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;

beforeAll(async () => {
  sb = await startSandbox({ scenario: 'demo', speed: 2000 });
  ws = await makeWorkspace();
});
afterAll(async () => {
  await sb.close();
  await ws.cleanup();
});

// Timeouts only stop a hung child; the machine may be shared and slow, so they are generous.
describe('secrets', { timeout: 300_000 }, () => {
  it('the AccessKey secret appears in no output, plan file, log or journal', async () => {
    const secret = sb.callerAccessKey.secret;
    expect(secret.length).toBeGreaterThan(20);
    const options = { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) };
    const runs: CliRun[] = [
      await runCli(['plan', '--out', 'plan.json', '--log-level', 'debug'], options),
      await runCli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--log-level', 'debug'], options),
      await runCli(['readiness', '--log-level', 'debug'], options),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 3]);

    for (const run of runs) {
      // Debug logging really was on: every API call is logged on stderr, with the key id.
      expect(run.stderr, describeRun(run)).toContain('api call');
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }

    const files = [join(ws.cwd, 'plan.json'), ...(await filesUnder(join(ws.cwd, '.aliyun-teardown')))];
    // A plan file, at least one run log per command and the apply journal.
    expect(files.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      expect(text.length, file).toBeGreaterThan(0);
      expect(text.includes(secret), `${file} contains the secret`).toBe(false);
    }
    // The key id is not a secret and is what makes the logs useful; its presence shows the check reads real content.
    expect((await readFile(join(ws.cwd, 'plan.json'), 'utf8')).includes(sb.callerAccessKey.id)).toBe(true);
  });
});
