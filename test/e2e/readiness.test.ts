// `readiness` through the built CLI: what blocks cancelling the demo account before and after a
// teardown, an account with nothing left, and an account whose Resource Center is off.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { ReadinessCheck, ReadinessReport } from '../../src/readiness/model.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, parseJsonOutput, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT, emptyAccountScenario } from './scenarios.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;

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

async function readiness(
  target: RunningSandbox,
): Promise<{ code: number | null; report: ReadinessReport; checks: Map<string, ReadinessCheck> }> {
  const mark = logMark(target);
  const run = await runCli(['readiness', '--json'], { cwd: ws.cwd, env: sandboxEnv(target, ws.home) });
  const report = parseJsonOutput<ReadinessReport>(run);
  expect(report.accountId, describeRun(run)).toBe(target.accountId);
  expect(run.code, describeRun(run)).toBe(report.ready ? 0 : 3);
  // readiness is read-only, whatever it finds.
  expect(mutatingRequestsSince(target, mark)).toEqual([]);
  return { code: run.code, report, checks: new Map(report.checks.map((c) => [c.id, c])) };
}

/** Each evidence item, or the resources an item groups. */
const items = (check: ReadinessCheck | undefined): string[] => (check?.evidence ?? []).flatMap((e) => e.resources ?? [e.item]);

// Timeouts only stop a hung child; the machine may be shared and slow, so they are generous.
describe('readiness', { timeout: 300_000 }, () => {
  it('on the untouched demo account: blocked by resources, uncovered products, the domain, RAM and the balance', async () => {
    const { code, report, checks } = await readiness(sb);

    expect(code).toBe(3);
    expect(report.ready).toBe(false);
    const blocking = report.checks.filter((c) => c.status === 'blocking').map((c) => c.id);
    expect(blocking.sort()).toEqual(['balance', 'domains', 'ram', 'resources', 'uncovered']);
    expect(items(checks.get('resources'))).toContain('ecs.instance/cn-hangzhou/i-hz-web1 (web-1)');
    expect(items(checks.get('uncovered'))).toEqual(
      expect.arrayContaining([expect.stringContaining('fc-demo-service'), expect.stringContaining('sas-demo-001')]),
    );
    expect(items(checks.get('domains'))).toEqual([expect.stringMatching(/^example-demo\.com\b/)]);
    expect(items(checks.get('ram'))).toContain('ram.user/global/alice');
    expect(items(checks.get('balance'))).toEqual(['cash balance 120.50 CNY']);
  });

  it('after apply, reports exactly what must stay', async () => {
    const applied = await runCli(['apply', `--confirm=${DEMO_ACCOUNT}`, '--poll-interval-ms', '50', '--quiet'], {
      cwd: ws.cwd,
      env: sandboxEnv(sb, ws.home),
    });
    expect(applied.code, describeRun(applied)).toBe(0);

    const { code, checks } = await readiness(sb);
    expect(code).toBe(3);
    // What apply would not destroy is said with the plan's reason, never "run apply".
    expect(checks.get('resources')?.evidence).toEqual([
      { item: 'oss.bucket/ap-southeast-1/demo-compliance: blocked', action: expect.stringMatching(/^WORM retention is locked/) },
    ]);
    const uncovered = items(checks.get('uncovered'));
    expect(uncovered).toHaveLength(2);
    expect(uncovered).toEqual(
      expect.arrayContaining([expect.stringContaining('fc-demo-service'), expect.stringContaining('sas sas-demo-001')]),
    );
    expect(items(checks.get('domains'))).toEqual([expect.stringMatching(/^example-demo\.com\b/)]);
    expect(items(checks.get('ram'))).toEqual([
      'ram.access-key/global/LTAI5tDemoTeardownBot01 — the key running this check',
      'ram.role/global/AliyunServiceRoleForSLB: blocked',
      'ram.user/global/teardown-bot — the user running this check',
    ]);
    expect(checks.get('ram')?.evidence[1]?.action).toMatch(/^service-linked role, owned by its cloud service/);
    expect(items(checks.get('balance'))).toEqual(['cash balance 120.50 CNY']);
  });

  it('an account with nothing left, checked with the root key, is ready (exit 0)', async () => {
    const empty = await startSandbox({ scenario: emptyAccountScenario(), speed: 2000 });
    try {
      const { code, report } = await readiness(empty);
      expect(code).toBe(0);
      expect(report.ready).toBe(true);
      for (const check of report.checks)
        expect(check.status, `${check.id}: ${check.summary}`).toBe(check.id === 'manual' ? 'needs-a-person' : 'passed');
    } finally {
      await empty.close();
    }
  });

  it('with Resource Center disabled, says it cannot see uncovered products and how to enable it', async () => {
    const dark = await startSandbox({ scenario: emptyAccountScenario({ resourceCenterEnabled: false }), speed: 2000 });
    try {
      const { checks } = await readiness(dark);
      const uncovered = checks.get('uncovered');
      expect(uncovered?.status).not.toBe('passed');
      const evidence = uncovered?.evidence.find((e) => /Resource Center is not enabled/.test(e.item));
      expect(evidence, JSON.stringify(uncovered)).toBeDefined();
      expect(evidence?.action).toMatch(/Resource Center → Enable/);
    } finally {
      await dark.close();
    }
  });
});
