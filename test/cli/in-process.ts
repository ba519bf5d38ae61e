/**
 * Runs the command line in this process (`runCli` from src/cli/run.ts), capturing what it
 * writes to stdout and stderr. Cheaper than spawning the built CLI, and proves the same for
 * everything but process-level behaviour (signals, exit of the process itself).
 *
 * The environment is replaced for the duration of the run (credentials, endpoint) and
 * restored afterwards, as are the stream writers: tests share a worker (isolate: false).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { CliOptions, CliRun } from '../e2e/cli.js';

export interface InProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Variables a run sets; every one of them is removed or restored afterwards. */
const MANAGED_ENV = [
  'ALIYUN_TEARDOWN_ENDPOINT',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALIBABA_CLOUD_PROFILE',
  'NO_COLOR',
] as const;

export async function runCliInProcess(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<InProcessRun> {
  const saved = new Map(MANAGED_ENV.map((k) => [k, process.env[k]]));
  for (const k of MANAGED_ENV) delete process.env[k];
  Object.assign(process.env, { NO_COLOR: '1' }, env);
  try {
    return await captured(() => runCli(args));
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * Like test/e2e/cli.ts's runCli (a working directory and the WHOLE environment, nothing
 * inherited but PATH; stdin not a terminal), but in this process: for refusals, which end
 * before any work starts, it proves the same as spawning the built CLI, in a fraction of the
 * time. The working directory and environment are restored afterwards.
 */
export async function runCliIsolated(args: readonly string[], options: Pick<CliOptions, 'cwd' | 'env'>): Promise<CliRun> {
  const saved = { env: process.env, cwd: process.cwd() };
  process.env = { PATH: saved.env.PATH ?? '/usr/bin:/bin', ...options.env };
  process.chdir(options.cwd);
  try {
    return { ...(await captured(() => runCli(args))), signal: null };
  } finally {
    process.chdir(saved.cwd);
    process.env = saved.env;
  }
}

/** Runs `run`, capturing what it writes to stdout and stderr. */
async function captured(run: () => Promise<number>): Promise<InProcessRun> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const capture =
    (into: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r): r is () => void => typeof r === 'function');
      cb?.();
      return true;
    };
  process.stdout.write = capture(out) as typeof process.stdout.write;
  process.stderr.write = capture(err) as typeof process.stderr.write;
  try {
    const code = await run();
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

/** Credentials and endpoint of `sb`'s caller (or of another key of its account). */
export function sandboxCredentials(sb: RunningSandbox, key: { readonly id: string; readonly secret: string } = sb.callerAccessKey) {
  return { ALIYUN_TEARDOWN_ENDPOINT: sb.url, ALIBABA_CLOUD_ACCESS_KEY_ID: key.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret };
}

/** A temporary directory for one test; `cleanup()` removes it. */
export async function tempDir(): Promise<{ readonly path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'teardown-cli-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
