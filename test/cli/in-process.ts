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
    const code = await runCli(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
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
