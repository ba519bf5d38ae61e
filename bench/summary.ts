/**
 * The summary (`npm run bench` with no name): one table with, per benchmark, the measured
 * figure, the lower bound computed from the run's own request counts and the injected
 * latency, and their ratio — the figures the performance goals are stated in
 * (docs/benchmarks.md). Every run is against a sandbox in a child process at `--latency-ms`
 * per request, so the tool's peak RSS is the tool's alone.
 *
 * Bounds (a run cannot be faster than its round trips allow):
 * - plan: the first request (DescribeRegions) alone, then the rest `concurrency` at a time:
 *   latency × (1 + (requests − 1) / concurrency);
 * - apply: requests against the minimum: the mutations that succeeded plus as many reads as
 *   the plan needed (one re-read of everything costs at most one scan);
 * - bucket: throughput against the bound of its own requests:
 *   objects / (latency × (1 + (requests − 1) / concurrency));
 * - quota: every action under a per-action QPS quota cannot go faster than its quota:
 *   max over actions of (its requests / its quota), against the measured apply time.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { RequestLogEntry } from '../src/sandbox/index.js';
import { generateScenario } from '../src/sandbox/scenarios/generate.js';
import { parseOptions } from './harness/args.js';
import { bucketScenario } from './bucket.js';
import { startMemorySampler } from './harness/memory-sampler.js';
import { startSandboxProcess } from './harness/sandbox-host.js';
import { SlowestScanTask } from './harness/slowest-scan-task.js';
import { loadProductSdks } from './harness/load-sdks.js';
import { formatTable, mebibytes, seconds, type Cell } from './harness/table.js';
import { openToolSession } from './harness/tool-session.js';

export const SUMMARY_DEFAULTS = {
  regions: 6,
  perType: 30,
  /** RAM users, groups, roles, policies, DNS zones...: the per-resource detail calls of a scan. */
  globalPerType: 100,
  latencyMs: 30,
  concurrency: 10,
  speed: 50,
  /** 0: plan only (the apply row is left out). */
  apply: 1,
  pollIntervalMs: 2000,
  objects: 1_000_000,
  versionedObjects: 200_000,
  /** Requests per second each mutating action of the quota run may make. */
  quotaQps: 20,
  /** Resources per type and region (2 regions, ecs and vpc) of the quota run. */
  quotaPerType: 30,
} as const;

export type Options = { readonly [K in keyof typeof SUMMARY_DEFAULTS]: number };

export interface Row {
  readonly name: string;
  readonly measured: string;
  readonly bound: string;
  readonly ratio: string;
  readonly requests: number;
  readonly detail: string;
  readonly rss: number;
}

const ratio = (r: number): string => `${r.toFixed(2)}×`;

function boundMs(requests: number, latencyMs: number, concurrency: number): number {
  return latencyMs * (1 + Math.max(0, requests - 1) / concurrency);
}

function mutations(log: readonly RequestLogEntry[]): number {
  return log.filter((e) => e.mutating && e.code === undefined).length;
}

/** The three actions called most, for the detail column: where the requests went. */
function topActions(log: readonly RequestLogEntry[], n = 3): string {
  const counts = new Map<string, number>();
  for (const e of log) {
    const action = e.product === 'oss' ? `oss ${e.action.split(' ')[0] ?? ''}` : e.action;
    counts.set(action, (counts.get(action) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([a, c]) => `${a} ${c.toLocaleString('en-US')}`)
    .join(', ');
}

async function planAndApply(o: Options): Promise<Row[]> {
  const scenario = generateScenario({
    regions: o.regions,
    perType: o.perType,
    globalPerType: o.globalPerType,
    objectsPerBucket: 0,
    seed: 'bench-summary',
  });
  const sandbox = await startSandboxProcess({ scenario, latencyMs: o.latencyMs, speed: o.speed, seed: 'bench-summary' });
  try {
    const tool = await openToolSession(sandbox);
    const identity = (await sandbox.requests()).length;
    // Start-up, apart from the plan's time: see load-sdks.ts.
    const sdkMs = loadProductSdks();
    let memory = startMemorySampler();
    const planStarted = performance.now();
    // CPU of both processes: a plan slower than its bound on this machine waits for a core, not the network.
    const planCpuBefore = process.cpuUsage();
    const planSandboxCpuBefore = sandbox.cpuSeconds();
    const slowest = new SlowestScanTask();
    const plan = await tool.plan({ concurrency: o.concurrency, onProgress: (e) => slowest.observe(e) });
    const planMs = performance.now() - planStarted;
    const planCpu = process.cpuUsage(planCpuBefore);
    const planSandboxCpuAfter = sandbox.cpuSeconds();
    const planRss = memory.stop().peakRss;
    const planLog = (await sandbox.requests()).slice(identity);
    if (planLog.some((e) => e.mutating)) throw new Error('plan sent a mutating request');
    if (plan.gaps.length > 0) throw new Error(`scan gaps: ${plan.gaps.map((w) => `${w.type}/${w.region}: ${w.code}`).join('; ')}`);
    process.stderr.write(`summary: plan of ${plan.resources.length} resources in ${seconds(planMs)}\n`);
    const planRow: Row = {
      name: `plan: ${o.regions} regions × ${o.perType} per type, ${(plan.resources.length + plan.kept.length + plan.blocked.length).toLocaleString('en-US')} resources`,
      measured: seconds(planMs),
      bound: seconds(boundMs(planLog.length, o.latencyMs, o.concurrency)),
      ratio: ratio(planMs / boundMs(planLog.length, o.latencyMs, o.concurrency)),
      requests: planLog.length,
      detail:
        `product SDKs loaded before the timer in ${seconds(sdkMs)}; slowest task ${slowest.describe()}; tool CPU ${seconds((planCpu.user + planCpu.system) / 1000)}` +
        (planSandboxCpuBefore !== undefined && planSandboxCpuAfter !== undefined
          ? `, sandbox CPU ${seconds((planSandboxCpuAfter - planSandboxCpuBefore) * 1000)}`
          : '') +
        `; load ${loadavg()[0]?.toFixed(1) ?? '?'}; ${topActions(planLog)}`,
      rss: planRss,
    };
    if (o.apply === 0) return [planRow];

    memory = startMemorySampler();
    const applyStarted = performance.now();
    const report = await tool.apply(plan, {
      concurrency: o.concurrency,
      timing: { pollBaseMs: o.pollIntervalMs, retryBaseMs: Math.min(1000, o.pollIntervalMs) },
    });
    const applyMs = performance.now() - applyStarted;
    const applyRss = memory.stop().peakRss;
    const applyLog = (await sandbox.requests()).slice(identity + planLog.length);
    const notDone = report.failed.length + report.skipped.length + report.unfinished.length;
    if (notDone > 0) throw new Error(`apply left ${notDone} resources: ${JSON.stringify(report.failed.slice(0, 3))}`);
    const minimum = mutations(applyLog) + planLog.length + identity;
    process.stderr.write(`summary: applied in ${seconds(applyMs)}\n`);
    // Every action's count, for comparing two runs (the table keeps the top three).
    process.stderr.write(`summary: apply requests by action: ${topActions(applyLog, Number.MAX_SAFE_INTEGER)}\n`);
    return [
      planRow,
      {
        name: `apply: requests, ${report.deleted.length.toLocaleString('en-US')} deleted`,
        measured: `${applyLog.length.toLocaleString('en-US')} requests`,
        bound: `${minimum.toLocaleString('en-US')} (${mutations(applyLog).toLocaleString('en-US')} mutations + ${(planLog.length + identity).toLocaleString('en-US')} plan reads)`,
        ratio: ratio(applyLog.length / minimum),
        requests: applyLog.length,
        detail: `wall ${seconds(applyMs)}; ${topActions(applyLog)}`,
        rss: applyRss,
      },
    ];
  } finally {
    await sandbox.close();
  }
}

async function bucket(o: Options, objects: number, versioned: boolean): Promise<Row> {
  const sandbox = await startSandboxProcess({
    scenario: bucketScenario(objects, versioned, 1024),
    latencyMs: o.latencyMs,
    seed: 'bench-summary',
  });
  try {
    const tool = await openToolSession(sandbox);
    const plan = await tool.plan({ concurrency: o.concurrency, only: ['oss'] });
    const before = (await sandbox.requests()).length;
    const memory = startMemorySampler();
    const started = performance.now();
    // The tool's own CPU time (the sandbox is another process): what a starved machine's load
    // average affects less than the wall time.
    const cpuBefore = process.cpuUsage();
    const sandboxCpuBefore = sandbox.cpuSeconds();
    const report = await tool.apply(plan, { concurrency: o.concurrency });
    const cpu = process.cpuUsage(cpuBefore);
    const sandboxCpuAfter = sandbox.cpuSeconds();
    const wallMs = performance.now() - started;
    const peaks = memory.stop();
    if (report.deleted.length !== 1) throw new Error(`the bucket was not deleted: ${JSON.stringify(report.failed)}`);
    const log = (await sandbox.requests()).slice(before);
    const bound = boundMs(log.length, o.latencyMs, o.concurrency);
    const rate = objects / (wallMs / 1000);
    const boundRate = objects / (bound / 1000);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    process.stderr.write(`summary: bucket of ${objects} objects in ${seconds(wallMs)}\n`);
    return {
      name: `bucket: ${objects.toLocaleString('en-US')} objects${versioned ? ', versioned' : ''}`,
      measured: `${Math.round(rate).toLocaleString('en-US')} objects/s`,
      bound: `${Math.round(boundRate).toLocaleString('en-US')} objects/s`,
      ratio: ratio(boundRate / rate),
      requests: log.length,
      detail:
        `wall ${seconds(wallMs)}; tool CPU ${seconds(cpuMs)} (${Math.round(objects / (cpuMs / 1000)).toLocaleString('en-US')} objects per CPU-second)` +
        (sandboxCpuBefore !== undefined && sandboxCpuAfter !== undefined
          ? `; sandbox CPU ${seconds((sandboxCpuAfter - sandboxCpuBefore) * 1000)}`
          : '') +
        `; tool RSS before ${mebibytes(peaks.rssBefore)}; load ${loadavg()[0]?.toFixed(1) ?? '?'}; ${topActions(log)}`,
      rss: peaks.peakRss,
    };
  } finally {
    await sandbox.close();
  }
}

async function quota(o: Options): Promise<Row> {
  const scenario = generateScenario({ regions: 2, perType: o.quotaPerType, objectsPerBucket: 0, seed: 'bench-summary-quota' });
  const sandbox = await startSandboxProcess({ scenario, latencyMs: o.latencyMs, speed: o.speed, seed: 'bench-summary-quota' });
  try {
    const tool = await openToolSession(sandbox);
    const plan = await tool.plan({ concurrency: o.concurrency, only: ['ecs', 'vpc'] });
    const before = (await sandbox.requests()).length;
    // Every action the apply may call gets the same per-second quota (real quotas are per API).
    const actions = [
      'DescribeInstances',
      'DeleteInstances',
      'DeleteInstance',
      'StopInstances',
      'DescribeDisks',
      'DeleteDisk',
      'DescribeSecurityGroups',
      'DeleteSecurityGroup',
      'DescribeEipAddresses',
      'ReleaseEipAddress',
      'DescribeVSwitches',
      'DeleteVSwitch',
      'DescribeVpcs',
      'DeleteVpc',
      'DescribeVSwitchAttributes',
      'DescribeVpcAttribute',
    ];
    await sandbox.setFaults({ latencyMs: o.latencyMs, rateLimits: Object.fromEntries(actions.map((a) => [a, o.quotaQps])) });
    const memory = startMemorySampler();
    const started = performance.now();
    const report = await tool.apply(plan, {
      concurrency: o.concurrency,
      timing: { pollBaseMs: o.pollIntervalMs, retryBaseMs: Math.min(1000, o.pollIntervalMs) },
    });
    const wallMs = performance.now() - started;
    const peaks = memory.stop();
    const log = (await sandbox.requests()).slice(before);
    const notDone = report.failed.length + report.skipped.length + report.unfinished.length;
    if (notDone > 0) throw new Error(`apply under quota left ${notDone} resources`);
    const answered = new Map<string, number>();
    for (const e of log) if (e.code !== 'Throttling.User') answered.set(e.action, (answered.get(e.action) ?? 0) + 1);
    const boundMsQuota = Math.max(...[...answered.values()].map((n) => (n / o.quotaQps) * 1000));
    const throttled = log.filter((e) => e.code === 'Throttling.User').length;
    process.stderr.write(`summary: apply under quota in ${seconds(wallMs)}\n`);
    return {
      name: `apply under ${o.quotaQps} QPS per action (ecs,vpc, 2 regions)`,
      measured: seconds(wallMs),
      bound: seconds(boundMsQuota),
      ratio: ratio(wallMs / boundMsQuota),
      requests: log.length,
      detail: `${throttled.toLocaleString('en-US')} throttled; ${topActions(log)}`,
      rss: peaks.peakRss,
    };
  } finally {
    await sandbox.close();
  }
}

/** The summary's runs; each runs in a fresh process of its own (summary-row.ts). */
export type SummaryRun = 'plan-apply' | 'bucket' | 'versioned-bucket' | 'quota';

export async function summaryRows(run: SummaryRun, o: Options): Promise<Row[]> {
  switch (run) {
    case 'plan-apply':
      return planAndApply(o);
    case 'bucket':
      return [await bucket(o, o.objects, false)];
    case 'versioned-bucket':
      return [await bucket(o, o.versionedObjects, true)];
    case 'quota':
      return [await quota(o)];
  }
}

export type SummaryRowMessage = { readonly kind: 'rows'; readonly rows: Row[] } | { readonly kind: 'failed'; readonly message: string };

/**
 * Runs one of the summary's runs in a fresh child process, as a user's command is one process:
 * the tool's peak RSS of a row is then its own, not what an earlier row left behind (RSS does
 * not shrink after a garbage collection). The child inherits this process's --expose-gc.
 */
async function inFreshProcess(run: SummaryRun, o: Options): Promise<Row[]> {
  const child = fork(new URL('./summary-row.js', import.meta.url), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<Row[]>((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (m: SummaryRowMessage) => (m.kind === 'rows' ? resolve(m.rows) : reject(new Error(m.message))));
    child.once('exit', (code) => reject(new Error(`the ${run} run exited with ${code} before reporting`)));
    child.send({ run, options: o });
  });
}

export async function runSummaryBench(argv: readonly string[]): Promise<string> {
  const o = parseOptions(argv, SUMMARY_DEFAULTS);
  const runs: SummaryRun[] = [
    ...(o.perType > 0 || o.globalPerType > 0 ? (['plan-apply'] as const) : []),
    ...(o.objects > 0 ? (['bucket'] as const) : []),
    ...(o.versionedObjects > 0 ? (['versioned-bucket'] as const) : []),
    ...(o.quotaQps > 0 ? (['quota'] as const) : []),
  ];
  const rows: Row[] = [];
  for (const run of runs) rows.push(...(await inFreshProcess(run, o)));
  const cells: Cell[][] = rows.map((r) => [r.name, r.measured, r.bound, r.ratio, r.requests, mebibytes(r.rss), r.detail]);
  return [
    `summary: each run in a fresh process, the sandbox in another, ${o.latencyMs} ms per request, concurrency ${o.concurrency}, sandbox speed ×${o.speed}`,
    '',
    formatTable(['benchmark', 'measured', 'bound', 'ratio', 'requests', 'tool peak RSS', 'where the requests went'], cells),
  ].join('\n');
}
