/**
 * applyPlan: carries out a plan, like terraform's graph walk for destroy.
 *
 * A ready-pool over the DAG (graph.ts): `node.dependsOn` lists the addresses that must be gone
 * first; a node starts as soon as all of them are deleted. Per node:
 *   1. re-read it: gone → done ("already gone"); kept now or changed in a way that matters →
 *      skipped; then what its steps would modify or what it goes with is vetted the same way
 *      (vetting.ts). No mutating call happens before these checks.
 *   2. run its steps in order (step-runner.ts: each retried until the step deadline, batched
 *      where the type allows), skipping the steps the journal says are done. A `gone` error
 *      completes a step: the thing it acted on no longer exists (for the deleting step that is
 *      success; for a prep step such as a detach, there is nothing left to do).
 *   3. wait (state `waiting`) until the re-read no longer finds it: a deletion counts only when
 *      the cloud stops returning the resource (libnuke's rule).
 * A failed or skipped node skips its dependents (transitively, naming the upstream); every
 * other branch goes on. The apply-time caller's nodes run last or are refused (graph.ts).
 *
 * Concurrency caps count cloud calls in flight (cloud/limiter.ts). Abort (signal): no new node
 * starts, no further step begins; calls in flight finish; waits and backoffs stop at once.
 * The nodes left are reported as not finished, and a rerun resumes from the journal.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { CloudApiError } from '../cloud/errors.js';
import type { CloudClients } from '../cloud/clients.js';
import type { CallerIdentity } from '../cloud/identity.js';
import { ConcurrencyLimiter } from '../cloud/limiter.js';
import { AbortError, UserError } from '../errors.js';
import type { Plan } from '../plan/model.js';
import { RELEASED_WITH_OWNER, type ProviderSettings, type Resource } from '../providers/contract.js';
import type { Registry } from '../providers/registry.js';
import type { ApplyEnvironment } from './contexts.js';
import type { ApplyEvent, NodeState } from './events.js';
import { buildApplyGraph, type ApplyGraph, type NodeRun } from './graph.js';
import { JournalWriteError, type Journal, type JournalRecord } from './journal.js';
import { buildReport, isGoneOutcome, type Outcome } from './outcomes.js';
import { describeFailure, type ApplyReport, type FailedNode } from './report.js';
import { StepRunner } from './step-runner.js';
import { DEFAULT_TIMING, type ApplyTiming } from './timing.js';
import { merged, Vetting } from './vetting.js';

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

export async function applyPlan(plan: Plan, opts: ApplyOptions): Promise<ApplyReport> {
  if (opts.clients.mode !== 'read-write') throw new Error('applyPlan needs read-write clients');
  if (plan.account.id !== opts.caller.accountId)
    throw new UserError(
      `this plan is for account ${plan.account.id}, but the credentials belong to ${opts.caller.accountId}; nothing was changed`,
    );
  return new ApplyRun(plan, opts).run();
}

class ApplyRun {
  private readonly graph: ApplyGraph;
  private readonly steps: StepRunner;
  private readonly vetting: Vetting;
  private readonly outcomes = new Map<string, Outcome>();
  /** Set when a journal write failed: the run stops (see record()). */
  private journalFailure: JournalWriteError | undefined;
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

  constructor(
    private readonly plan: Plan,
    private readonly opts: ApplyOptions,
  ) {
    const env: ApplyEnvironment = {
      clients: opts.clients,
      caller: opts.caller,
      settings: opts.settings,
      log: opts.log,
      timing: { ...DEFAULT_TIMING, ...opts.timing },
      limiter: new ConcurrencyLimiter(opts.concurrency?.global ?? 10, opts.concurrency?.perService ?? {}),
      signal: this.abort.signal,
      emit: (e) => this.emit(e),
    };
    this.graph = buildApplyGraph(plan, opts.registry, opts.caller, opts.settings);
    const runOf = (address: string): NodeRun | undefined => this.graph.runs.get(address);
    this.steps = new StepRunner(env, runOf);
    this.vetting = new Vetting({
      runOf,
      outcomeOf: (address) => this.outcomes.get(address),
      isGone: (address) => this.isGone(address),
      isRefused: (address) => this.graph.refusals.has(address),
      read: (run, type, resource) => this.steps.read(run, type, resource),
      skipPending: (run, reason) => this.skip(run, reason),
      stillWanted: opts.stillWanted,
    });
  }

  private get signal(): AbortSignal {
    return this.abort.signal;
  }

  async run(): Promise<ApplyReport> {
    const { journal } = this.opts;
    const { runs, refusals } = this.graph;
    const signal = this.abort.signal;
    setMaxListeners(0, signal);
    const forward = (): void => this.abort.abort();
    if (this.opts.signal.aborted) forward();
    else this.opts.signal.addEventListener('abort', forward, { once: true });
    const deletedBefore = [...runs.values()].filter((r) => journal.isDeleted(r.node.address)).length;
    this.record({ event: 'apply-start', message: `${runs.size} resources, ${deletedBefore} deleted by an earlier run` });
    this.emit({ type: 'apply-start', total: runs.size, deletedBefore });

    const onAbort = (): void => this.steps.cancel(new AbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    await this.confirmDeletedBefore([...runs.values()].filter((r) => journal.isDeleted(r.node.address)));
    // Dependents first, so that each refused node is reported with its own reason rather
    // than as downstream of another refused one (a user after its key).
    for (const [address, reason] of [...refusals].reverse()) {
      const run = runs.get(address);
      if (run)
        this.skip(
          run,
          `${reason} (this apply runs as ${this.opts.caller.arn || this.opts.caller.accessKeyId}, not as the plan's ${this.plan.account.callerArn || this.plan.account.accessKeyId})`,
        );
    }
    for (const run of runs.values()) this.considerReady(run);
    this.checkDone();
    await done;
    signal.removeEventListener('abort', onAbort);
    this.opts.signal.removeEventListener('abort', forward);

    const interrupted = signal.aborted;
    for (const run of runs.values()) {
      if (this.outcomes.has(run.node.address)) continue;
      if (interrupted) this.outcomes.set(run.node.address, { kind: 'unfinished', reason: run.stage });
      // Nothing in flight, nothing ready, yet pending without an abort: the plan has a cycle.
      else this.skip(run, `dependency cycle: waits for ${run.predecessors.filter((p) => !this.isGone(p)).join(', ')}`);
    }
    this.record({ event: 'apply-end', outcome: interrupted ? 'interrupted' : 'completed' });
    this.emit({ type: 'apply-end', interrupted });
    return buildReport(this.plan, this.outcomes, interrupted, this.journalFailure);
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
          const fresh = await this.steps.read(run, run.type, run.node.resource);
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

  private isGone(address: string): boolean {
    return isGoneOutcome(this.outcomes.get(address));
  }

  /** Decides, for a pending node, whether it can start, must be skipped, or waits longer. */
  private considerReady(run: NodeRun): void {
    if (run.scheduled || this.outcomes.has(run.node.address)) return;
    const missing = run.predecessors.find((p) => !this.graph.runs.has(p));
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
      const order = (r: NodeRun): number => this.graph.order.get(r.node.address) ?? 0;
      const starting = this.ready.splice(0).sort((a, b) => order(a) - order(b));
      for (const run of starting) this.steps.announceBatches(run, this.opts.journal.doneSteps(run.node.address));
      for (const run of starting) {
        this.active++;
        void this.runNode(run).finally(() => {
          this.active--;
          this.steps.forgetBatches(run);
          this.checkDone();
        });
      }
    }
    this.checkDone();
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
        await this.steps.waitGone(run, type, node.resource);
        this.settle(run, 'deleted', { kind: 'deleted' }, `released with ${node.releasedWith}`);
        log.info('released with its parent');
        return;
      }
      const fresh = await this.steps.read(run, type, node.resource);
      if (!fresh) {
        // Released by its owner, which this plan deleted: this plan's work, not "already gone".
        if (node.steps.some((s) => s.action === RELEASED_WITH_OWNER))
          this.settle(run, 'deleted', { kind: 'deleted' }, 'released with its owner');
        else this.settle(run, 'deleted', { kind: 'already-gone' }, 'already gone');
        return;
      }
      // The fresh read wins (status, attachments now); the scan fills what read() does not return.
      const resource = merged(node.resource, fresh);
      const unwanted = this.vetting.verdict(run, type, resource);
      this.vetting.remember(node.address, unwanted);
      if (unwanted !== undefined) {
        this.skip(run, unwanted);
        return;
      }
      const guard = await this.vetting.guardBlocking(run, [node.address]);
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
        await this.steps.runStep(run, type, step, resource, log);
        this.record({ event: 'step-done', address: node.address, step: step.action });
        run.stage = `interrupted after step ${step.action}`;
      }
      currentStep = undefined;
      if (this.graph.signing.has(node.address)) {
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
      await this.steps.waitGone(run, type, resource);
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
    this.steps.forgetBatches(run);
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
}
