/**
 * Inventory in, plan out: no I/O. Every scanned resource ends up in exactly one of
 *
 *   unselected  its type is outside --only/--exclude, or it lives outside --regions (a
 *               bucket listed by the account-wide ListBuckets, a subscription of another
 *               region): not in the plan at all, but it still blocks what needs it gone
 *               (that is why partial runs scan dependency types);
 *   kept        a keep rule matched: `kept[]`, with the rule;
 *   blocked     a step of it cannot be done (WORM lock, registered domain), or something it
 *               needs gone first is kept, blocked or unselected: `blocked[]`, with the reason;
 *   destroyed   `resources[]`, in a topological order: dependencies first.
 *
 * Blocking is transitive and follows resource-level edges: a kept instance blocks its
 * vswitch ("instance in this vswitch"), which blocks its VPC, and so on — never the whole
 * type. Dependencies on addresses the scan did not find are ignored (already gone, or in
 * a region not scanned: apply's retries on DependencyViolation cover the latter).
 *
 * The caller's own credentials (provider isCaller) must outlive every other deletion, so
 * each caller node depends on every other node to destroy — except those that themselves
 * need a caller node gone first (see dependentsOf).
 */
import type { CallerIdentity } from '../cloud/identity.js';
import type { KeepRule } from '../config/schema.js';
import {
  GLOBAL,
  RELEASED_WITH_OWNER,
  resourceAddress,
  type Dependency,
  type Inventory,
  type ProviderSettings,
  type Resource,
  type ResourceType,
  type Step,
} from '../providers/contract.js';
import type { Registry } from '../providers/registry.js';
import { fingerprintOf } from './fingerprint.js';
import { matchKeepRules, tagsUnknownReason } from './filters.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanAccount, type PlanExclusion, type PlanNode, type ScanGap } from './model.js';
import { byCodeUnit } from './ordering.js';
import { topologicalOrder, transitiveDependents } from './topological.js';

export const CALLER_LAST_REASON = "the caller's own credentials go last";

export interface BuildPlanInput {
  readonly registry: Registry;
  /** Everything the scan found (selected types and their dependency types). */
  readonly resources: readonly Resource[];
  /** The types to destroy. */
  readonly selection: { readonly selected: readonly string[] };
  readonly keepRules: readonly KeepRule[];
  readonly caller: CallerIdentity;
  readonly settings: ProviderSettings;
  readonly now: Date;
  readonly toolVersion: string;
  readonly account: PlanAccount;
  /** Where the scan ran (Plan.endpoint). */
  readonly endpoint?: string | undefined;
  readonly scope: Plan['scope'];
  /** What the scan could not list. @default [] */
  readonly gaps?: readonly ScanGap[] | undefined;
  /**
   * The regions the user asked for (--regions or the config), if any: a resource located in
   * another region is left alone even when its type is listed account-wide. @default every region
   */
  readonly regionFilter?: readonly string[] | undefined;
}

type Status =
  | { readonly kind: 'unselected'; readonly why?: string }
  | { readonly kind: 'kept'; readonly reason: string }
  | { readonly kind: 'blocked'; readonly reason: string; readonly blockedBy?: readonly string[] }
  | { readonly kind: 'destroy'; readonly steps: readonly Step[] };

interface Entry {
  readonly address: string;
  readonly resource: Resource;
  readonly type: ResourceType | undefined;
  status: Status;
  dependencies: readonly Dependency[];
  /** A side effect of this owner's deletion (Dependency.owner). */
  releasedWith?: string | undefined;
  /**
   * Kept, or held by something kept: matched by a keep rule (even outside the selection), its
   * tags unknown while a tag rule could match, or reached from such a resource through any
   * dependency. What is `keptWith` a protected resource is blocked with it.
   */
  protected: boolean;
}

export function buildPlan(input: BuildPlanInput): Plan {
  const selected = new Set(input.selection.selected);
  const planning = { caller: input.caller, settings: input.settings, now: input.now };
  const entries = inventoryEntries(input.resources, input.registry);
  const inventory = inventoryOf(entries);

  /** Whether the resource at `address` is of a selected type, or released by one (up its owners). */
  const goesWithSelected = (address: string, seen = new Set<string>()): boolean => {
    const o = entries.get(address);
    if (!o?.type || seen.has(address)) return false;
    if (selected.has(o.type.type)) return true;
    seen.add(address);
    const up = dependenciesOf(o, o.type, inventory).find((d) => d.owner === true);
    return up !== undefined && goesWithSelected(up.address, seen);
  };

  for (const e of entries.values()) {
    const t = e.type;
    const keep = matchKeepRules(e.resource, input.keepRules, input.now);
    // Owned (Dependency.owner): deleting the owner releases it — a scaling group's instances, an
    // instance's system disk and DeleteWithInstance data disks. It is a side effect, so it is in
    // the plan whenever its owner is, whatever --only says: every destruction is listed. Its own
    // steps would delete it behind the owner's back, so it only waits for the owner.
    const owned = t ? dependenciesOf(e, t, inventory) : [];
    const owner = owned.find((d) => d.owner === true);
    // Unless neither it nor any owner up its chain is selected: then nothing of this run
    // releases it (a VPC a ROS stack created, under --only ecs.instance), and it is unselected.
    if (t && owner && (selected.has(t.type) || goesWithSelected(owner.address))) {
      e.releasedWith = owner.address;
      e.dependencies = owned;
      e.protected = keep !== undefined;
      e.status = keep
        ? { kind: 'kept', reason: keep.reason }
        : { kind: 'destroy', steps: [{ action: RELEASED_WITH_OWNER, description: `released with ${owner.address}` }] };
      continue;
    }
    if (!t || !selected.has(t.type)) {
      // Outside the selection it is not destroyed anyway, but a kept one still protects what
      // it is made of (a kept user's keys under --only ram.access-key).
      e.status = { kind: 'unselected' };
      e.protected = keep !== undefined;
      if (t) e.dependencies = owned;
      continue;
    }
    const location = locationOf(e.resource, t);
    if (input.regionFilter && location !== GLOBAL && !input.regionFilter.includes(location)) {
      e.status = { kind: 'unselected', why: `in ${location}, outside --regions ${input.regionFilter.join(',')}` };
      e.protected = keep !== undefined;
      e.dependencies = owned;
      continue;
    }
    if (keep) {
      e.status = { kind: 'kept', reason: keep.reason };
      e.protected = true;
      e.dependencies = owned;
      continue;
    }
    const unknown = tagsUnknownReason(e.resource, input.keepRules, input.now);
    if (unknown !== undefined) {
      e.status = { kind: 'blocked', reason: unknown };
      e.protected = true;
      e.dependencies = owned;
      continue;
    }
    const steps = t.steps(e.resource, planning);
    const blockedStep = steps.find((s) => s.blocked !== undefined);
    if (blockedStep?.blocked !== undefined) e.status = { kind: 'blocked', reason: blockedStep.blocked };
    else if (t.reportOnly) e.status = { kind: 'blocked', reason: `${t.type} is report-only: aliyun-teardown never deletes it` };
    else e.status = { kind: 'destroy', steps };
    e.dependencies = owned;
  }

  ownersWaitForWhatTheirSideEffectsNeedGone(entries);
  blockWhatGapsMayHold(entries, input.gaps ?? [], input.registry);
  propagateProtection(entries);
  // Until nothing changes: a side effect that must stay (kept, or blocked by something else it
  // needs) blocks its owner, whose deletion would release it; that may block more.
  do propagateBlocking(entries);
  while (blockOwnersOfStayingSideEffects(entries));

  const toDestroy = [...entries.values()].filter((e) => e.status.kind === 'destroy');
  const callers = new Set(toDestroy.filter((e) => e.type?.isCaller?.(e.resource, input.caller) === true).map((e) => e.address));
  const afterCallers = dependentsOf(callers, toDestroy);
  const dependsOn = new Map<string, Dependency[]>();
  for (const e of toDestroy) {
    // `touches` and `keptWith` dependencies only block (above); they do not order.
    const deps = e.dependencies.filter(isOrdering);
    if (callers.has(e.address)) {
      const already = new Set(deps.map((d) => d.address));
      for (const other of toDestroy)
        if (!callers.has(other.address) && !afterCallers.has(other.address) && !already.has(other.address))
          deps.push({ address: other.address, reason: CALLER_LAST_REASON });
    }
    dependsOn.set(e.address, deps);
  }
  const order = topologicalOrder(
    toDestroy.map((e) => e.address),
    new Map([...dependsOn].map(([a, deps]) => [a, deps.map((d) => d.address)])),
  );

  const resources: PlanNode[] = order.map((address) => {
    const e = entries.get(address)!;
    const t = e.type!;
    const steps = e.status.kind === 'destroy' ? e.status.steps : [];
    return {
      address,
      type: t.type,
      service: t.service,
      region: e.resource.region,
      id: e.resource.id,
      name: e.resource.name,
      resource: e.resource,
      steps,
      // The blocking-only dependencies go along (flagged), so that apply can block again what a
      // resource kept at apply time holds or touches.
      dependsOn: [...(dependsOn.get(address) ?? []), ...e.dependencies.filter((d) => !isOrdering(d))],
      fingerprint: fingerprintOf(e.resource, t.attachmentProperties),
      ...(callers.has(address) ? { caller: true } : {}),
      ...(e.releasedWith !== undefined ? { releasedWith: e.releasedWith } : {}),
    };
  });
  const kept: PlanExclusion[] = [];
  const blocked: PlanExclusion[] = [];
  for (const e of [...entries.values()].sort((a, b) => byCodeUnit(a.address, b.address))) {
    if (e.status.kind === 'kept') kept.push(exclusion(e, e.status.reason));
    if (e.status.kind === 'blocked') blocked.push(exclusion(e, e.status.reason, e.status.blockedBy));
  }
  const gaps = [...(input.gaps ?? [])];

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: input.toolVersion,
    createdAt: input.now.toISOString(),
    account: input.account,
    ...(input.endpoint !== undefined ? { endpoint: input.endpoint } : {}),
    scope: input.scope,
    settings: input.settings,
    resources,
    kept,
    blocked,
    gaps,
    summary: { toDestroy: resources.length, kept: kept.length, blocked: blocked.length, gaps: gaps.length },
  };
}

/**
 * What was not seen is never treated as absent: a resource is blocked when a (type, region) the
 * scan could not list holds types that may have to be gone before it (`dependsOn`) or that its
 * teardown may modify (`touchesTypes`) — in its region, or anywhere when either side is global
 * or the region list itself failed (`*`). Type level, because the unseen resources are unknown.
 */
function blockWhatGapsMayHold(entries: ReadonlyMap<string, Entry>, gaps: readonly ScanGap[], registry: Registry): void {
  if (gaps.length === 0) return;
  for (const e of entries.values()) {
    const t = e.type;
    // A step-blocked resource gets the gap as its reason too: the gap is what to fix first.
    // A side effect goes with its owner (whose own gaps block it, and so this one).
    if ((e.status.kind !== 'destroy' && e.status.kind !== 'blocked') || !t || e.releasedWith !== undefined) continue;
    const region = e.resource.region;
    const sameRegion = (g: ScanGap): boolean => g.region === '*' || g.region === region || g.region === GLOBAL || region === GLOBAL;
    const held = gaps.find((g) => t.dependsOn.includes(g.type) && sameRegion(g));
    const touched = held ? undefined : gaps.find((g) => (t.touchesTypes ?? []).includes(g.type) && sameRegion(g));
    const gap = held ?? touched;
    if (!gap) continue;
    const where = gap.region === '*' ? 'any region (the region list could not be read)' : gap.region;
    const kind = registry.get(gap.type)?.description ?? gap.type;
    const why = held
      ? `an unseen ${gap.type} may still need this ${t.type} (${kind})`
      : `its teardown may modify an unseen ${gap.type} (${kind})`;
    e.status = { kind: 'blocked', reason: `${gap.type} in ${where} could not be listed (${gap.code}): ${why}; ${gap.fix}` };
  }
}

/**
 * An owner waits for what its side effects wait for. Deleting a ROS stack deletes the vswitch it
 * created, which cannot go while an instance someone else put in it is still there: the stack's
 * deletion would fail (DELETE_FAILED) instead of waiting. So an owner gets each side effect's
 * ordering dependencies — except on itself, on what it releases too (directly or through another
 * side effect), and on its own owners — repeated until stable, so an owner's owner inherits in turn.
 */
function ownersWaitForWhatTheirSideEffectsNeedGone(entries: ReadonlyMap<string, Entry>): void {
  /** Whether deleting `owner` releases `address`, directly or through a chain of owners. */
  const releasedBy = (address: string, owner: string): boolean => {
    const seen = new Set<string>();
    for (let at = entries.get(address)?.releasedWith; at !== undefined && !seen.has(at); at = entries.get(at)?.releasedWith) {
      if (at === owner) return true;
      seen.add(at);
    }
    return false;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const e of entries.values()) {
      const owner = e.releasedWith === undefined ? undefined : entries.get(e.releasedWith);
      if (!owner) continue;
      const have = new Set(owner.dependencies.map((d) => d.address));
      for (const d of e.dependencies) {
        if (!isOrdering(d) || d.owner === true || d.address === owner.address || have.has(d.address)) continue;
        if (releasedBy(d.address, owner.address) || releasedBy(owner.address, d.address)) continue;
        owner.dependencies = [...owner.dependencies, { address: d.address, reason: `${d.reason} (of ${e.address}, which it releases)` }];
        have.add(d.address);
        changed = true;
      }
    }
  }
}

/**
 * A side effect that must stay (a keep rule on a system disk, a scaling-group instance blocked by
 * a kept load balancer) blocks its owner: deleting the owner would release it. True if any changed.
 */
function blockOwnersOfStayingSideEffects(entries: ReadonlyMap<string, Entry>): boolean {
  let changed = false;
  for (const e of entries.values()) {
    if (e.releasedWith === undefined || (e.status.kind !== 'kept' && e.status.kind !== 'blocked')) continue;
    const owner = entries.get(e.releasedWith);
    if (owner?.status.kind !== 'destroy') continue;
    owner.status = {
      kind: 'blocked',
      reason: `deleting it would also release ${e.address}, which is ${e.status.kind} (${e.status.reason})`,
      blockedBy: [e.address],
    };
    changed = true;
  }
  return changed;
}

export { fingerprintOf } from './fingerprint.js';

/**
 * Nodes that need a caller node gone first (a custom policy attached to the caller's user
 * must wait for that user's detach): they cannot also come before it, so the "caller last"
 * edges skip them instead of making a cycle.
 */
function dependentsOf(roots: ReadonlySet<string>, nodes: readonly Entry[]): Set<string> {
  return transitiveDependents(roots, nodes, (e) => e.dependencies.filter(isOrdering).map((d) => d.address));
}

function inventoryEntries(resources: readonly Resource[], registry: Registry): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const r of [...resources].sort((a, b) => byCodeUnit(resourceAddress(a), resourceAddress(b)))) {
    const address = resourceAddress(r);
    // The first of duplicates wins (a page boundary that moved during the scan can list one twice).
    if (!entries.has(address))
      entries.set(address, {
        address,
        resource: r,
        type: registry.get(r.type),
        status: { kind: 'unselected' },
        dependencies: [],
        protected: false,
      });
  }
  return entries;
}

function inventoryOf(entries: ReadonlyMap<string, Entry>): Inventory {
  const byType = new Map<string, Resource[]>();
  for (const e of entries.values()) {
    const list = byType.get(e.resource.type);
    if (list) list.push(e.resource);
    else byType.set(e.resource.type, [e.resource]);
  }
  return {
    get: (address) => entries.get(address)?.resource,
    byType: (type) => byType.get(type) ?? [],
  };
}

/** The provider's dependencies that exist in the inventory, one per address (the first reason), never itself. */
function dependenciesOf(e: Entry, t: ResourceType, inventory: Inventory): Dependency[] {
  const out = new Map<string, Dependency>();
  for (const d of t.dependencies(e.resource, inventory))
    if (d.address !== e.address && inventory.get(d.address) !== undefined && !out.has(d.address)) out.set(d.address, d);
  return [...out.values()];
}

/**
 * Breadth-first from every kept, blocked and unselected resource (in address order) to the
 * resources that need it gone. The blocker named in a reason is the one that reached the
 * resource first, so following reasons always ends at a kept, step-blocked or unselected
 * resource; `blockedBy` lists every direct blocker.
 */
function propagateBlocking(entries: ReadonlyMap<string, Entry>): void {
  const dependents = dependentsMap(entries);
  const queue = [...entries.values()].filter((e) => e.status.kind !== 'destroy');
  for (let i = 0; i < queue.length; i++) {
    const blocker = queue[i]!;
    for (const { entry, dependency } of dependents.get(blocker.address) ?? []) {
      if (entry.status.kind !== 'destroy' || dependency.keptWith === true) continue;
      entry.status = { kind: 'blocked', reason: blockingReason(blocker, dependency) };
      queue.push(entry);
    }
  }
  for (const e of entries.values()) {
    if (e.status.kind !== 'blocked' || e.dependencies.length === 0) continue;
    const blockedBy = e.dependencies
      .filter((d) => {
        const other = entries.get(d.address);
        return other !== undefined && other.status.kind !== 'destroy' && (d.keptWith !== true || other.protected);
      })
      .map((d) => d.address)
      .sort(byCodeUnit);
    if (blockedBy.length > 0) e.status = { ...e.status, blockedBy: [...new Set(blockedBy)] };
  }
}

/**
 * Breadth-first from every protected resource (kept, or tags unknown) over every kind of
 * dependency: what needs it gone first, what would modify it, and what is kept with it (its
 * keys, its records, the other members of a group it holds...). Everything reached is
 * protected too, and blocked if it was to be destroyed. Runs before propagateBlocking, so a
 * reason names the kept resource rather than another blocker when both are in the way.
 */
function propagateProtection(entries: ReadonlyMap<string, Entry>): void {
  const dependents = dependentsMap(entries);
  const queue = [...entries.values()].filter((e) => e.protected);
  for (let i = 0; i < queue.length; i++) {
    const blocker = queue[i]!;
    for (const { entry, dependency } of dependents.get(blocker.address) ?? []) {
      if (entry.protected) continue;
      entry.protected = true;
      if (entry.status.kind === 'destroy') entry.status = { kind: 'blocked', reason: blockingReason(blocker, dependency) };
      queue.push(entry);
    }
  }
}

function dependentsMap(entries: ReadonlyMap<string, Entry>): Map<string, Array<{ entry: Entry; dependency: Dependency }>> {
  const dependents = new Map<string, Array<{ entry: Entry; dependency: Dependency }>>();
  for (const e of entries.values())
    for (const d of e.dependencies) {
      const item = { entry: e, dependency: d };
      const list = dependents.get(d.address);
      if (list) list.push(item);
      else dependents.set(d.address, [item]);
    }
  return dependents;
}

/** An ordering edge: `address` must be gone first (not a `touches` or `keptWith` one). */
export function isOrdering(d: Dependency): boolean {
  return d.touches !== true && d.keptWith !== true;
}

function blockingReason(blocker: Entry, dependency: Dependency): string {
  if (dependency.keptWith === true) {
    const what = blocker.status.kind === 'kept' ? 'is kept' : 'stays (kept, or held by what is kept)';
    return `${blocker.address} ${what}, and this goes with it: ${dependency.reason}`;
  }
  const dependencyReason = dependency.reason;
  const need = dependency.touches === true ? 'would be modified by its teardown' : 'must be gone first';
  switch (blocker.status.kind) {
    case 'unselected':
      return `${blocker.address} is ${blocker.status.why ?? 'outside the selection (--only/--exclude)'} and ${need}: ${dependencyReason}`;
    case 'kept':
      return `${blocker.address} is kept and ${need}: ${dependencyReason}`;
    default:
      return `${blocker.address} is blocked and ${need}: ${dependencyReason}`;
  }
}

/** The region a resource lives in: its own region field, or what its type says for an account-wide listing. */
function locationOf(r: Resource, t: ResourceType): string {
  return t.locatedIn?.(r) ?? r.region;
}

function exclusion(e: Entry, reason: string, blockedBy?: readonly string[]): PlanExclusion {
  return {
    address: e.address,
    type: e.resource.type,
    region: e.resource.region,
    id: e.resource.id,
    name: e.resource.name,
    properties: e.resource.properties,
    reason,
    ...(blockedBy ? { blockedBy } : {}),
  };
}
