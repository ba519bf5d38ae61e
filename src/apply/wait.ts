/**
 * Polling until a condition holds: the executor's wait for a deletion to become visible, and
 * the `StepContext.waitUntil` providers use inside a step ("disk d-1 to become Available").
 * The interval is the cloud retry policy's pollDelay (src/cloud/retry.ts): ×2 from `baseMs` to
 * `maxMs` with half jitter; a throttled or transient error from the check counts as "not yet",
 * since the poll will be repeated anyway — without growing the interval. The deadline is a
 * failure (WaitTimeoutError), never a success.
 */
import { abortableSleep, throwIfAborted, type Sleep } from '../cloud/cancellation.js';
import { CloudApiError } from '../cloud/errors.js';
import { pollDelay, RETRY_CALL } from '../cloud/retry.js';

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
  // Only answered polls grow the interval: a throttled or failed poll learnt nothing about the
  // resource, so the next one comes as soon as the previous interval (or x-acs-retry-after) allows.
  for (let answered = 0; ;) {
    throwIfAborted(opts.signal);
    let done = false;
    let retryAfterMs: number | undefined;
    let failed = false;
    try {
      done = await check();
    } catch (err) {
      if (!(err instanceof CloudApiError && RETRY_CALL(err.kind))) throw err;
      failed = true;
      retryAfterMs = err.retryAfterMs;
    }
    if (done) return;
    const left = deadline - now();
    if (left <= 0) throw new WaitTimeoutError(what, opts.timeoutMs);
    await sleep(Math.min(left, pollDelay(answered, opts.baseMs, opts.maxMs, random, retryAfterMs)), opts.signal);
    if (!failed) answered++;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
