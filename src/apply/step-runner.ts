/**
 * The cloud side of a node's turn: its re-reads (coalesced into `readMany` calls), its steps
 * (one by one, or gathered into batch calls), and the wait until its deletion is visible.
 * Every call is retried by withRetry under the run's budgets and holds a concurrency slot.
 */
import type { Logger } from 'pino';
import { CloudApiError, isGone } from '../cloud/errors.js';
import { RETRY_CALL, RETRY_STEP, withRetry } from '../cloud/retry.js';
import { RELEASED_WITH_OWNER, addressOf, type Resource, type ResourceType, type ScanContext, type Step } from '../providers/contract.js';
import { BatchCollector, batchKey } from './batcher.js';
import { deleteTimeout, holdingSlot, pollOptions, retryOptions, scanContext, stepContext, type ApplyEnvironment } from './contexts.js';
import type { NodeRun } from './graph.js';
import { ReadBatcher } from './read-batcher.js';
import { pollUntil } from './wait.js';

/** How long a re-read waits for others of its type and region to share one readMany call. */
const READ_WINDOW_MS = 50;

/** Every resource read alone; a `gone` error for one means that one is gone. */
async function readEach(type: ResourceType, rs: readonly Resource[], ctx: ScanContext): Promise<Map<string, Resource>> {
  const found = new Map<string, Resource>();
  for (const r of rs) {
    const now = await type.read(r, ctx).catch((err: unknown) => {
      if (isGone(err)) return undefined;
      throw err;
    });
    if (now) found.set(addressOf(type.type, r.region, r.id), now);
  }
  return found;
}

export class StepRunner {
  private readonly batcher: BatchCollector;
  private readonly readBatcher: ReadBatcher;

  constructor(
    private readonly env: ApplyEnvironment,
    /** The node of an address, to run a batch's members one by one. */
    private readonly runOf: (address: string) => NodeRun | undefined,
  ) {
    this.batcher = new BatchCollector(env.timing.batchWindowMs, (key, step, batch, addresses) =>
      this.flushBatch(key, step, batch, addresses),
    );
    this.readBatcher = new ReadBatcher(Math.min(READ_WINDOW_MS, env.timing.batchWindowMs));
  }

  /** Tells the batcher which of the node's remaining steps it will submit, so a batch waits for it. */
  announceBatches(run: NodeRun, doneSteps: ReadonlySet<string>): void {
    if (!run.type?.runBatch) return;
    for (const step of run.node.steps) {
      if (step.batch === undefined || doneSteps.has(step.action)) continue;
      const key = batchKey(run.node.type, run.node.region, step.action);
      this.batcher.expect(key, run.node.address);
      run.batchKeys.push(key);
    }
  }

  /** The node will submit nothing more: its batches stop waiting for it. */
  forgetBatches(run: NodeRun): void {
    for (const key of run.batchKeys) this.batcher.forget(key, run.node.address);
  }

  /** Abort: batches and coalesced reads still gathering fail at once. */
  cancel(err: unknown): void {
    this.batcher.cancel();
    this.readBatcher.cancel(err);
  }

  /** Re-read with retries; a `gone` error from a read means gone. */
  async read(run: NodeRun, type: ResourceType, resource: Resource): Promise<Resource | undefined> {
    const { env } = this;
    try {
      return await withRetry(
        () => {
          const ctx = scanContext(env, run.node);
          const readMany = type.readMany;
          if (!readMany) return env.limiter.run(type.service, env.signal, () => type.read(resource, ctx));
          // One readMany call serves every node of this type and region reading in the same window.
          return this.readBatcher.read(`${type.type} ${run.node.region}`, run.node.address, resource, (rs) =>
            env.limiter.run(type.service, env.signal, async () => {
              try {
                return await readMany.call(type, rs, ctx);
              } catch (err) {
                // A `gone` error names no resource: taken for the whole batch it would count
                // every resource in it deleted. Each is read alone instead.
                if (!isGone(err) || rs.length < 2) throw err;
                return readEach(type, rs, ctx);
              }
            }),
          );
        },
        retryOptions(env, run.node.address, 'read', RETRY_CALL, env.timing.callDeadlineMs),
      );
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  }

  /** Runs one step; a `gone` error completes it (the thing it acted on no longer exists). */
  async runStep(run: NodeRun, type: ResourceType, step: Step, resource: Resource, log: Logger): Promise<void> {
    // Its owner (gone before it, by the plan's edges) releases it: nothing to send, only the wait.
    if (step.action === RELEASED_WITH_OWNER) return;
    try {
      if (step.batch !== undefined && type.runBatch) {
        await this.batcher.submit(batchKey(type.type, run.node.region, step.action), step, run.node.address, resource);
        return;
      }
      await this.runSingleStep(run, type, step, resource);
    } catch (err) {
      if (!isGone(err)) throw err;
      log.debug({ code: err.code, step: step.action }, 'resource gone during step: step complete');
    }
  }

  /** Polls until the resource no longer reads back: a deletion counts only then. */
  async waitGone(run: NodeRun, type: ResourceType, resource: Resource): Promise<void> {
    const { node } = run;
    const what = `${node.type} ${node.name ? `${node.name} (${node.id})` : node.id} to be deleted`;
    run.stage = `interrupted while waiting for ${what}`;
    this.env.emit({ type: 'waiting', address: node.address, what });
    await pollUntil(
      what,
      async () => (await this.read(run, type, resource)) === undefined,
      pollOptions(this.env, deleteTimeout(this.env, type)),
    );
  }

  private runSingleStep(run: NodeRun, type: ResourceType, step: Step, resource: Resource): Promise<void> {
    const { env } = this;
    return withRetry(
      () => holdingSlot(env, type.service, (slot) => type.run(step, resource, stepContext(env, run.node, run.type, slot))),
      retryOptions(env, run.node.address, step.action, RETRY_STEP, deleteTimeout(env, type)),
    );
  }

  /**
   * One batch call, retried for the resources whose error is retryable; the rest get their
   * own error (or none). The whole call failing retries or fails the whole batch.
   */
  private async flushBatch(
    key: string,
    step: Step,
    batch: readonly Resource[],
    addresses: readonly string[],
  ): Promise<ReadonlyMap<string, unknown>> {
    const { env } = this;
    const first = this.runOf(addresses[0] ?? '');
    const type = first?.type;
    if (!first || !type?.runBatch) throw new Error(`no batch runner for ${key}`);
    const runBatch = type.runBatch.bind(type);
    const results = new Map<string, unknown>();
    let remaining = [...batch];
    try {
      await withRetry(
        async () => {
          const errors = await holdingSlot(env, type.service, (slot) =>
            runBatch(step, remaining, stepContext(env, first.node, first.type, slot)),
          );
          let retryable: CloudApiError | undefined;
          const again: Resource[] = [];
          for (const r of remaining) {
            const address = addresses[batch.indexOf(r)] ?? '';
            const err = errors.get(address);
            if (err instanceof CloudApiError && RETRY_STEP(err.kind)) {
              retryable ??= err;
              again.push(r);
            } else if (err !== undefined && !isGone(err)) results.set(address, err);
          }
          remaining = again;
          if (retryable) throw retryable;
        },
        retryOptions(env, first.node.address, step.action, RETRY_STEP, deleteTimeout(env, type)),
      );
    } catch (err) {
      // ECS DeleteInstances fails the whole call when one id is gone (InvalidInstanceId.NotFound)
      // or one instance is refused (e.g. still a subscription): which one is unknown, so the rest
      // go one by one — a gone error then completes only its own step, and one refused instance
      // fails alone instead of failing its 99 neighbours. Errors still retryable at the deadline
      // are not retried again one by one.
      const isolate = err instanceof CloudApiError && (err.kind === 'gone' || err.kind === 'permanent') && remaining.length > 1;
      if (!isolate) {
        if (!isGone(err)) for (const r of remaining) results.set(addresses[batch.indexOf(r)] ?? '', err);
      } else
        await Promise.all(
          remaining.map(async (r) => {
            const run = this.runOf(addresses[batch.indexOf(r)] ?? '');
            if (!run) return;
            try {
              await this.runSingleStep(run, type, step, r);
            } catch (single) {
              if (!isGone(single)) results.set(run.node.address, single);
            }
          }),
        );
    }
    return results;
  }
}
