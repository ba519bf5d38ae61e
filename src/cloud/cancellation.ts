/**
 * Cancellation for every wait the tool makes (retry backoffs, polls, the executor's queues):
 * every sleep rejects with the tool's own AbortError (not the DOMException
 * `signal.throwIfAborted()` throws), so the CLI can map a Ctrl-C to one message and one exit code.
 */
import { AbortError } from '../errors.js';

/** `setTimeout` as a promise that rejects with AbortError as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
