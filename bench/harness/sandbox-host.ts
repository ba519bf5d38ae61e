/**
 * Starts the sandbox in a child process (see sandbox-process.ts) and reads it through its
 * documented admin API (docs/sandbox.md): the request log, fault settings, reset.
 */
import { fork } from 'node:child_process';
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
  close(): Promise<void>;
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
    close: async () => {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
