/**
 * Polling until a condition holds: the executor's wait for a deletion to become visible, and
 * the `StepContext.waitUntil` providers use inside a step ("disk d-1 to become Available").
 * Backoff grows ×2 from `baseMs` to `maxMs` with half jitter (so many waiters do not poll in
 * lock step); a throttled or transient error from the check counts as "not yet", since
 * the poll will be repeated anyway.
 */
import { CloudApiError } from '../cloud/errors.js';
import { abortableSleep, throwIfAborted, type Sleep } from './cancellation.js';
import { RETRY_CALL } from './retry.js';

export class WaitTimeoutError extends Error {
  readonly code = 'WaitTimeout';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`still waiting for ${what} after ${formatDuration(timeoutMs)}`);
    this.name = 'WaitTimeoutError';
  }
}

export interface PollOptions {
  readonly timeoutMs: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly sleep?: Sleep | undefined;
  readonly now?: (() => number) | undefined;
  readonly random?: (() => number) | undefined;
}

export async function pollUntil(what: string, check: () => Promise<boolean>, opts: PollOptions): Promise<void> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const random = opts.random ?? Math.random;
  const deadline = now() + opts.timeoutMs;
  for (let poll = 0; ; poll++) {
    throwIfAborted(opts.signal);
    let done = false;
    try {
      done = await check();
    } catch (err) {
      if (!(err instanceof CloudApiError && RETRY_CALL(err.kind))) throw err;
    }
    if (done) return;
    const left = deadline - now();
    if (left <= 0) throw new WaitTimeoutError(what, opts.timeoutMs);
    const step = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(poll, 30));
    await sleep(Math.min(left, Math.ceil(step / 2 + (random() * step) / 2)), opts.signal);
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
