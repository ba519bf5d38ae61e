/**
 * Batching: resources of one type and region that reach the same batchable step
 * (`step.batch = N`, provider has runBatch) at about the same time go to the cloud in calls
 * of at most N (ECS DeleteInstances takes ≤100 ids, OSS DeleteMultipleObjects ≤1000 keys).
 *
 * Each node submits itself and waits for its own result. A group is flushed when it holds N
 * submissions, when every node still expected at that step has arrived (nodes announce
 * themselves with `expect` when they start and leave with `forget` if they end early), or
 * when `windowMs` passed since the first submission, so a slow sibling never holds the
 * rest back for long.
 */
import { AbortError } from '../errors.js';
import type { Resource, Step } from '../providers/contract.js';

interface Submission {
  readonly address: string;
  readonly resource: Resource;
  readonly step: Step;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface Group {
  readonly expected: Set<string>;
  pending: Submission[];
  timer?: NodeJS.Timeout | undefined;
}

/** Runs one batch; returns the error of each address that failed (missing = succeeded). */
export type FlushBatch = (
  key: string,
  step: Step,
  batch: readonly Resource[],
  addresses: readonly string[],
) => Promise<ReadonlyMap<string, unknown>>;

export function batchKey(type: string, region: string, action: string): string {
  return `${type}|${region}|${action}`;
}

export class BatchCollector {
  private readonly groups = new Map<string, Group>();
  private cancelled = false;

  constructor(
    private readonly windowMs: number,
    private readonly flush: FlushBatch,
  ) {}

  expect(key: string, address: string): void {
    this.group(key).expected.add(address);
  }

  /** The node ended before reaching the step (failed, skipped, gone...). */
  forget(key: string, address: string): void {
    const g = this.groups.get(key);
    if (!g?.expected.delete(address)) return;
    this.maybeFlush(key, g);
  }

  submit(key: string, step: Step, address: string, resource: Resource): Promise<void> {
    if (this.cancelled) return Promise.reject(new AbortError());
    const g = this.group(key);
    g.expected.delete(address);
    return new Promise<void>((resolve, reject) => {
      g.pending.push({ address, resource, step, resolve, reject });
      g.timer ??= setTimeout(() => this.flushNow(key, g), this.windowMs);
      this.maybeFlush(key, g);
    });
  }

  /** Abort: submissions not yet sent never will be. Batches already sent finish. */
  cancel(): void {
    this.cancelled = true;
    for (const g of this.groups.values()) {
      clearTimeout(g.timer);
      g.timer = undefined;
      const waiting = g.pending;
      g.pending = [];
      for (const s of waiting) s.reject(new AbortError());
    }
  }

  private group(key: string): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = { expected: new Set(), pending: [] };
      this.groups.set(key, g);
    }
    return g;
  }

  private limit(g: Group): number {
    return Math.max(1, Math.min(...g.pending.map((s) => s.step.batch ?? 1)));
  }

  private maybeFlush(key: string, g: Group): void {
    if (g.pending.length === 0) return;
    while (g.pending.length >= this.limit(g)) this.send(key, g, this.limit(g));
    if (g.pending.length > 0 && g.expected.size === 0) this.flushNow(key, g);
  }

  private flushNow(key: string, g: Group): void {
    clearTimeout(g.timer);
    g.timer = undefined;
    while (g.pending.length > 0) this.send(key, g, this.limit(g));
  }

  private send(key: string, g: Group, size: number): void {
    const batch = g.pending.splice(0, size);
    if (g.pending.length === 0) {
      clearTimeout(g.timer);
      g.timer = undefined;
    }
    const first = batch[0];
    if (!first) return;
    this.flush(
      key,
      first.step,
      batch.map((s) => s.resource),
      batch.map((s) => s.address),
    ).then(
      (errors) => {
        for (const s of batch) {
          const err = errors.get(s.address);
          if (err === undefined) s.resolve();
          else s.reject(err);
        }
      },
      (err: unknown) => {
        for (const s of batch) s.reject(err);
      },
    );
  }
}
