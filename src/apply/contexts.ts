/**
 * What a provider's code gets while apply runs it: the ScanContext of a re-read, the
 * StepContext of a step (with `waitUntil` and `progress`), the concurrency slot a step holds,
 * and the retry and polling options every call of a node uses (reporting each retry).
 */
import type { Logger } from 'pino';
import type { CloudApiError } from '../cloud/errors.js';
import type { CloudClients } from '../cloud/clients.js';
import type { CallerIdentity } from '../cloud/identity.js';
import type { ConcurrencyLimiter } from '../cloud/limiter.js';
import type { RetryInfo, RetryOptions } from '../cloud/retry.js';
import type { PlanNode } from '../plan/model.js';
import type { ProviderSettings, ResourceType, ScanContext, StepContext } from '../providers/contract.js';
import type { ApplyEvent } from './events.js';
import type { ApplyTiming } from './timing.js';
import { formatDuration, pollUntil, type PollOptions } from './wait.js';

/** One apply run's surroundings, shared by every node. */
export interface ApplyEnvironment {
  readonly clients: CloudClients;
  readonly caller: CallerIdentity;
  readonly settings: ProviderSettings;
  readonly log: Logger;
  readonly timing: ApplyTiming;
  readonly limiter: ConcurrencyLimiter;
  /** The run's own signal: every queued call, sleep and wait listens to it. */
  readonly signal: AbortSignal;
  readonly emit: (e: ApplyEvent) => void;
}

/** The concurrency slot a running step holds; given back while the step waits. */
export interface Slot {
  readonly service: string;
  pause(): void;
  resume(): Promise<void>;
}

/** A step's retry budget and a deletion's wait: the type's own, else the run's default. */
export function deleteTimeout(env: ApplyEnvironment, type: ResourceType | undefined): number {
  return type?.deleteTimeoutMs ?? env.timing.deleteTimeoutMs;
}

export function pollOptions(env: ApplyEnvironment, timeoutMs: number): PollOptions {
  const t = env.timing;
  return { timeoutMs, baseMs: t.pollBaseMs, maxMs: t.pollMaxMs, signal: env.signal, sleep: t.sleep, now: t.now, random: t.random };
}

export function retryOptions(
  env: ApplyEnvironment,
  address: string,
  action: string,
  retryOn: (kind: CloudApiError['kind']) => boolean,
  deadlineMs: number,
): RetryOptions {
  const t = env.timing;
  return {
    signal: env.signal,
    deadlineMs,
    baseMs: t.retryBaseMs,
    maxMs: t.retryMaxMs,
    retryOn,
    sleep: t.sleep,
    now: t.now,
    random: t.random,
    onRetry: (info: RetryInfo) => {
      env.log.debug({ address, action, code: info.error.code, attempt: info.attempt, delayMs: info.delayMs }, 'retrying');
      env.emit({ type: 'retry', address, action, code: info.error.code, attempt: info.attempt, delayMs: info.delayMs });
    },
  };
}

export function scanContext(env: ApplyEnvironment, node: PlanNode): ScanContext {
  return {
    clients: env.clients,
    region: node.region,
    caller: env.caller,
    settings: env.settings,
    now: new Date(env.timing.now()),
    signal: env.signal,
    log: env.log.child({ type: node.type, region: node.region }),
  };
}

/**
 * Runs a step holding one concurrency slot of `service`. The step's own waits
 * (`ctx.waitUntil`) give the slot back while they wait, and each of their polls takes a slot
 * only for its call: fifty prepaid instances waiting for their conversion must not hold every
 * slot for minutes and stall the rest of the teardown.
 */
export async function holdingSlot<T>(env: ApplyEnvironment, service: string, fn: (slot: Slot) => Promise<T>): Promise<T> {
  let release = await env.limiter.acquire(service, env.signal);
  const slot: Slot = {
    service,
    pause: () => release(),
    resume: async () => {
      release = await env.limiter.acquire(service, env.signal);
    },
  };
  try {
    return await fn(slot);
  } finally {
    release();
  }
}

export function stepContext(env: ApplyEnvironment, node: PlanNode, type: ResourceType | undefined, slot: Slot): StepContext {
  const address = node.address;
  return {
    ...scanContext(env, node),
    waitUntil: async (what, check, o) => {
      const timeoutMs = o?.timeoutMs ?? deleteTimeout(env, type);
      env.emit({ type: 'waiting', address, what: `${what} (up to ${formatDuration(timeoutMs)})` });
      slot.pause();
      try {
        await pollUntil(what, () => env.limiter.run(slot.service, env.signal, check), pollOptions(env, timeoutMs));
      } finally {
        await slot.resume();
      }
    },
    progress: (message) => env.emit({ type: 'progress', address, message }),
  };
}
