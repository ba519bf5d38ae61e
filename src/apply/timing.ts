/** The clocks and budgets of an apply: retries, waits and batching windows, replaceable by tests. */
import { abortableSleep, type Sleep } from '../cloud/cancellation.js';

export interface ApplyTiming {
  /** Backoff of retries: first ceiling and cap. @default 1000, 30000 */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How long a read keeps retrying throttling/transient errors. @default 2 min */
  readonly callDeadlineMs: number;
  /** Wait for a deletion to become visible, and retry budget of a step, when the type sets no deleteTimeoutMs. @default 10 min */
  readonly deleteTimeoutMs: number;
  /** Polling backoff while waiting. @default 2000, 30000 */
  readonly pollBaseMs: number;
  readonly pollMaxMs: number;
  /** How long the first resource at a batch step waits for siblings. @default 500 */
  readonly batchWindowMs: number;
  readonly sleep: Sleep;
  readonly now: () => number;
  readonly random: () => number;
}

export const DEFAULT_TIMING: ApplyTiming = {
  retryBaseMs: 1000,
  retryMaxMs: 30_000,
  callDeadlineMs: 2 * 60_000,
  deleteTimeoutMs: 10 * 60_000,
  pollBaseMs: 2000,
  pollMaxMs: 30_000,
  batchWindowMs: 500,
  sleep: abortableSleep,
  now: Date.now,
  random: Math.random,
};
