/**
 * Throttling benchmark: the apply benchmark's account, applied while the sandbox refuses a
 * share of RPC requests with Throttling.User (the plan is made before the faults are set).
 * Shows that the run completes and what the retries cost; 0 is the baseline.
 */
import { performance } from 'node:perf_hooks';
import { generateScenario } from '../src/sandbox/scenarios/generate.js';
import { parseOptions } from './harness/args.js';
import { countCode } from './harness/request-log-summary.js';
import { startSandboxProcess } from './harness/sandbox-host.js';
import { formatTable, seconds, type Cell } from './harness/table.js';
import { openToolSession } from './harness/tool-session.js';

export const THROTTLE_DEFAULTS = {
  regions: 2,
  perType: 100,
  concurrency: 10,
  speed: 10,
  pollIntervalMs: 2000,
  throttleRate: [0, 0.3],
} as const;

export async function runThrottleBench(argv: readonly string[]): Promise<string> {
  const o = parseOptions(argv, THROTTLE_DEFAULTS);
  const scenario = generateScenario({ regions: o.regions, perType: o.perType, objectsPerBucket: 0, seed: 'bench-throttle' });
  const rows: Cell[][] = [];
  for (const throttleRate of o.throttleRate) {
    if (throttleRate > 1) throw new Error('--throttle-rate values are probabilities from 0 to 1');
    const sandbox = await startSandboxProcess({ scenario, speed: o.speed, seed: 'bench-throttle' });
    try {
      const tool = await openToolSession(sandbox);
      const plan = await tool.plan({ concurrency: o.concurrency, only: ['ecs', 'vpc'] });
      const before = (await sandbox.requests()).length;
      await sandbox.setFaults({ throttleRate });
      const started = performance.now();
      const report = await tool.apply(plan, {
        concurrency: o.concurrency,
        timing: { pollBaseMs: o.pollIntervalMs, retryBaseMs: Math.min(1000, o.pollIntervalMs) },
      });
      const wallMs = performance.now() - started;
      const log = (await sandbox.requests()).slice(before);
      const throttled = countCode(log, 'Throttling.User');
      const notDone = report.failed.length + report.skipped.length + report.unfinished.length;
      rows.push([
        throttleRate,
        seconds(wallMs),
        plan.resources.length,
        report.deleted.length + report.alreadyGone.length,
        notDone,
        log.length,
        throttled,
        `${((100 * throttled) / Math.max(log.length, 1)).toFixed(1)} %`,
      ]);
      process.stderr.write(`throttle: rate ${throttleRate} done in ${seconds(wallMs)}\n`);
    } finally {
      await sandbox.close();
    }
  }
  return [
    `throttle: apply --only ecs,vpc on ${o.regions} regions × ${o.perType} per type, concurrency ${o.concurrency}, sandbox speed ×${o.speed}, poll ${o.pollIntervalMs} ms`,
    '',
    formatTable(
      ['throttle rate', 'apply wall time', 'in plan', 'deleted', 'not deleted', 'requests', 'Throttling.User (retried)', 'throttled share'],
      rows,
    ),
  ].join('\n');
}
