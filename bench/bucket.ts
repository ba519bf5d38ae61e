/**
 * Bucket benchmark: `apply --only oss` on an account holding one bucket of N generated
 * objects (docs/sandbox-oss.md), through the real oss.bucket provider (empty: list a page,
 * DeleteMultipleObjects it, next page; then DeleteBucket). Reports throughput, the calls the
 * sandbox saw, and this thread's peak heap: the provider streams, so the peak should not
 * grow with the bucket (compare the sizes). Each size runs against a fresh sandbox.
 */
import { performance } from 'node:perf_hooks';
import { generateScenario } from '../src/sandbox/scenarios/generate.js';
import { parseOptions } from './harness/args.js';
import { collectGarbage, startMemorySampler } from './harness/memory-sampler.js';
import { countAction } from './harness/request-log-summary.js';
import { startSandboxProcess } from './harness/sandbox-host.js';
import { formatTable, mebibytes, seconds, type Cell } from './harness/table.js';
import { openToolSession } from './harness/tool-session.js';

export const BUCKET_DEFAULTS = {
  objects: [100_000, 1_000_000],
  versionedObjects: [100_000],
  objectSize: 1024,
  concurrency: 10,
} as const;

export function bucketScenario(objects: number, versioned: boolean, objectSize: number): Record<string, unknown> {
  // The generator's account (caller, RAM user) with no resources of its own, plus one bucket.
  const account = generateScenario({ regions: 1, perType: 0, objectsPerBucket: 0, seed: 'bench-bucket' });
  const bucket = {
    name: `bench-bucket-${versioned ? 'versioned' : 'plain'}-${objects}`,
    region: 'cn-hangzhou',
    ...(versioned ? { versioning: 'Enabled' } : {}),
    objects: { generate: { count: objects, prefix: 'data/obj-', size: objectSize } },
  };
  return { ...account, oss: { buckets: [bucket] } };
}

export async function runBucketBench(argv: readonly string[]): Promise<string> {
  const o = parseOptions(argv, BUCKET_DEFAULTS);
  const runs = [
    ...o.objects.map((n) => ({ objects: n, versioned: false })),
    ...o.versionedObjects.map((n) => ({ objects: n, versioned: true })),
  ];
  const rows: Cell[][] = [];
  for (const { objects, versioned } of runs) {
    const sandbox = await startSandboxProcess({ scenario: bucketScenario(objects, versioned, o.objectSize), seed: 'bench-bucket' });
    try {
      const tool = await openToolSession(sandbox);
      const plan = await tool.plan({ concurrency: o.concurrency, only: ['oss'] });
      const planned = plan.resources.find((n) => n.type === 'oss.bucket');
      if (!planned || planned.resource.properties.objectCount !== objects)
        throw new Error(
          `expected one bucket of ${objects} objects in the plan, got ${JSON.stringify(planned?.resource.properties ?? null)}`,
        );
      const before = (await sandbox.requests()).length;

      collectGarbage();
      const memory = startMemorySampler();
      const started = performance.now();
      const report = await tool.apply(plan, { concurrency: o.concurrency });
      const wallMs = performance.now() - started;
      const peaks = memory.stop();

      const log = (await sandbox.requests()).slice(before);
      if (report.deleted.length !== 1) throw new Error(`the bucket was not deleted: ${JSON.stringify(report.failed)}`);
      const deleteCalls = countAction(log, 'DeleteMultipleObjects');
      rows.push([
        versioned ? 'versioned (Enabled)' : 'unversioned',
        objects,
        seconds(wallMs),
        Math.round(objects / (wallMs / 1000)),
        deleteCalls,
        countAction(log, versioned ? 'ListObjectVersions' : 'ListObjectsV2'),
        mebibytes(peaks.heapUsedBefore),
        mebibytes(peaks.peakHeapUsed),
        peaks.peakLiveHeap !== undefined ? mebibytes(peaks.peakLiveHeap) : 'needs --expose-gc',
        mebibytes(peaks.peakRss),
      ]);
      process.stderr.write(`bucket: ${objects} objects${versioned ? ' (versioned)' : ''} emptied and deleted in ${seconds(wallMs)}\n`);
    } finally {
      await sandbox.close();
    }
  }
  return [
    'bucket: apply --only oss, one bucket of generated objects (sandbox in a worker thread; heap = the tool thread only, RSS = whole process)',
    '',
    formatTable(
      [
        'bucket',
        'objects',
        'apply wall time',
        'objects/s',
        'DeleteMultipleObjects',
        'list calls',
        'heap before',
        'peak heap',
        'peak live heap (after GC)',
        'peak RSS',
      ],
      rows,
    ),
  ].join('\n');
}
