/**
 * Adaptive request rate per API: Alibaba Cloud's flow control is a quota of requests per
 * second per API (and account), answered `Throttling.User` (RPC) or
 * `MetaOperationQpsLimitExceeded` / `TotalQpsLimitExceeded` (OSS) beyond it. Backing off and
 * retrying each refused request wastes the requests and most of the time (docs/benchmarks.md:
 * 30 % throttling made an apply several times slower); pacing the requests to just under the
 * quota wastes neither. This is the AWS SDK's "adaptive" retry mode idea (a client-side token
 * bucket whose rate drops on throttling and grows back otherwise), with plain AIMD:
 *
 * - an API (service + action) is not paced at all until it is first throttled: no cost for
 *   APIs that never hit their quota;
 * - on a throttling answer its rate becomes BETA × the rate it was actually sent at over the
 *   last second (multiplicative decrease), never below MIN_RATE;
 * - every answered request raises the rate by INCREASE_PER_SECOND × (seconds since the last
 *   change) (additive increase), so it probes back up towards the quota and, after a minute
 *   without throttling at the ceiling, pacing stops again;
 * - paced requests are spaced 1/rate apart in arrival order (no bursts: a quota is counted per
 *   second window, and a burst at the start of a window is what gets refused).
 *
 * It sits in the cloud-call layer (CloudClients.invoke), so the scan and apply share one
 * rate per API; the retry helper stays as it is and simply sees far fewer throttling errors.
 */
/** Multiplicative decrease on a throttling answer (the AWS SDK's CUBIC uses 0.7 as well). */
export const BETA = 0.7;
/** Requests per second added per second without throttling, at least; more for faster APIs. */
export const INCREASE_PER_SECOND = 1;
/** Never paced slower than this (requests per second). */
export const MIN_RATE = 0.5;
/** An API paced at this rate or more for a minute with no throttling is no longer paced. */
const UNPACE_AFTER_MS = 60_000;

interface ApiRate {
  /** Requests per second while paced; undefined: not paced. */
  rate: number | undefined;
  /** When the next paced request may leave (ms). */
  nextSendAt: number;
  /** When the rate last changed (ms). */
  changedAt: number;
  /** When it was last throttled (ms). */
  throttledAt: number;
  /** Send times within the last second, for the measured rate. */
  readonly recent: number[];
}

export interface RateControlOptions {
  readonly now?: (() => number) | undefined;
  /** Waits until the given time (ms, on `now`'s clock); tests pass a fake. */
  readonly sleepUntil?: ((at: number) => Promise<void>) | undefined;
}

export class AdaptiveRateControl {
  private readonly apis = new Map<string, ApiRate>();
  private readonly now: () => number;
  private readonly sleepUntil: (at: number) => Promise<void>;

  constructor(opts: RateControlOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.sleepUntil = opts.sleepUntil ?? ((at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - this.now()))));
  }

  /** The current pace of an API in requests per second, or undefined when it is not paced. */
  rateOf(service: string, action: string): number | undefined {
    return this.apis.get(keyOf(service, action))?.rate;
  }

  /** Waits for this API's turn when it is paced; records the send. Call right before sending. */
  async beforeSend(service: string, action: string): Promise<void> {
    const api = this.api(service, action);
    if (api.rate !== undefined) {
      const now = this.now();
      const at = Math.max(now, api.nextSendAt);
      api.nextSendAt = at + 1000 / api.rate;
      if (at > now) await this.sleepUntil(at);
    }
    const sentAt = this.now();
    api.recent.push(sentAt);
    while (api.recent.length > 0 && api.recent[0]! <= sentAt - 1000) api.recent.shift();
  }

  /** The API answered (anything but throttling): additive increase while paced. */
  onAnswer(service: string, action: string): void {
    const api = this.apis.get(keyOf(service, action));
    if (api?.rate === undefined) return;
    const now = this.now();
    const grown = api.rate + Math.max(INCREASE_PER_SECOND, api.rate * 0.05) * ((now - api.changedAt) / 1000);
    api.changedAt = now;
    api.rate = grown;
    if (now - api.throttledAt >= UNPACE_AFTER_MS) api.rate = undefined;
  }

  /** The API refused a request for flow control: multiplicative decrease from the rate it was sent at. */
  onThrottled(service: string, action: string): void {
    const api = this.api(service, action);
    const now = this.now();
    const measured = api.recent.filter((t) => t > now - 1000).length;
    const sentAt = api.rate === undefined ? measured : Math.min(api.rate, Math.max(measured, MIN_RATE));
    // Requests in flight come back throttled together: one decrease per second (a quota's window).
    if (api.rate !== undefined && now - api.throttledAt < 1000) return;
    api.rate = Math.max(MIN_RATE, sentAt * BETA);
    api.changedAt = now;
    api.throttledAt = now;
    api.nextSendAt = Math.max(api.nextSendAt, now + 1000 / api.rate);
  }

  private api(service: string, action: string): ApiRate {
    const key = keyOf(service, action);
    let api = this.apis.get(key);
    if (!api) {
      api = { rate: undefined, nextSendAt: 0, changedAt: 0, throttledAt: -Infinity, recent: [] };
      this.apis.set(key, api);
    }
    return api;
  }
}

function keyOf(service: string, action: string): string {
  return `${service}:${action}`;
}
