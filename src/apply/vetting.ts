/**
 * Whether a node is still to be destroyed, decided again at apply time from what the cloud
 * says now: a keep rule that matches it now ("kept since the plan was made"), a change that
 * matters since the plan (its name, tags or attachments; see plan/fingerprint.ts), or
 * something it needs gone first, modifies (`touches`) or goes with (`keptWith`) that will not
 * be destroyed after all — exactly what the planner would have blocked had the keep rule
 * matched at plan time (a newly kept instance keeps its EIP and secondary ENI).
 */
import { changeSincePlan, fingerprintOf } from '../plan/fingerprint.js';
import type { Resource, ResourceType } from '../providers/contract.js';
import type { NodeRun } from './graph.js';
import type { Outcome } from './outcomes.js';

export interface VettingWorld {
  runOf(address: string): NodeRun | undefined;
  outcomeOf(address: string): Outcome | undefined;
  isGone(address: string): boolean;
  /** The apply-time caller refuses it (see graph.ts): not kept, only not run. */
  isRefused(address: string): boolean;
  read(run: NodeRun, type: ResourceType, resource: Resource): Promise<Resource | undefined>;
  /** A node found kept before its turn is skipped at once (with what needs it gone first). */
  skipPending(run: NodeRun, reason: string): void;
  /** Given the resource as re-read now, a reason not to delete it after all (apply's keep rules). */
  readonly stillWanted?: ((fresh: Resource) => string | undefined) | undefined;
}

export class Vetting {
  /** vet() results: why a node will not be destroyed (kept or changed now), or undefined (still to go). */
  private readonly vetted = new Map<string, string | undefined>();
  /**
   * vet()'s re-read of each node, shared: a node's vetting waits for what it needs gone first
   * and what it touches (recursively) before its answer is remembered, so others asking
   * meanwhile (a user vetted by each of its keys, groups and policies) would read it again.
   */
  private readonly reads = new Map<string, Promise<Resource | undefined>>();

  constructor(private readonly world: VettingWorld) {}

  /** Why the resource as re-read now is not to be destroyed after all, or undefined. */
  verdict(run: NodeRun, type: ResourceType, resource: Resource): string | undefined {
    const kept = this.world.stillWanted?.(resource);
    if (kept !== undefined) return kept;
    if (fingerprintOf(resource, type.attachmentProperties) === run.node.fingerprint) return undefined;
    return changeSincePlan(run.node.resource, resource, type.attachmentProperties);
  }

  /** Records the verdict a node's own turn reached, so that others vetting it do not read it again. */
  remember(address: string, why: string | undefined): void {
    this.vetted.set(address, why);
  }

  /**
   * The first of the node's `touches` / `keptWith` targets that will not be destroyed after all
   * (vet()), as the planner would have blocked the node: nothing outside what is destroyed is
   * modified, and what goes with a kept resource stays with it.
   */
  async guardBlocking(run: NodeRun, path: readonly string[]): Promise<{ reason: string; blockedBy: string } | undefined> {
    for (const d of run.guards) {
      // The apply-time caller's own user is refused (it cannot delete itself), not kept: as in
      // the planner, what goes with it (its other AccessKeys) goes as usual.
      if (d.keptWith === true && this.world.isRefused(d.address)) continue;
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
  async vet(address: string, path: readonly string[]): Promise<string | undefined> {
    const { world } = this;
    const o = world.outcomeOf(address);
    if (o?.kind === 'skipped') return o.skip.reason;
    if (o?.kind === 'failed') return `failed: ${o.failure.code}`;
    if (o !== undefined) return undefined;
    if (this.vetted.has(address)) return this.vetted.get(address);
    const run = world.runOf(address);
    if (!run?.type || path.includes(address)) return undefined;
    const here = [...path, address];
    let read = this.reads.get(address);
    if (read === undefined) {
      read = world.read(run, run.type, run.node.resource);
      this.reads.set(address, read);
      // A read that failed is not an answer: the next one asking reads again.
      read.catch(() => this.reads.delete(address));
    }
    const fresh = await read;
    if (fresh === undefined) return undefined;
    let why = this.verdict(run, run.type, merged(run.node.resource, fresh));
    for (const p of run.predecessors) {
      if (why !== undefined) break;
      if (world.isGone(p)) continue;
      const upstream = await this.vet(p, here);
      if (upstream !== undefined) why = `needs ${p} gone first, which will not be: ${upstream}`;
    }
    why ??= (await this.guardBlocking(run, here))?.reason;
    // Remembered either way: a group vetted for each of its fifty members is read once.
    this.vetted.set(address, why);
    if (why !== undefined && !run.scheduled && world.outcomeOf(address) === undefined) world.skipPending(run, why);
    return why;
  }
}

/** The resource as re-read now, with what read() does not return taken from the plan. */
export function merged(planned: Resource, fresh: Resource): Resource {
  return { ...planned, ...fresh, properties: { ...planned.properties, ...fresh.properties } };
}
