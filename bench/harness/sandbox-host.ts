/**
 * Starts the sandbox in a worker thread (see sandbox-thread.ts) and reads it through its
 * documented admin API (docs/sandbox.md): the request log, fault settings, reset.
 */
import { Worker } from 'node:worker_threads';
import type { FaultSettings, RequestLogEntry, SandboxOptions } from '../../src/sandbox/index.js';
import type { SandboxThreadInput, SandboxThreadMessage } from './sandbox-thread.js';

export interface SandboxThread {
  readonly url: string;
  readonly accountId: string;
  readonly callerAccessKey: { readonly id: string; readonly secret: string };
  requests(): Promise<RequestLogEntry[]>;
  setFaults(settings: FaultSettings): Promise<void>;
  /** Reloads the scenario into a fresh account and clears the request log. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxThread(options: SandboxOptions): Promise<SandboxThread> {
  const worker = new Worker(new URL('./sandbox-thread.js', import.meta.url), { workerData: { options } satisfies SandboxThreadInput });
  const ready = await new Promise<Extract<SandboxThreadMessage, { kind: 'ready' }>>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: SandboxThreadMessage) => {
      if (m.kind === 'ready') resolve(m);
      else reject(new Error(`sandbox did not start: ${m.kind === 'failed' ? m.message : m.kind}`));
    });
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
      const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      await closed;
    },
  };
}
