/**
 * The graph an apply walks: one NodeRun per plan node, with the edges the plan gives
 * (`dependsOn` orderings) and those the apply-time caller adds.
 *
 * The caller is who runs the apply, identified again now (STS GetCallerIdentity), not who
 * made the plan: a saved plan may have been made with another key. Each node's steps are
 * re-planned for the apply-time caller; a node they now refuse (the key signing this run
 * without settings.deleteCallerAccessKey, its RAM user, the role it assumed) is a refusal,
 * skipped before anything runs, with what depends on it. Caller nodes (the caller's own
 * AccessKey/user) depend on every other node, so they run last and only if everything else
 * is gone; the signing key, when it is to be deleted, goes after every other node — plan-time
 * caller nodes included — and is not read back.
 */
import { ramUserNameOf, type CallerIdentity } from '../cloud/identity.js';
import type { Plan, PlanNode } from '../plan/model.js';
import { isOrdering } from '../plan/graph.js';
import { transitiveDependents } from '../plan/topological.js';
import type { Dependency, ProviderSettings, Resource, ResourceType } from '../providers/contract.js';
import type { Registry } from '../providers/registry.js';
import type { NodeState } from './events.js';

export interface NodeRun {
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

export interface ApplyGraph {
  /** Every node of the plan, in plan order. */
  readonly runs: ReadonlyMap<string, NodeRun>;
  /** Plan order (topological), to start ready nodes deterministically. */
  readonly order: ReadonlyMap<string, number>;
  /** The node of the AccessKey signing this run's requests, when the plan deletes it. */
  readonly signing: ReadonlySet<string>;
  /** Nodes the apply-time caller's steps refuse, with the reason, in plan order. */
  readonly refusals: ReadonlyMap<string, string>;
}

export function buildApplyGraph(plan: Plan, registry: Registry, caller: CallerIdentity, settings: ProviderSettings): ApplyGraph {
  const nodes = plan.resources;
  const { signing, refusals } = callerNodes(plan, registry, caller, settings);
  const planCallers = new Set(nodes.filter((n) => n.caller && !signing.has(n.address)).map((n) => n.address));
  // Nodes that must wait for a caller node or a refused one cannot also come before the
  // caller nodes: they are left out of the "caller last" edges (as the planner does).
  const waitingForCallers = dependentsOf(new Set([...signing, ...planCallers, ...refusals.keys()]), nodes);
  const lastOf = (exclude: ReadonlySet<string>): string[] =>
    nodes.map((n) => n.address).filter((a) => !exclude.has(a) && !waitingForCallers.has(a) && !refusals.has(a) && !signing.has(a));
  const beforePlanCallers = lastOf(planCallers);
  const beforeSigning = [...lastOf(new Set()), ...[...planCallers].filter((a) => !refusals.has(a))];
  const runs = new Map<string, NodeRun>();
  const order = new Map<string, number>();
  for (const [i, node] of nodes.entries()) {
    order.set(node.address, i);
    const explicit = node.dependsOn.filter(isOrdering).map((d) => d.address);
    const implicit = signing.has(node.address) ? beforeSigning : planCallers.has(node.address) ? beforePlanCallers : [];
    const predecessors = [...new Set([...explicit, ...implicit])].filter((a) => a !== node.address);
    runs.set(node.address, {
      node,
      type: registry.get(node.type),
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
  for (const run of runs.values()) {
    for (const p of run.predecessors) {
      const upstream = runs.get(p);
      if (upstream) upstream.dependents.push(run);
      run.unmet++;
    }
  }
  return { runs, order, signing, refusals };
}

/**
 * Re-plans each node's steps for the caller of this run (the plan's own time and settings:
 * only the caller differs), and finds the AccessKey signing this run's requests.
 */
function callerNodes(
  plan: Plan,
  registry: Registry,
  caller: CallerIdentity,
  settings: ProviderSettings,
): { signing: Set<string>; refusals: Map<string, string> } {
  const signing = new Set<string>();
  const refusals = new Map<string, string>();
  for (const node of plan.resources) if (registry.get(node.type)?.isCaller?.(node.resource, caller) === true) signing.add(node.address);
  const made = plan.account;
  if (made.accessKeyId === caller.accessKeyId && made.callerArn === caller.arn) return { signing, refusals };
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
  const now = new Date(plan.createdAt);
  const refusalFor = (type: ResourceType, r: Resource, who: CallerIdentity): string | undefined =>
    type.steps(r, { caller: who, settings, now }).find((s) => s.blocked !== undefined)?.blocked;
  for (const node of plan.resources) {
    const type = registry.get(node.type);
    if (!type || type.reportOnly || node.steps.some((s) => s.blocked !== undefined)) continue;
    const refusal = refusalFor(type, node.resource, caller);
    if (refusal === undefined || refusalFor(type, node.resource, planCaller) !== undefined) continue;
    refusals.set(node.address, refusal);
    signing.delete(node.address);
  }
  return { signing, refusals };
}

/** Every node that needs one of `roots` gone first, directly or through others (not the roots). */
function dependentsOf(roots: ReadonlySet<string>, nodes: readonly PlanNode[]): Set<string> {
  return transitiveDependents(roots, nodes, (n) => n.dependsOn.filter(isOrdering).map((d) => d.address));
}
