/**
 * applyPlan: carries out a plan, like terraform's graph walk for destroy.
 *
 * A ready-pool over the DAG: `node.dependsOn` lists the addresses that must be gone first; a
 * node starts as soon as all of them are deleted. Per node:
 *   1. re-read it (`read()`): gone → done ("already gone"); `stillWanted` gives a reason (a keep
 *      rule matches it now: "kept since the plan was made") or it changed in a way that matters
 *      (its name, tags or attachments; see plan/fingerprint.ts) → skipped. Then what its steps
 *      would modify or what it goes with (its `touches` / `keptWith` dependencies) is checked the
 *      same way (vet()): if that is now kept, or will not be destroyed because of something now
 *      kept, this node is skipped too — exactly what the planner would have blocked had the keep
 *      rule matched at plan time (a newly kept instance keeps its EIP and secondary ENI). No
 *      mutating call happens before these checks.
 *   2. run its steps in order, each retried by withRetry (throttled/transient/dependency
 *      until the step deadline), skipping the steps the journal says are done. A `gone`
 *      error completes a step: the thing it acted on no longer exists (for the deleting
 *      step that is success; for a prep step such as a detach, there is nothing left to do).
 *   3. wait (state `waiting`) until read() no longer finds it: a deletion counts only when
 *      the cloud stops returning the resource (libnuke's rule).
 * A failed or skipped node skips its dependents (transitively, naming the upstream); every
 * other branch goes on. Caller nodes (the caller's own AccessKey/user) additionally depend
 * on every other node, so they run last and only if everything else is gone.
 *
 * The caller is who runs the apply, identified again now (STS GetCallerIdentity), not who
 * made the plan: a saved plan may have been made with another key. Each node's steps are
 * re-planned for the apply-time caller; a node they now refuse (the key signing this run
 * without settings.deleteCallerAccessKey, its RAM user, the role it assumed) is skipped before
 * anything runs, with what depends on it. The signing key, when it is to be deleted, goes
 * after every other node — plan-time caller nodes included — and is not read back.
 *
 * Concurrency caps count cloud calls in flight (see limiter.ts). Abort (signal): no new node
 * starts, no further step begins; calls in flight finish; waits and backoffs stop at once.
 * The nodes left are reported as not finished, and a rerun resumes from the journal.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { CloudApiError, isGone } from '../cloud/errors.js';
import type { CloudClients } from '../cloud/clients.js';
import { ramUserNameOf, type CallerIdentity } from '../cloud/identity.js';
import { AbortError, UserError } from '../errors.js';
import type { Plan, PlanNode } from '../plan/model.js';
import { changeSincePlan, fingerprintOf } from '../plan/fingerprint.js';
import { isOrdering } from '../plan/graph.js';
import { transitiveDependents } from '../plan/topological.js';
import {
  RELEASED_WITH_OWNER,
  type Dependency,
  type ProviderSettings,
  type Resource,
  type ResourceType,
  type ScanContext,
  type Step,
  type StepContext,
} from '../providers/contract.js';
import type { Registry } from '../providers/registry.js';
import { BatchCollector, batchKey } from './batcher.js';
import { ReadBatcher } from './read-batcher.js';
import { abortableSleep, type Sleep } from '../cloud/cancellation.js';
import type { ApplyEvent, NodeState } from './events.js';
import { JournalWriteError, type Journal, type JournalRecord } from './journal.js';
import { ConcurrencyLimiter } from '../cloud/limiter.js';
import { describeFailure, type ApplyReport, type FailedNode, type SkippedNode, type UnfinishedNode } from './report.js';
import { RETRY_CALL, RETRY_STEP, withRetry, type RetryInfo } from '../cloud/retry.js';
import { formatDuration, pollUntil } from './wait.js';

/** How long a re-read waits for others of its type and region to share one readMany call. */
const READ_WINDOW_MS = 50;

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

export interface ApplyOptions {
  readonly registry: Registry;
  /** Read-write clients: the caller obtained them through the confirmation gate. */
  readonly clients: CloudClients;
  readonly caller: CallerIdentity;
  readonly settings: ProviderSettings;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Cloud calls in flight: overall, and per service (`{ ecs: 5 }`). @default { global: 10 } */
  readonly concurrency?:
    { readonly global?: number | undefined; readonly perService?: Readonly<Record<string, number>> | undefined } | undefined;
  readonly journal: Journal;
  /**
   * Given the resource as re-read now, a reason not to delete it after all: "kept since the plan
   * was made: keep rule #1 ...", or its tags cannot be read while a keep rule uses tags.
   */
  readonly stillWanted?: ((fresh: Resource) => string | undefined) | undefined;
  readonly onEvent?: ((e: ApplyEvent) => void) | undefined;
  readonly timing?: Partial<ApplyTiming> | undefined;
}

/** The concurrency slot a running step holds; given back while the step waits. */
interface Slot {
  readonly service: string;
  pause(): void;
  resume(): Promise<void>;
}

interface NodeRun {
  readonly node: PlanNode;
  readonly type: ResourceType | undefined;
  readonly predecessors: readonly string[];
  /** `touches` / `keptWith` dependencies: what this node's steps modify or what it goes with. */
  readonly guards: readonly Dependency[];
  readonly dependents: NodeRun[];
  unmet: number;
  state: NodeState;
  /** Where the node is, for an interruption: "not started", "after step delete"... */
  stage: string;
  /** In the ready queue or started: never queued twice. */
  scheduled: boolean;
  /** Batch keys this node announced itself to. */
  readonly batchKeys: string[];
}

type Outcome =
  | { readonly kind: 'deleted' | 'already-gone' | 'deleted-before' }
  | { readonly kind: 'failed'; readonly failure: FailedNode }
  | { readonly kind: 'skipped'; readonly skip: SkippedNode }
  | { readonly kind: 'unfinished'; readonly reason: string };

export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ApplyReport> {
  if (opts.clients.mode !== 'read-write') throw new Error('applyPlan needs read-write clients');
  if (plan.account.id !== opts.caller.accountId)
    throw new UserError(
      `this plan is for account ${plan.account.id}, but the credentials belong to ${opts.caller.accountId}; nothing was changed`,
    );
  return new ApplyRun(plan, opts).run();
}

class ApplyRun {
  private readonly timing: ApplyTiming;
  private readonly limiter: ConcurrencyLimiter;
  private readonly batcher: BatchCollector;
  private readonly readBatcher: ReadBatcher;
  private readonly runs = new Map<string, NodeRun>();
  /** Plan order (topological), to start ready nodes deterministically. */
  private readonly order = new Map<string, number>();
  private readonly outcomes = new Map<string, Outcome>();
  /** vet() results: why a node will not be destroyed (kept or changed now), or undefined (still to go). */
  private readonly vetted = new Map<string, string | undefined>();
  /** Set when a journal write failed: the run stops (see record()). */
  private journalFailure: JournalWriteError | undefined;
  /** Nodes the apply-time caller's steps refuse (see the file comment), with the reason. */
  private readonly refusals = new Map<string, string>();
  /** The node of the AccessKey signing this run's requests, when the plan deletes it. */
  private readonly signing = new Set<string>();
  private readonly ready: NodeRun[] = [];
  private active = 0;
  private pumpScheduled = false;
  private finished: (() => void) | undefined;
  /**
   * The run's own signal, following opts.signal: every queued call, sleep and wait listens
   * to it, thousands at once in a big account, so it is exempt from Node's listener warning
   * without touching the caller's signal.
   */
  private readonly abort = new AbortController();
  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  constructor(
    private readonly plan: Plan,
    private readonly opts: ApplyOptions,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.limiter = new ConcurrencyLimiter(opts.concurrency?.global ?? 10, opts.concurrency?.perService ?? {});
    this.batcher = new BatchCollector(this.timing.batchWindowMs, (key, step, batch, addresses) =>
      this.flushBatch(key, step, batch, addresses),
    );
    this.readBatcher = new ReadBatcher(Math.min(READ_WINDOW_MS, this.timing.batchWindowMs));
  }

  async run(): Promise<ApplyReport> {
    const { journal } = this.opts;
    const signal = this.abort.signal;
    setMaxListeners(0, signal);
    const forward = (): void => this.abort.abort();
    if (this.opts.signal.aborted) forward();
    else this.opts.signal.addEventListener('abort', forward, { once: true });
    this.buildGraph();
    const deletedBefore = [...this.runs.values()].filter((r) => journal.isDeleted(r.node.address)).length;
    this.record({ event: 'apply-start', message: `${this.runs.size} resources, ${deletedBefore} deleted by an earlier run` });
    this.emit({ type: 'apply-start', total: this.runs.size, deletedBefore });

    const onAbort = (): void => {
      this.batcher.cancel();
      this.readBatcher.cancel(new AbortError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    await this.confirmDeletedBefore([...this.runs.values()].filter((r) => journal.isDeleted(r.node.address)));
    // Dependents first, so that each refused node is reported with its own reason rather
    // than as downstream of another refused one (a user after its key).
    for (const [address, reason] of [...this.refusals].reverse()) {
      const run = this.runs.get(address);
      if (run)
        this.skip(
          run,
          `${reason} (this apply runs as ${this.opts.caller.arn || this.opts.caller.accessKeyId}, not as the plan's ${this.plan.account.callerArn || this.plan.account.accessKeyId})`,
        );
    }
    for (const run of this.runs.values()) this.considerReady(run);
    this.checkDone();
    await done;
    signal.removeEventListener('abort', onAbort);
    this.opts.signal.removeEventListener('abort', forward);

    const interrupted = signal.aborted;
    for (const run of this.runs.values()) {
      if (this.outcomes.has(run.node.address)) continue;
      if (interrupted) this.outcomes.set(run.node.address, { kind: 'unfinished', reason: run.stage });
      // Nothing in flight, nothing ready, yet pending without an abort: the plan has a cycle.
      else this.skip(run, `dependency cycle: waits for ${run.predecessors.filter((p) => !this.isGone(p)).join(', ')}`);
    }
    this.record({ event: 'apply-end', outcome: interrupted ? 'interrupted' : 'completed' });
    this.emit({ type: 'apply-end', interrupted });
    return this.report(interrupted);
  }

  /**
   * The report never claims more than it saw: what the journal of an earlier run says is deleted
   * is read back first — all at once, so the read batcher serves each type and region with one
   * readMany call where the type has one. Confirmed gone: "destroyed by an earlier run". Still
   * there (the account was restored, or the resource recreated with the same id): not touched —
   * the plan was reviewed for the resource that was deleted — and reported as skipped, with the
   * way out (plan again). A read that fails cannot confirm anything: skipped too. The caller's
   * own key is not read back (nothing may be signed with a deleted key).
   */
  private async confirmDeletedBefore(claimed: readonly NodeRun[]): Promise<void> {
    const verdicts = await Promise.all(
      claimed.map(async (run): Promise<string | undefined> => {
        if (run.node.caller) return undefined;
        if (!run.type) return `cannot confirm the earlier deletion: ${run.node.type} is not in this version's catalogue`;
        try {
          const fresh = await this.read(run, run.type, run.node.resource);
          return fresh === undefined
            ? undefined
            : 'an earlier run of this plan deleted it, but it exists again (restored, or recreated with the same id): not touched; run plan again to destroy it';
        } catch (err) {
          if (err instanceof AbortError) throw err;
          const code = err instanceof CloudApiError ? err.code : err instanceof Error ? err.name : 'error';
          return `cannot confirm the earlier deletion (${code}): not counted as destroyed; run apply again`;
        }
      }),
    );
    claimed.forEach((run, i) => {
      const notGone = verdicts[i];
      if (notGone === undefined) this.settle(run, 'deleted', { kind: 'deleted-before' }, 'deleted by an earlier run');
      else this.skip(run, notGone);
    });
  }

  private buildGraph(): void {
    const nodes = this.plan.resources;
    this.findCallerNodes();
    const planCallers = new Set(nodes.filter((n) => n.caller && !this.signing.has(n.address)).map((n) => n.address));
    // Nodes that must wait for a caller node or a refused one cannot also come before the
    // caller nodes: they are left out of the "caller last" edges (as the planner does).
    const waitingForCallers = dependentsOf(new Set([...this.signing, ...planCallers, ...this.refusals.keys()]), nodes);
    const lastOf = (exclude: ReadonlySet<string>): string[] =>
      nodes
        .map((n) => n.address)
        .filter((a) => !exclude.has(a) && !waitingForCallers.has(a) && !this.refusals.has(a) && !this.signing.has(a));
    const beforePlanCallers = lastOf(planCallers);
    const beforeSigning = [...lastOf(new Set()), ...[...planCallers].filter((a) => !this.refusals.has(a))];
    for (const [i, node] of nodes.entries()) {
      this.order.set(node.address, i);
      const explicit = node.dependsOn.filter(isOrdering).map((d) => d.address);
      const implicit = this.signing.has(node.address) ? beforeSigning : planCallers.has(node.address) ? beforePlanCallers : [];
      const predecessors = [...new Set([...explicit, ...implicit])].filter((a) => a !== node.address);
      this.runs.set(node.address, {
        node,
        type: this.opts.registry.get(node.type),
        predecessors,
        guards: node.dependsOn.filter((d) => !isOrdering(d) && d.address !== node.address),
        dependents: [],
        unmet: 0,
        state: 'pending',
        stage: 'not started',
        scheduled: false,
        batchKeys: [],
      });
    }
    for (const run of this.runs.values()) {
      for (const p of run.predecessors) {
        const upstream = this.runs.get(p);
        if (upstream) upstream.dependents.push(run);
        run.unmet++;
      }
    }
  }

  /**
   * Re-plans each node's steps for the caller of this run (the plan's own time and settings:
   * only the caller differs), and finds the AccessKey signing this run's requests.
   */
  private findCallerNodes(): void {
    const { caller } = this.opts;
    for (const node of this.plan.resources)
      if (this.opts.registry.get(node.type)?.isCaller?.(node.resource, caller) === true) this.signing.add(node.address);
    const made = this.plan.account;
    if (made.accessKeyId === caller.accessKeyId && made.callerArn === caller.arn) return;
    // Another caller than the plan's: what the steps refuse for this caller but did not for
    // the plan's (only the caller differs: same time, same settings) is refused now.
    const planCaller: CallerIdentity = {
      accountId: made.id,
      identityType: made.identityType,
      arn: made.callerArn,
      userId: '',
      principalId: '',
      accessKeyId: made.accessKeyId,
      ramUserName: ramUserNameOf(made.callerArn),
    };
    const now = new Date(this.plan.createdAt);
    const refusalFor = (type: ResourceType, r: Resource, who: CallerIdentity): string | undefined =>
      type.steps(r, { caller: who, settings: this.opts.settings, now }).find((s) => s.blocked !== undefined)?.blocked;
    for (const node of this.plan.resources) {
      const type = this.opts.registry.get(node.type);
      if (!type || type.reportOnly || node.steps.some((s) => s.blocked !== undefined)) continue;
      const refusal = refusalFor(type, node.resource, caller);
      if (refusal === undefined || refusalFor(type, node.resource, planCaller) !== undefined) continue;
      this.refusals.set(node.address, refusal);
      this.signing.delete(node.address);
    }
  }

  private isGone(address: string): boolean {
    const o = this.outcomes.get(address)?.kind;
    return o === 'deleted' || o === 'already-gone' || o === 'deleted-before';
  }

  /** Decides, for a pending node, whether it can start, must be skipped, or waits longer. */
  private considerReady(run: NodeRun): void {
    if (run.scheduled || this.outcomes.has(run.node.address)) return;
    const missing = run.predecessors.find((p) => !this.runs.has(p));
    if (missing !== undefined) {
      // The planner keeps such nodes out of `resources` (it blocks them); this is the guard.
      const why = this.describeExclusion(missing);
      this.skip(run, `needs ${missing} gone first, which this plan does not destroy (${why})`, missing);
      return;
    }
    let unmet = 0;
    for (const p of run.predecessors) {
      const o = this.outcomes.get(p);
      if (o?.kind === 'failed' || o?.kind === 'skipped') {
        this.skip(run, `upstream ${p} ${o.kind}`, o.kind === 'skipped' ? (o.skip.blockedBy ?? p) : p);
        return;
      }
      if (!this.isGone(p)) unmet++;
    }
    run.unmet = unmet;
    if (unmet === 0) {
      run.scheduled = true;
      this.ready.push(run);
      this.schedulePump();
    }
  }

  private describeExclusion(address: string): string {
    const kept = this.plan.kept.find((k) => k.address === address);
    if (kept) return `kept: ${kept.reason}`;
    const blocked = this.plan.blocked.find((b) => b.address === address);
    return blocked ? `blocked: ${blocked.reason}` : 'not in the plan';
  }

  // Nodes that become ready in the same tick start together, so batchable siblings meet.
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (!this.signal.aborted) {
      const order = (r: NodeRun): number => this.order.get(r.node.address) ?? 0;
      const starting = this.ready.splice(0).sort((a, b) => order(a) - order(b));
      for (const run of starting) this.announceBatches(run);
      for (const run of starting) {
        this.active++;
        void this.runNode(run).finally(() => {
          this.active--;
          for (const key of run.batchKeys) this.batcher.forget(key, run.node.address);
          this.checkDone();
        });
      }
    }
    this.checkDone();
  }

  private announceBatches(run: NodeRun): void {
    if (!run.type?.runBatch) return;
    const done = this.opts.journal.doneSteps(run.node.address);
    for (const step of run.node.steps) {
      if (step.batch === undefined || done.has(step.action)) continue;
      const key = batchKey(run.node.type, run.node.region, step.action);
      this.batcher.expect(key, run.node.address);
      run.batchKeys.push(key);
    }
  }

  private checkDone(): void {
    if (this.active > 0 || this.pumpScheduled) return;
    if (this.ready.length > 0 && !this.signal.aborted) return;
    this.finished?.();
  }

  private async runNode(run: NodeRun): Promise<void> {
    const { node, type } = run;
    const { journal } = this.opts;
    const signal = this.signal;
    const log = this.opts.log.child({ type: node.type, region: node.region, address: node.address });
    let currentStep: string | undefined;
    try {
      if (!type) throw new Error(`resource type ${node.type} is not in this version's catalogue`);
      const refusal = type.reportOnly ? `${node.type} is report-only` : node.steps.find((s) => s.blocked)?.blocked;
      if (refusal !== undefined) {
        this.skip(run, refusal);
        return;
      }
      if (signal.aborted) return;
      this.setState(run, 'running');
      this.record({ event: 'node-start', address: node.address });
      if (node.releasedWith !== undefined) {
        // A side effect: its parent's deletion (a predecessor, so done by now) released it.
        // Nothing is called; it counts as destroyed only once it no longer reads back.
        this.setState(run, 'waiting');
        await this.waitGone(run, type, node.resource);
        this.settle(run, 'deleted', { kind: 'deleted' }, `released with ${node.releasedWith}`);
        log.info('released with its parent');
        return;
      }
      const fresh = await this.read(run, type, node.resource);
      if (!fresh) {
        // Released by its owner, which this plan deleted: this plan's work, not "already gone".
        if (node.steps.some((s) => s.action === RELEASED_WITH_OWNER))
          this.settle(run, 'deleted', { kind: 'deleted' }, 'released with its owner');
        else this.settle(run, 'deleted', { kind: 'already-gone' }, 'already gone');
        return;
      }
      // The fresh read wins (status, attachments now); the scan fills what read() does not return.
      const resource = merged(node.resource, fresh);
      const unwanted = this.verdict(run, type, resource);
      this.vetted.set(node.address, unwanted);
      if (unwanted !== undefined) {
        this.skip(run, unwanted);
        return;
      }
      const guard = await this.guardBlocking(run, [node.address]);
      if (guard !== undefined) {
        this.skip(run, guard.reason, guard.blockedBy);
        return;
      }
      const done = journal.doneSteps(node.address);
      let deletingStepRan = false;
      for (const step of node.steps) {
        if (done.has(step.action)) continue;
        deletingStepRan = step === node.steps[node.steps.length - 1];
        if (signal.aborted) throw new AbortError();
        currentStep = step.action;
        run.stage = `interrupted during step ${step.action}`;
        this.emit({ type: 'step', address: node.address, action: step.action, description: step.description });
        await this.runStep(run, type, step, resource, log);
        this.record({ event: 'step-done', address: node.address, step: step.action });
        run.stage = `interrupted after step ${step.action}`;
      }
      currentStep = undefined;
      if (this.signing.has(node.address)) {
        // The caller's own AccessKey signs every request: once it is deleted nothing may be
        // sent with it (and nothing could be), so its deletion is final as answered.
        this.settle(run, 'deleted', { kind: 'deleted' }, 'deleted (not read back: it was the key signing the requests)');
        log.info('deleted the caller key');
        return;
      }
      if (type.deletedWhenAnswered && deletingStepRan) {
        // A synchronous delete that answered success (or "already gone"): reading it back
        // would only spend a request to hear what the answer said.
        this.settle(run, 'deleted', { kind: 'deleted' }, 'deleted');
        log.info('deleted');
        return;
      }
      this.setState(run, 'waiting');
      await this.waitGone(run, type, resource);
      this.settle(run, 'deleted', { kind: 'deleted' }, 'deleted');
      log.info('deleted');
    } catch (err) {
      if (err instanceof AbortError) {
        this.record({ event: 'node-interrupted', address: node.address, step: currentStep, message: run.stage });
        run.state = 'pending';
        this.emit({ type: 'node', address: node.address, state: 'pending', reason: run.stage });
        return;
      }
      const failure = describeFailure(node.address, currentStep, type, err);
      log.warn({ code: failure.code, requestId: failure.requestId, step: currentStep }, failure.message);
      this.settle(run, 'failed', { kind: 'failed', failure }, `${failure.code}: ${failure.message}`, failure);
    }
  }

  /** Why the resource as re-read now is not to be destroyed after all, or undefined. */
  private verdict(run: NodeRun, type: ResourceType, resource: Resource): string | undefined {
    const kept = this.opts.stillWanted?.(resource);
    if (kept !== undefined) return kept;
    if (fingerprintOf(resource, type.attachmentProperties) === run.node.fingerprint) return undefined;
    return changeSincePlan(run.node.resource, resource, type.attachmentProperties);
  }

  /**
   * The first of the node's `touches` / `keptWith` targets that will not be destroyed after all
   * (vet()), as the planner would have blocked the node: nothing outside what is destroyed is
   * modified, and what goes with a kept resource stays with it.
   */
  private async guardBlocking(run: NodeRun, path: readonly string[]): Promise<{ reason: string; blockedBy: string } | undefined> {
    for (const d of run.guards) {
      // The apply-time caller's own user is refused (it cannot delete itself), not kept: as in
      // the planner, what goes with it (its other AccessKeys) goes as usual.
      if (d.keptWith === true && this.refusals.has(d.address)) continue;
      const why = await this.vet(d.address, path);
      if (why === undefined) continue;
      const how = d.keptWith === true ? 'and this goes with it' : 'and would be modified by its teardown';
      return { reason: `${d.address} will not be destroyed (${why}) ${how}: ${d.reason}`, blockedBy: d.address };
    }
    return undefined;
  }

  /**
   * Why a node of this plan will not be destroyed after all, or undefined: it failed or was
   * skipped, or re-read now it is kept or changed, or something it needs gone first or goes
   * with will not be destroyed (recursively; `path` breaks cycles). A node found kept before
   * its turn is skipped at once, with what needs it gone first. Answers are remembered for the run.
   */
  private async vet(address: string, path: readonly string[]): Promise<string | undefined> {
    const o = this.outcomes.get(address);
    if (o?.kind === 'skipped') return o.skip.reason;
    if (o?.kind === 'failed') return `failed: ${o.failure.code}`;
    if (o !== undefined) return undefined;
    if (this.vetted.has(address)) return this.vetted.get(address);
    const run = this.runs.get(address);
    if (!run?.type || path.includes(address)) return undefined;
    const here = [...path, address];
    const fresh = await this.read(run, run.type, run.node.resource);
    if (fresh === undefined) return undefined;
    let why = this.verdict(run, run.type, merged(run.node.resource, fresh));
    for (const p of run.predecessors) {
      if (why !== undefined) break;
      if (this.isGone(p)) continue;
      const upstream = await this.vet(p, here);
      if (upstream !== undefined) why = `needs ${p} gone first, which will not be: ${upstream}`;
    }
    why ??= (await this.guardBlocking(run, here))?.reason;
    // Remembered either way: a group vetted for each of its fifty members is read once.
    this.vetted.set(address, why);
    if (why !== undefined && !run.scheduled && !this.outcomes.has(address)) this.skip(run, why);
    return why;
  }

  /** Re-read with retries; a `gone` error from a read means gone. */
  private async read(run: NodeRun, type: ResourceType, resource: Resource): Promise<Resource | undefined> {
    try {
      return await withRetry(
        () => {
          const ctx = this.scanContext(run);
          const readMany = type.readMany;
          if (!readMany) return this.limiter.run(type.service, this.signal, () => type.read(resource, ctx));
          // One readMany call serves every node of this type and region reading in the same window.
          return this.readBatcher.read(`${type.type} ${run.node.region}`, run.node.address, resource, (rs) =>
            this.limiter.run(type.service, this.signal, () => readMany.call(type, rs, ctx)),
          );
        },
        this.retryOptions(run, 'read', RETRY_CALL, this.timing.callDeadlineMs),
      );
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  }

  private async runStep(run: NodeRun, type: ResourceType, step: Step, resource: Resource, log: Logger): Promise<void> {
    // Its owner (gone before it, by the plan's edges) releases it: nothing to send, only the wait below.
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

  private runSingleStep(run: NodeRun, type: ResourceType, step: Step, resource: Resource): Promise<void> {
    return withRetry(
      () => this.holdingSlot(type.service, (slot) => type.run(step, resource, this.stepContext(run, slot))),
      this.retryOptions(run, step.action, RETRY_STEP, this.deleteTimeout(type)),
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
    const first = this.runs.get(addresses[0] ?? '');
    const type = first?.type;
    if (!first || !type?.runBatch) throw new Error(`no batch runner for ${key}`);
    const runBatch = type.runBatch.bind(type);
    const results = new Map<string, unknown>();
    let remaining = [...batch];
    try {
      await withRetry(
        async () => {
          const errors = await this.holdingSlot(type.service, (slot) => runBatch(step, remaining, this.stepContext(first, slot)));
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
        this.retryOptions(first, step.action, RETRY_STEP, this.deleteTimeout(type)),
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
            const run = this.runs.get(addresses[batch.indexOf(r)] ?? '');
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

  private async waitGone(run: NodeRun, type: ResourceType, resource: Resource): Promise<void> {
    const { node } = run;
    const what = `${node.type} ${node.name ? `${node.name} (${node.id})` : node.id} to be deleted`;
    run.stage = `interrupted while waiting for ${what}`;
    this.emit({ type: 'waiting', address: node.address, what });
    await pollUntil(what, async () => (await this.read(run, type, resource)) === undefined, this.pollOptions(this.deleteTimeout(type)));
  }

  private deleteTimeout(type: ResourceType): number {
    return type.deleteTimeoutMs ?? this.timing.deleteTimeoutMs;
  }

  private pollOptions(timeoutMs: number) {
    const t = this.timing;
    return { timeoutMs, baseMs: t.pollBaseMs, maxMs: t.pollMaxMs, signal: this.signal, sleep: t.sleep, now: t.now, random: t.random };
  }

  private retryOptions(run: NodeRun, action: string, retryOn: (kind: CloudApiError['kind']) => boolean, deadlineMs: number) {
    const t = this.timing;
    return {
      signal: this.signal,
      deadlineMs,
      baseMs: t.retryBaseMs,
      maxMs: t.retryMaxMs,
      retryOn,
      sleep: t.sleep,
      now: t.now,
      random: t.random,
      onRetry: (info: RetryInfo) => {
        this.opts.log.debug(
          { address: run.node.address, action, code: info.error.code, attempt: info.attempt, delayMs: info.delayMs },
          'retrying',
        );
        this.emit({
          type: 'retry',
          address: run.node.address,
          action,
          code: info.error.code,
          attempt: info.attempt,
          delayMs: info.delayMs,
        });
      },
    };
  }

  private scanContext(run: NodeRun): ScanContext {
    const { node } = run;
    return {
      clients: this.opts.clients,
      region: node.region,
      caller: this.opts.caller,
      settings: this.opts.settings,
      now: new Date(this.timing.now()),
      signal: this.signal,
      log: this.opts.log.child({ type: node.type, region: node.region }),
    };
  }

  /**
   * Runs a step holding one concurrency slot of `service`. The step's own waits
   * (`ctx.waitUntil`) give the slot back while they wait, and each of their polls takes a slot
   * only for its call: fifty prepaid instances waiting for their conversion must not hold every
   * slot for minutes and stall the rest of the teardown.
   */
  private async holdingSlot<T>(service: string, fn: (slot: Slot) => Promise<T>): Promise<T> {
    let release = await this.limiter.acquire(service, this.signal);
    const slot: Slot = {
      service,
      pause: () => release(),
      resume: async () => {
        release = await this.limiter.acquire(service, this.signal);
      },
    };
    try {
      return await fn(slot);
    } finally {
      release();
    }
  }

  private stepContext(run: NodeRun, slot: Slot): StepContext {
    const address = run.node.address;
    const type = run.type;
    return {
      ...this.scanContext(run),
      waitUntil: async (what, check, o) => {
        const timeoutMs = o?.timeoutMs ?? (type ? this.deleteTimeout(type) : this.timing.deleteTimeoutMs);
        this.emit({ type: 'waiting', address, what: `${what} (up to ${formatDuration(timeoutMs)})` });
        slot.pause();
        try {
          await pollUntil(what, () => this.limiter.run(slot.service, this.signal, check), this.pollOptions(timeoutMs));
        } finally {
          await slot.resume();
        }
      },
      progress: (message) => this.emit({ type: 'progress', address, message }),
    };
  }

  private skip(run: NodeRun, reason: string, blockedBy?: string): void {
    this.settle(run, 'skipped', { kind: 'skipped', skip: { address: run.node.address, reason, blockedBy } }, reason);
  }

  private settle(run: NodeRun, state: 'deleted' | 'failed' | 'skipped', outcome: Outcome, reason: string, failure?: FailedNode): void {
    const address = run.node.address;
    if (this.outcomes.has(address)) return;
    this.outcomes.set(address, outcome);
    if (outcome.kind !== 'deleted-before') {
      this.record({
        event: state === 'deleted' ? 'node-deleted' : state === 'failed' ? 'node-failed' : 'node-skipped',
        address,
        outcome: outcome.kind,
        step: failure?.step,
        code: failure?.code,
        requestId: failure?.requestId,
        message: state === 'deleted' ? undefined : (failure?.message ?? reason),
      });
    }
    this.setState(run, state, reason);
    for (const key of run.batchKeys) this.batcher.forget(key, address);
    for (const d of run.dependents) this.considerReady(d);
  }

  private setState(run: NodeRun, state: NodeState, reason?: string): void {
    run.state = state;
    this.emit({ type: 'node', address: run.node.address, state, reason });
  }

  /**
   * Appends to the journal. A failed write stops the run like an interrupt (no new node, no
   * new step; calls in flight finish) and is reported: carrying on would do work that a
   * rerun cannot know was done.
   */
  private record(entry: JournalRecord): void {
    try {
      this.opts.journal.append(entry);
    } catch (err) {
      if (!(err instanceof JournalWriteError)) throw err;
      if (this.journalFailure) return;
      this.journalFailure = err;
      this.opts.log.error({ file: err.file, code: err.code }, 'the apply journal cannot be written: stopping');
      this.abort.abort();
    }
  }

  private emit(e: ApplyEvent): void {
    try {
      this.opts.onEvent?.(e);
    } catch (err) {
      this.opts.log.warn({ err }, 'progress observer failed');
    }
  }

  private report(interrupted: boolean): ApplyReport {
    const byKind = <K extends Outcome['kind']>(kind: K): Array<[string, Extract<Outcome, { kind: K }>]> =>
      [...this.outcomes.entries()]
        .filter((e): e is [string, Extract<Outcome, { kind: K }>] => e[1].kind === kind)
        .sort(([a], [b]) => a.localeCompare(b));
    const deleted = byKind('deleted').map(([a]) => a);
    const alreadyGone = byKind('already-gone').map(([a]) => a);
    const deletedBefore = byKind('deleted-before').map(([a]) => a);
    const failed = byKind('failed').map(([, o]) => o.failure);
    const skipped = byKind('skipped').map(([, o]) => o.skip);
    const unfinished: UnfinishedNode[] = byKind('unfinished').map(([address, o]) => ({ address, reason: o.reason }));
    return {
      accountId: this.plan.account.id,
      interrupted,
      ...(this.journalFailure ? { journalFailure: { file: this.journalFailure.file, code: this.journalFailure.code } } : {}),
      deleted,
      alreadyGone,
      deletedBefore,
      failed,
      skipped,
      unfinished,
      kept: this.plan.kept,
      blocked: this.plan.blocked,
      gaps: this.plan.gaps,
      counts: {
        planned: this.plan.resources.length,
        deleted: deleted.length,
        alreadyGone: alreadyGone.length,
        deletedBefore: deletedBefore.length,
        failed: failed.length,
        skipped: skipped.length,
        unfinished: unfinished.length,
        kept: this.plan.kept.length,
        blocked: this.plan.blocked.length,
      },
    };
  }
}

/** The resource as re-read now, with what read() does not return taken from the plan. */
function merged(planned: Resource, fresh: Resource): Resource {
  return { ...planned, ...fresh, properties: { ...planned.properties, ...fresh.properties } };
}

/** Every node that needs one of `roots` gone first, directly or through others (not the roots). */
function dependentsOf(roots: ReadonlySet<string>, nodes: readonly PlanNode[]): Set<string> {
  return transitiveDependents(roots, nodes, (n) => n.dependsOn.filter(isOrdering).map((d) => d.address));
}
