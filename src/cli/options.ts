import type { Argv } from 'yargs';
import { LOG_LEVELS } from './logging.js';

/** Options every command that talks to the cloud accepts. */
export interface GlobalArgs {
  readonly profile?: string | undefined;
  readonly config?: string | undefined;
  readonly regions?: readonly string[] | undefined;
  readonly only?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly excludeRegions?: readonly string[] | undefined;
  readonly olderThan?: string | undefined;
  readonly newerThan?: string | undefined;
  readonly concurrency?: number | undefined;
  readonly sandbox: boolean;
  readonly scenario?: string | undefined;
  readonly sandboxSpeed: number;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly color: boolean;
  readonly logLevel: string;
  readonly stateDir: string;
}

const list = (v: unknown): string[] | undefined => {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : [v])
    .flatMap((x) => String(x).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

export function withGlobalOptions<T>(y: Argv<T>) {
  return y
    .option('profile', {
      type: 'string',
      describe: 'aliyun CLI profile to take credentials from (default: the credential chain: env, profile, ECS RAM role)',
    })
    .option('config', {
      alias: 'c',
      type: 'string',
      describe: 'YAML config file: keep rules, regions, include/exclude, settings (see docs/config.md)',
    })
    .option('regions', {
      type: 'string',
      array: true,
      coerce: list,
      describe: 'only these regions, comma separated (default: every region from ECS DescribeRegions)',
    })
    .option('exclude-regions', {
      type: 'string',
      array: true,
      coerce: list,
      describe: 'leave these regions out, comma separated (checked against DescribeRegions like --regions)',
    })
    .option('only', { type: 'string', array: true, coerce: list, describe: 'only these services or types, e.g. --only ecs,oss.bucket' })
    .option('exclude', { type: 'string', array: true, coerce: list, describe: 'leave these services or types alone, e.g. --exclude ram' })
    .option('older-than', {
      type: 'string',
      describe: 'destroy only what was created more than this long ago (7d, 12h, 30m, 2w); unknown creation times are kept',
    })
    .option('newer-than', {
      type: 'string',
      describe: 'destroy only what was created less than this long ago (7d, 12h, 30m, 2w); unknown creation times are kept',
    })
    .option('concurrency', { type: 'number', describe: 'API work in flight at once, 1-100 (default 10; config concurrency.global)' })
    .option('sandbox', {
      type: 'boolean',
      default: false,
      describe: 'run against an in-process emulated account (no real cloud is touched)',
    })
    .option('scenario', { type: 'string', describe: 'with --sandbox: "demo" (default) or a scenario file (see docs/sandbox.md)' })
    .option('sandbox-speed', {
      type: 'number',
      default: 200,
      describe: 'with --sandbox: how much faster than real time asynchronous deletions complete',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'machine-readable output on stdout (progress stays on stderr; --quiet silences it)',
    })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress on stderr' })
    .option('color', {
      type: 'boolean',
      default: process.stdout.isTTY === true && !process.env.NO_COLOR,
      describe: 'colour the output (--no-color to disable)',
    })
    .option('log-level', {
      type: 'string',
      choices: LOG_LEVELS,
      default: 'warn',
      describe: 'what is logged on stderr (the run log file always has everything)',
    })
    .option('state-dir', { type: 'string', default: '.aliyun-teardown', describe: 'where run logs and apply journals are kept' });
}
