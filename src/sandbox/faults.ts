/**
 * Injected faults, to rehearse what a real account does under load: latency on every
 * request, throttling (by probability, and by a per-action rate limit like the real
 * per-API flow control), 5xx errors and dropped connections. Every random choice comes from
 * a PRNG seeded by the sandbox seed, so a run is reproducible.
 *
 * Real codes: flow control answers `Throttling.User` (400) "Request was denied due to user
 * flow control." (Alibaba Cloud common error codes; openapi-core turns any code containing
 * "Throttling" into a ThrottlingError); an unavailable service answers `ServiceUnavailable`
 * (503) "The request has failed due to a temporary failure of the server."
 *
 * The dice and the rate-limit windows are shared by every protocol; how an injected error is
 * spelled is the protocol's `FaultDialect` (RPC's here, OSS's in ./oss/faults.ts).
 */
import { createHash } from 'node:crypto';
import { SandboxApiError } from './framework.js';

export interface FaultSettings {
  /** Added to every request, in real milliseconds. */
  readonly latencyMs?: number;
  /** Probability (0..1) that a request is refused with Throttling.User. */
  readonly throttleRate?: number;
  /** Action → requests allowed per second; more within the same second are throttled. */
  readonly rateLimits?: Readonly<Record<string, number>>;
  /** Probability (0..1) of a 503 ServiceUnavailable. */
  readonly errorRate5xx?: number;
  /** Probability (0..1) that the connection is destroyed without an answer. */
  readonly dropRate?: number;
}

/** How one protocol spells the errors faults inject. */
export interface FaultDialect {
  /** A request refused by flow control (probability or rate limit). */
  throttled(action: string): SandboxApiError;
  /** A transient server-side failure. */
  unavailable(): SandboxApiError;
}

/** The RPC products' common error codes (see the top of this file). */
export const RPC_FAULT_DIALECT: FaultDialect = {
  throttled: () => new SandboxApiError(400, 'Throttling.User', 'Request was denied due to user flow control.'),
  unavailable: () => new SandboxApiError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
};

export type FaultDecision =
  | { readonly kind: 'pass' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'error'; readonly error: SandboxApiError; readonly retryAfterMs?: number };

/** mulberry32: a tiny, well-known 32-bit PRNG; enough for fault dice, and seedable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function probability(name: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`fault ${name} must be a number from 0 to 1`);
  return v;
}

export function validateFaultSettings(input: unknown): FaultSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new RangeError('faults must be a JSON object');
  const o = input as Record<string, unknown>;
  const known = new Set(['latencyMs', 'throttleRate', 'rateLimits', 'errorRate5xx', 'dropRate']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new RangeError(`unknown fault setting "${k}" (known: ${[...known].join(', ')})`);
  const latency = o.latencyMs;
  if (latency !== undefined && (typeof latency !== 'number' || !(latency >= 0)))
    throw new RangeError('fault latencyMs must be a number ≥ 0');
  const limits = o.rateLimits;
  const rateLimits: Record<string, number> = {};
  if (limits !== undefined) {
    if (typeof limits !== 'object' || limits === null || Array.isArray(limits))
      throw new RangeError('fault rateLimits must be an object {Action: perSecond}');
    for (const [action, n] of Object.entries(limits)) {
      if (typeof n !== 'number' || !(n >= 0)) throw new RangeError(`fault rateLimits.${action} must be a number ≥ 0`);
      rateLimits[action] = n;
    }
  }
  return {
    latencyMs: typeof latency === 'number' ? latency : 0,
    throttleRate: probability('throttleRate', o.throttleRate),
    rateLimits,
    errorRate5xx: probability('errorRate5xx', o.errorRate5xx),
    dropRate: probability('dropRate', o.dropRate),
  };
}

export class FaultInjector {
  private random: () => number;
  private settings: FaultSettings;
  /** Action → start of its current one-second window and the calls counted in it. */
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    seed: string,
    settings: FaultSettings = {},
    /** How latency is waited out; tests pass a recorder instead of the real timer. */
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.random = mulberry32(createHash('sha256').update(`faults:${seed}`).digest().readUInt32BE(0));
    this.settings = validateFaultSettings(settings);
  }

  /** Replaces the settings (admin API); rate-limit windows start afresh. */
  configure(settings: FaultSettings): void {
    this.settings = validateFaultSettings(settings);
    this.windows.clear();
  }

  current(): FaultSettings {
    return this.settings;
  }

  latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  /** Waits out the configured latency (nothing when it is 0). */
  async delay(): Promise<void> {
    const ms = this.latencyMs();
    if (ms > 0) await this.sleep(ms);
  }

  /**
   * Decides the fate of one request to `action` at sandbox time `nowMs`. The dice are
   * rolled in a fixed order on every call, so the sequence of outcomes depends only on the
   * seed and the sequence of requests.
   */
  decide(action: string, nowMs: number, dialect: FaultDialect = RPC_FAULT_DIALECT): FaultDecision {
    const dropRoll = this.random();
    const errorRoll = this.random();
    const throttleRoll = this.random();
    if (dropRoll < (this.settings.dropRate ?? 0)) return { kind: 'drop' };
    const limit = this.settings.rateLimits?.[action];
    if (limit !== undefined) {
      const w = this.windows.get(action);
      const windowStart = w && nowMs - w.start < 1000 ? w.start : nowMs;
      const count = (w && windowStart === w.start ? w.count : 0) + 1;
      this.windows.set(action, { start: windowStart, count });
      if (count > limit) return { kind: 'error', error: dialect.throttled(action), retryAfterMs: Math.max(1, windowStart + 1000 - nowMs) };
    }
    if (errorRoll < (this.settings.errorRate5xx ?? 0)) return { kind: 'error', error: dialect.unavailable() };
    if (throttleRoll < (this.settings.throttleRate ?? 0)) return { kind: 'error', error: dialect.throttled(action) };
    return { kind: 'pass' };
  }
}
