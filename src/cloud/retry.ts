/**
 * The one retry policy for every cloud call the tool makes: the scan's list pages and detail
 * reads, region discovery and identity (through `CloudClients`, see `retrying()` in
 * clients.ts), readiness's reads, and apply's re-reads, steps and polls (the executor).
 *
 * Exponential backoff with full jitter (delay = random × min(max, base × 2^attempt), the
 * AWS Architecture Blog "Exponential Backoff And Jitter" scheme, also what wrangler and
 * terraform's resource.Retry approximate), raised to the service's own `x-acs-retry-after`
 * when it sent one (openapi-core exposes it as `retryAfter`, see errors.ts).
 * Bounded by a deadline: when the next attempt would start after it, the last error is
 * thrown as is, so the report shows the real code rather than a generic "timed out".
 * Abortable: an aborted signal stops before the next attempt and cuts a backoff short.
 *
 * Policy (which kinds are retried) is the caller's, with two presets:
 * - RETRY_CALL: `throttled` and `transient` (5xx, dropped connections, timeouts) — reads,
 *   list pages and polls;
 * - RETRY_STEP: those plus `dependency` (DependencyViolation, IncorrectInstanceStatus,
 *   OperationConflict...), which clear up as other deletions settle, so a step keeps
 *   trying until its own, longer deadline (terraform-provider-alicloud retries these for
 *   the resource's delete timeout, e.g. DeleteSecurityGroup for 10 minutes).
 * `permanent` is never retried; `gone` is not retried either: for a delete step it means
 * success, and the caller decides that.
 */
import { abortableSleep, throwIfAborted, type Sleep } from './cancellation.js';
import { CloudApiError, type ErrorKind } from './errors.js';

export interface RetryInfo {
  /** The attempt about to be made (2 for the first retry). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: CloudApiError;
}

/** How long and how fast to back off; shared by withRetry and the polls' pollDelay. */
export interface BackoffTiming {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly sleep?: Sleep | undefined;
  readonly now?: (() => number) | undefined;
  /** In [0, 1): the jitter source. */
  readonly random?: (() => number) | undefined;
}

export interface RetryOptions extends BackoffTiming {
  readonly signal?: AbortSignal | undefined;
  /** No attempt starts later than this many ms after the first one. */
  readonly deadlineMs: number;
  readonly retryOn: (kind: ErrorKind) => boolean;
  readonly onRetry?: ((info: RetryInfo) => void) | undefined;
}

export const RETRY_CALL = (kind: ErrorKind): boolean => kind === 'throttled' || kind === 'transient';
export const RETRY_STEP = (kind: ErrorKind): boolean => RETRY_CALL(kind) || kind === 'dependency';

/**
 * The policy of a single read call (a list page, a Describe, a poll's check): retried on
 * throttling and transient failures for up to 2 minutes, first ceiling 1 s, capped at 30 s.
 * Two minutes covers the per-second flow-control windows of Alibaba Cloud's APIs many times
 * over; a read still failing after that is reported, not waited on forever.
 */
export const CALL_RETRY: Omit<RetryOptions, 'signal' | 'onRetry'> = {
  deadlineMs: 2 * 60_000,
  baseMs: 1000,
  maxMs: 30_000,
  retryOn: RETRY_CALL,
};

/** Full-jitter delay before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * The interval before poll number `answered + 1` of a wait: ×2 from `baseMs` to `maxMs`, with
 * half jitter (at least half the step, so a poll never comes back at once, and many waiters do
 * not poll in lock step), raised to the service's `x-acs-retry-after` when it asked for one.
 */
export function pollDelay(answered: number, baseMs: number, maxMs: number, random: () => number, retryAfterMs = 0): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(answered, 30));
  return Math.max(Math.ceil(step / 2 + (random() * step) / 2), retryAfterMs);
}

/** The delay before a retry after `err`: the backoff, or the service's retry-after if longer. */
export function retryDelay(retry: number, err: CloudApiError, baseMs: number, maxMs: number, random: () => number): number {
  const jittered = backoffDelay(retry, baseMs, maxMs, random);
  return err.retryAfterMs !== undefined ? Math.max(jittered, err.retryAfterMs) : jittered;
}

/**
 * Runs `fn` until it succeeds, throws an error that is not a retryable CloudApiError, or the
 * deadline passes. Errors that are not CloudApiError (bugs, AbortError) are never retried.
 * Rejects with AbortError when `signal` aborts before an attempt or during a backoff.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const random = opts.random ?? Math.random;
  const deadline = now() + opts.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(opts.signal);
    try {
      return await fn(attempt);
    } catch (err) {
      if (!(err instanceof CloudApiError) || !opts.retryOn(err.kind)) throw err;
      const delayMs = retryDelay(attempt - 1, err, opts.baseMs, opts.maxMs, random);
      if (now() + delayMs > deadline) throw err;
      opts.onRetry?.({ attempt: attempt + 1, delayMs, error: err });
      await sleep(delayMs, opts.signal);
    }
  }
}
