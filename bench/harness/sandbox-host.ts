/**
 * Starts the sandbox in a child process (see sandbox-process.ts) and reads it through its
 * documented admin API (docs/sandbox.md): the request log, fault settings, reset.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { FaultSettings, RequestLogEntry, SandboxOptions } from '../../src/sandbox/index.js';
import type { SandboxProcessInput, SandboxProcessMessage } from './sandbox-process.js';

export interface SandboxHost {
  readonly url: string;
  readonly accountId: string;
  readonly callerAccessKey: { readonly id: string; readonly secret: string };
  requests(): Promise<RequestLogEntry[]>;
  setFaults(settings: FaultSettings): Promise<void>;
  /** Reloads the scenario into a fresh account and clears the request log. */
  reset(): Promise<void>;
  /** CPU seconds (user + system) the sandbox process has used so far; undefined where /proc is not readable. */
  cpuSeconds(): number | undefined;
  close(): Promise<void>;
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export async function startSandboxProcess(options: SandboxOptions): Promise<SandboxHost> {
  const child = fork(new URL('./sandbox-process.js', import.meta.url), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // A million generated objects need more than the default old space.
    execArgv: ['--max-old-space-size=4096'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Extract<SandboxProcessMessage, { kind: 'ready' }>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
    child.once('message', (m: SandboxProcessMessage) => {
      if (m.kind === 'ready') resolve(m);
      else reject(new Error(`sandbox did not start: ${m.message}`));
    });
    child.send({ kind: 'start', options } satisfies SandboxProcessInput);
  });

  const admin = async (method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${ready.url}/__sandbox/${route}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`sandbox admin ${method} ${route}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  return {
    url: ready.url,
    accountId: ready.accountId,
    callerAccessKey: ready.callerAccessKey,
    requests: async () => (await admin('GET', 'requests')) as RequestLogEntry[],
    setFaults: async (settings) => {
      await admin('POST', 'faults', settings);
    },
    reset: async () => {
      await admin('POST', 'reset');
    },
    cpuSeconds: () => processCpuSeconds(child.pid),
    close: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
