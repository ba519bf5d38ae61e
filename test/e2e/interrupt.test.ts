// Ctrl-C (SIGINT) during apply: no new work starts, what is in flight finishes, the report says
// it was interrupted (exit 130), and the same command run again finishes the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, journalEvents, makeWorkspace, runCli, sandboxEnv } from './cli.js';
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

describe('apply interrupted with Ctrl-C', { timeout: 300_000 }, () => {
  it('stops starting work, reports what is not finished, exits 130; the rerun finishes', async () => {
    const options = { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) };
    const planned = await runCli(['plan', '--out', 'plan.json', '--quiet'], options);
    expect(planned.code, describeRun(planned)).toBe(0);

    let interrupted = false;
    const first = await runCli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--no-color'], {
      ...options,
      onSpawn: (kill) => {
        const poll = async (): Promise<void> => {
          const events = await journalEvents(ws.cwd);
          if (events.filter((e) => e.event === 'node-deleted').length >= 3) {
            interrupted = true;
            kill('SIGINT');
            return;
          }
          setTimeout(() => void poll(), 20);
        };
        void poll();
      },
    });
    expect(interrupted, describeRun(first)).toBe(true);
    expect(first.code, describeRun(first)).toBe(130);
    expect(first.stderr).toContain('Interrupted: finishing the calls in flight');
    expect(first.stdout).toMatch(/Interrupted: \d+ not finished\./);
    expect(first.stdout).toContain('rerun apply with the same plan to finish');
    const events = await journalEvents(ws.cwd);
    expect(events.some((e) => e.event === 'node-interrupted' || e.event === 'apply-end')).toBe(true);

    const second = await runCli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--no-color'], options);
    expect(second.code, describeRun(second)).toBe(0);
    expect(second.stdout).toMatch(/^Apply: \d+ destroyed, \d+ already gone, 0 failed, 0 skipped, 0 kept, \d+ blocked\.$/m);
    expect(second.stdout).toContain('Destroyed by an earlier run of this plan');
  });
});
