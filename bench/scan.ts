/**
 * Scan benchmark: `plan` (scan + graph) of a generated account against the sandbox with a
 * fixed latency per request, at several global concurrency limits. The account is reloaded
 * before each run, so every run sees the same account and its own request log.
 */
import { performance } from 'node:perf_hooks';
import { generateScenario } from '../src/sandbox/scenarios/generate.js';
import { parseOptions } from './harness/args.js';
import { startSandboxProcess } from './harness/sandbox-host.js';
import { formatTable, seconds, type Cell } from './harness/table.js';
import { SlowestScanTask } from './harness/slowest-scan-task.js';
import { openToolSession } from './harness/tool-session.js';

export const SCAN_DEFAULTS = { regions: 6, perType: 200, latencyMs: 20, concurrency: [1, 4, 10, 20] } as const;

export async function runScanBench(argv: readonly string[]): Promise<string> {
  const o = parseOptions(argv, SCAN_DEFAULTS);
  const scenario = generateScenario({ regions: o.regions, perType: o.perType, objectsPerBucket: 0, seed: 'bench-scan' });
  const sandbox = await startSandboxProcess({ scenario, latencyMs: o.latencyMs, seed: 'bench-scan' });
  const rows: Cell[][] = [];
  try {
    for (const concurrency of o.concurrency) {
      await sandbox.reset();
      const tool = await openToolSession(sandbox);
      const slowest = new SlowestScanTask();
      const started = performance.now();
      const plan = await tool.plan({ concurrency, onProgress: (e) => slowest.observe(e) });
      const wallMs = performance.now() - started;
      const log = await sandbox.requests();
      const mutating = log.filter((e) => e.mutating).length;
      if (mutating > 0) throw new Error(`plan sent ${mutating} mutating requests`);
      if (plan.gaps.length > 0) throw new Error(`scan gaps: ${plan.gaps.map((w) => `${w.type}/${w.region}: ${w.code}`).join('; ')}`);
      const found = plan.resources.length + plan.kept.length + plan.blocked.length;
      rows.push([
        concurrency,
        seconds(wallMs),
        log.length,
        found,
        plan.resources.length,
        Math.round(log.length / (wallMs / 1000)),
        slowest.describe(),
      ]);
      process.stderr.write(`scan: concurrency ${concurrency} done in ${seconds(wallMs)}\n`);
    }
  } finally {
    await sandbox.close();
  }
  return [
    `scan: plan of ${o.regions} regions × ${o.perType} per type (generated account), sandbox latency ${o.latencyMs} ms/request`,
    '',
    formatTable(['concurrency', 'wall time', 'requests', 'resources found', 'to destroy', 'requests/s', 'slowest scan task'], rows),
  ].join('\n');
}
