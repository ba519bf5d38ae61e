/**
 * The one retry helper for every cloud call the executor makes.
 *
 * Exponential backoff with full jitter (delay = random × min(max, base × 2^attempt), the
 * AWS Architecture Blog "Exponential Backoff And Jitter" scheme, also what wrangler and
 * terraform's resource.Retry approximate), raised to the service's own `x-acs-retry-after`
 * when it sent one (openapi-core exposes it as `retryAfter`, see src/cloud/errors.ts).
 * Bounded by a deadline: when the next attempt would start after it, the last error is
 * thrown as is, so the report shows the real code rather than a generic "timed out".
 *
 * Policy (which kinds are retried) is the caller's, with two presets:
 * - RETRY_CALL: `throttled` and `transient` — reads and polls;
 * - RETRY_STEP: those plus `dependency` (DependencyViolation, IncorrectInstanceStatus,
 *   OperationConflict...), which clear up as other deletions settle, so a step keeps
 *   trying until its own, longer deadline (terraform-provider-alicloud retries these for
 *   the resource's delete timeout, e.g. DeleteSecurityGroup for 10 minutes).
 * `permanent` is never retried; `gone` is not retried either: for a delete step it means
 * success, and the caller decides that.
 */
import { CloudApiError, type ErrorKind } from '../cloud/errors.js';
import { abortableSleep, throwIfAborted, type Sleep } from './cancellation.js';

export interface RetryInfo {
  /** The attempt about to be made (2 for the first retry). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: CloudApiError;
}

export interface RetryOptions {
  readonly signal?: AbortSignal | undefined;
  /** No attempt starts later than this many ms after the first one. */
  readonly deadlineMs: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly retryOn: (kind: ErrorKind) => boolean;
  readonly onRetry?: ((info: RetryInfo) => void) | undefined;
  readonly sleep?: Sleep | undefined;
  readonly now?: (() => number) | undefined;
  /** In [0, 1): the jitter source. */
  readonly random?: (() => number) | undefined;
}

export const RETRY_CALL = (kind: ErrorKind): boolean => kind === 'throttled' || kind === 'transient';
export const RETRY_STEP = (kind: ErrorKind): boolean => RETRY_CALL(kind) || kind === 'dependency';

/** Full-jitter delay before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
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
      const jittered = backoffDelay(attempt - 1, opts.baseMs, opts.maxMs, random);
      const delayMs = err.retryAfterMs !== undefined ? Math.max(jittered, err.retryAfterMs) : jittered;
      if (now() + delayMs > deadline) throw err;
      opts.onRetry?.({ attempt: attempt + 1, delayMs, error: err });
      await sleep(delayMs, opts.signal);
    }
  }
}
