/**
 * `npm run bench [-- <summary|scan|apply|bucket|throttle|all>] [--option=value ...]`: runs one
 * benchmark (the summary when none is named, or all in turn) and prints its table on stdout; progress goes to stderr. See docs/benchmarks.md.
 */
import { cpus } from 'node:os';
import { APPLY_DEFAULTS, runApplyBench } from './apply.js';
import { BUCKET_DEFAULTS, runBucketBench } from './bucket.js';
import { describeOptions, type BenchOptions } from './harness/args.js';
import { SCAN_DEFAULTS, runScanBench } from './scan.js';
import { SUMMARY_DEFAULTS, runSummaryBench } from './summary.js';
import { THROTTLE_DEFAULTS, runThrottleBench } from './throttle.js';

interface Benchmark {
  readonly defaults: BenchOptions;
  run(argv: readonly string[]): Promise<string>;
}

const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  summary: { defaults: SUMMARY_DEFAULTS, run: runSummaryBench },
  scan: { defaults: SCAN_DEFAULTS, run: runScanBench },
  apply: { defaults: APPLY_DEFAULTS, run: runApplyBench },
  bucket: { defaults: BUCKET_DEFAULTS, run: runBucketBench },
  throttle: { defaults: THROTTLE_DEFAULTS, run: runThrottleBench },
};

function usage(): string {
  return [
    'usage: npm run bench [-- <name|all>] [--option=value ...]   (no name: summary)',
    ...Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(8)} ${describeOptions(b.defaults)}`),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  // No name (or only options): the summary table.
  const [name, ...options] = argv[0] === undefined || argv[0].startsWith('--') ? ['summary', ...argv] : argv;
  const names = name === 'all' ? Object.keys(BENCHMARKS) : name !== undefined && name in BENCHMARKS ? [name] : [];
  if (names.length === 0 || (name === 'all' && options.length > 0)) {
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  const cpu = cpus();
  process.stdout.write(
    `node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${new Date().toISOString().slice(0, 10)}\n\n`,
  );
  for (const n of names) {
    const bench = BENCHMARKS[n];
    if (!bench) continue;
    process.stdout.write(`${await bench.run(options)}\n\n`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
