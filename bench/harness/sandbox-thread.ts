/**
 * Worker-thread entry: runs the in-process sandbox on its own event loop (and its own V8
 * heap), so the emulated cloud neither steals the tool's event loop nor counts in the heap
 * figures the bucket benchmark reports for the tool. Driven by sandbox-host.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export interface SandboxThreadInput {
  readonly options: SandboxOptions;
}

export type SandboxThreadMessage =
  | {
      readonly kind: 'ready';
      readonly url: string;
      readonly accountId: string;
      readonly callerAccessKey: { readonly id: string; readonly secret: string };
    }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'closed' };

const port = parentPort;
if (!port) throw new Error('sandbox-thread.js must run as a worker thread');
const input = workerData as SandboxThreadInput;

try {
  const sandbox = await startSandbox(input.options);
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    void sandbox.close().then(() => {
      port.postMessage({ kind: 'closed' } satisfies SandboxThreadMessage);
      port.close();
    });
  });
  port.postMessage({
    kind: 'ready',
    url: sandbox.url,
    accountId: sandbox.accountId,
    callerAccessKey: sandbox.callerAccessKey,
  } satisfies SandboxThreadMessage);
} catch (err) {
  port.postMessage({ kind: 'failed', message: (err as Error).message } satisfies SandboxThreadMessage);
  port.close();
}
