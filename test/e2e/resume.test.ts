// An apply killed outright (SIGKILL: no handler runs, the journal is all that survives) and run
// again with the same plan file finishes the work, and deletes nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import {
  describeRun,
  journalEvents,
  logMark,
  makeWorkspace,
  requestsSince,
  runCli,
  sandboxEnv,
  successfulDeletionsPerResource,
} from './cli.js';
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

const KILL_AFTER_DELETED = 4;

async function deletedAddresses(): Promise<Set<string>> {
  const events = await journalEvents(ws.cwd);
  return new Set(events.filter((e) => e.event === 'node-deleted').map((e) => String(e.address)));
}

// Timeouts only stop a hung child; the machine may be shared and slow, so they are generous.
describe('apply resumes after being killed', { timeout: 300_000 }, () => {
  it('the rerun finishes, counts what the killed run destroyed, and no resource gets two successful deletions', async () => {
    const options = { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) };
    const planned = await runCli(['plan', '--out', 'plan.json', '--quiet'], options);
    expect(planned.code, describeRun(planned)).toBe(0);

    const mark = logMark(sb);
    let killedOnTime = false;
    const first = await runCli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--no-color'], {
      ...options,
      onSpawn: (kill) => {
        const poll = async (): Promise<void> => {
          if ((await deletedAddresses()).size >= KILL_AFTER_DELETED) {
            killedOnTime = true;
            kill();
            return;
          }
          setTimeout(() => void poll(), 20);
        };
        void poll();
      },
    });
    expect(killedOnTime, `the apply ended before ${KILL_AFTER_DELETED} nodes were deleted:\n${describeRun(first)}`).toBe(true);
    expect(first.signal).toBe('SIGKILL');
    const deletedByFirst = await deletedAddresses();
    expect(deletedByFirst.size).toBeGreaterThanOrEqual(KILL_AFTER_DELETED);

    const second = await runCli(['apply', 'plan.json', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--no-color'], options);
    expect(second.code, describeRun(second)).toBe(0);
    expect(second.stdout).toMatch(/^Apply: \d+ destroyed, \d+ already gone, 0 failed, 0 skipped, 0 kept, \d+ blocked\.$/m);
    // The report credits the killed run with exactly what its journal recorded as deleted.
    expect(second.stdout).toContain(`Destroyed by an earlier run of this plan (${deletedByFirst.size}):`);
    for (const address of deletedByFirst) expect(second.stdout).toContain(`  - ${address}\n`);

    const deletions = successfulDeletionsPerResource(requestsSince(sb, mark));
    expect(deletions.size).toBeGreaterThan(KILL_AFTER_DELETED);
    const twice = [...deletions].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
    expect(twice).toEqual([]);
  });
});
