/**
 * Apply benchmark: plan and apply `--only ecs,vpc` on a generated account (instances, disks,
 * security groups, VPCs, vswitches, EIPs in every region), then read from the sandbox's
 * request log how the instances were deleted: DeleteInstances calls, ids per call.
 */
import { performance } from 'node:perf_hooks';
import { generateScenario } from '../src/sandbox/scenarios/generate.js';
import { parseOptions } from './harness/args.js';
import { batchSizes, countAction } from './harness/request-log-summary.js';
import { startSandboxProcess } from './harness/sandbox-host.js';
import { formatTable, seconds } from './harness/table.js';
import { openToolSession } from './harness/tool-session.js';

export const APPLY_DEFAULTS = {
  regions: 3,
  perType: 300,
  concurrency: 10,
  /** Divides the sandbox's realistic delays (instance stop 10 s, release 15 s...). */
  speed: 10,
  /** The CLI's --poll-interval-ms default; the first retry delay is min(1000, this), as in `apply`. */
  pollIntervalMs: 2000,
} as const;

export async function runApplyBench(argv: readonly string[]): Promise<string> {
  const o = parseOptions(argv, APPLY_DEFAULTS);
  const scenario = generateScenario({ regions: o.regions, perType: o.perType, objectsPerBucket: 0, seed: 'bench-apply' });
  const sandbox = await startSandboxProcess({ scenario, speed: o.speed, seed: 'bench-apply' });
  try {
    const tool = await openToolSession(sandbox);
    const planStarted = performance.now();
    const plan = await tool.plan({ concurrency: o.concurrency, only: ['ecs', 'vpc'] });
    const planMs = performance.now() - planStarted;
    const before = (await sandbox.requests()).length;
    process.stderr.write(`apply: planned ${plan.resources.length} resources in ${seconds(planMs)}; applying\n`);

    const started = performance.now();
    const report = await tool.apply(plan, {
      concurrency: o.concurrency,
      timing: { pollBaseMs: o.pollIntervalMs, retryBaseMs: Math.min(1000, o.pollIntervalMs) },
    });
    const applyMs = performance.now() - started;
    const log = (await sandbox.requests()).slice(before);

    const instances = plan.resources.filter((n) => n.type === 'ecs.instance').length;
    const sizes = batchSizes(log, 'DeleteInstances', 'InstanceId');
    const failed = report.failed.length + report.skipped.length + report.unfinished.length;
    const rows = [
      ['resources in plan', plan.resources.length],
      ['deleted', report.deleted.length + report.alreadyGone.length],
      ['failed / skipped / unfinished', failed],
      ['plan wall time', seconds(planMs)],
      ['apply wall time', seconds(applyMs)],
      ['apply requests', log.length],
      ['ECS instances', instances],
      ['DeleteInstances calls (ok)', sizes.length],
      ['ids per DeleteInstances call', sizes.length > 0 ? `${Math.min(...sizes)}–${Math.max(...sizes)}` : '–'],
      ['instances deleted by DeleteInstances', sizes.reduce((a, b) => a + b, 0)],
      ['DeleteInstance (single) calls', countAction(log, 'DeleteInstance')],
      ['DescribeInstances calls', countAction(log, 'DescribeInstances')],
    ] as const;
    return [
      `apply: --only ecs,vpc on ${o.regions} regions × ${o.perType} per type, concurrency ${o.concurrency}, sandbox speed ×${o.speed}, poll ${o.pollIntervalMs} ms`,
      '',
      formatTable(['measure', 'value'], rows),
    ].join('\n');
  } finally {
    await sandbox.close();
  }
}
