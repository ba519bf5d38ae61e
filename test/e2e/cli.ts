/**
 * Runs the BUILT command line (bin/aliyun-teardown.js → dist/) as a separate process, the
 * way a user or a CI job does, against a sandbox the test started itself.
 *
 * Every run gets its own working directory (so `.aliyun-teardown/` is per test) and an
 * empty HOME (so no developer's real aliyun profile can ever be found); the environment
 * is built from scratch rather than inherited, so no real credential leaks in either.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry, RunningSandbox } from '../../src/sandbox/index.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(REPO, 'bin/aliyun-teardown.js');
const BUILT_ENTRY = join(REPO, 'dist/cli/main.js');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Working directory (the state dir `.aliyun-teardown/` lands here). */
  readonly cwd: string;
  /** The whole environment of the child (nothing is inherited but PATH). */
  readonly env: Readonly<Record<string, string>>;
  /** Kill the child (SIGKILL) after this long; a hang then fails the test with its output. @default 150000 (generous: only a hang should reach it) */
  readonly timeoutMs?: number;
  /** Called once the child is spawned, e.g. to kill it at a chosen moment. */
  readonly onSpawn?: (kill: (signal?: NodeJS.Signals) => void) => void;
}

export function assertBuilt(): void {
  if (!existsSync(BUILT_ENTRY)) throw new Error(`${BUILT_ENTRY} is missing: build first (npx tsc -p tsconfig.json, or npm test)`);
}

/** Runs `node bin/aliyun-teardown.js ...args` with stdin closed (not a terminal). */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  assertBuilt();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 150_000);
    options.onSpawn?.((signal = 'SIGKILL') => child.kill(signal));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** A fresh working directory and an empty HOME for one test; `cleanup()` removes both. */
export async function makeWorkspace(): Promise<{ readonly cwd: string; readonly home: string; cleanup(): Promise<void> }> {
  const cwd = await mkdtemp(join(tmpdir(), 'teardown-e2e-cwd-'));
  const home = await mkdtemp(join(tmpdir(), 'teardown-e2e-home-'));
  return {
    cwd,
    home,
    cleanup: async () => {
      await rm(cwd, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** The environment that points the CLI at `sb` with the scenario's caller key. */
export function sandboxEnv(sb: RunningSandbox, home: string): Record<string, string> {
  return {
    ...isolatedEnv(home),
    ALIYUN_TEARDOWN_ENDPOINT: sb.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: sb.callerAccessKey.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: sb.callerAccessKey.secret,
    // No countdown after --confirm=<id>, as in a CI job (the countdown has its own tests).
    ALIYUN_TEARDOWN_PROMPT_DELAY: '0',
  };
}

/** No credentials, no endpoint, no profile: only an empty HOME and the metadata service switched off. */
export function isolatedEnv(home: string): Record<string, string> {
  return { HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', NO_COLOR: '1' };
}

/** A position in the sandbox's request log, to look only at what one command sent. */
export function logMark(sb: RunningSandbox): number {
  return sb.requestLog().length;
}

export function requestsSince(sb: RunningSandbox, mark: number): RequestLogEntry[] {
  return sb.requestLog().slice(mark);
}

export function mutatingRequestsSince(sb: RunningSandbox, mark: number): RequestLogEntry[] {
  return requestsSince(sb, mark).filter((e) => e.mutating);
}

/** POST /__sandbox/reset: a fresh copy of the scenario and an empty request log. */
export async function resetSandbox(sb: RunningSandbox): Promise<void> {
  const res = await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`sandbox reset answered ${res.status}`);
  await res.arrayBuffer();
}

/** Every file under `dir`, recursively (absent dir: none). */
export async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The journal lines of every run under `<cwd>/.aliyun-teardown/runs/`. */
export async function journalEvents(cwd: string): Promise<{ readonly event?: string; readonly [k: string]: unknown }[]> {
  const files = (await filesUnder(join(cwd, '.aliyun-teardown', 'runs'))).filter((f) => f.endsWith('journal.jsonl'));
  const events: { event?: string }[] = [];
  for (const f of files)
    for (const line of (await readFile(f, 'utf8')).split('\n'))
      if (line.trim()) {
        try {
          events.push(JSON.parse(line) as { event?: string });
        } catch {
          // A line torn by a kill is not an event yet.
        }
      }
  return events;
}

/** The one JSON document a `--json` command printed on stdout. */
export function parseJsonOutput<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch (e) {
    throw new Error(
      `stdout is not JSON (${(e as Error).message}); exit ${run.code}\nstdout:\n${run.stdout.slice(0, 2000)}\nstderr:\n${run.stderr.slice(0, 2000)}`,
    );
  }
}

/** For failure messages: what the process said. */
export function describeRun(run: CliRun): string {
  return `exit ${run.code}${run.signal ? ` (${run.signal})` : ''}\n--- stdout ---\n${run.stdout.slice(-4000)}\n--- stderr ---\n${run.stderr.slice(-4000)}`;
}

/** Deleting actions: RPC `Delete*`/`Release*` (not `DeletionProtection`, a setter) and OSS `DeleteBucket`, `DeleteObject`, `DeleteLiveChannel`. */
const DELETING_ACTION = /^(Delete(?!MultipleObjects)|Release)/;

/**
 * Successful deleting requests, counted per resource: the key is the action, its scalar
 * resource-naming parameters (RegionId aside) and one element of a list parameter
 * (`InstanceId.2`, or a JSON array such as `KeyPairNames=["kp"]`), so a batch counts once
 * for each resource it names. DeleteMultipleObjects is left out: emptying a bucket in
 * several batches names the same bucket legitimately.
 */
export function successfulDeletionsPerResource(entries: readonly RequestLogEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (!e.mutating || e.code !== undefined || e.status >= 300 || !DELETING_ACTION.test(e.action)) continue;
    const scalars: string[] = [];
    const listed: string[] = [];
    for (const [k, v] of Object.entries(e.params)) {
      if (k === 'RegionId') continue;
      if (/\.\d+$/.test(k)) listed.push(v);
      else if (v.startsWith('[')) listed.push(...(JSON.parse(v) as string[]));
      else scalars.push(`${k}=${v}`);
    }
    const base = [e.product, e.action, ...scalars.sort()].join(' ');
    for (const key of listed.length > 0 ? listed.map((id) => `${base} ${id}`) : [base]) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
