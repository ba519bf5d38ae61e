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
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { matchKeepRules } from './filters.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanAccount, type PlanExclusion, type PlanNode, type ScanWarning } from './model.js';
import { byCodeUnit } from './ordering.js';
import { topologicalOrder } from './topological.js';

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
  /** @default [] */
  readonly warnings?: readonly ScanWarning[] | undefined;
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
}

export function buildPlan(input: BuildPlanInput): Plan {
  const selected = new Set(input.selection.selected);
  const planning = { caller: input.caller, settings: input.settings, now: input.now };
  const entries = inventoryEntries(input.resources, input.registry);
  const inventory = inventoryOf(entries);

  for (const e of entries.values()) {
    const t = e.type;
    if (!t || !selected.has(t.type)) {
      e.status = { kind: 'unselected' };
      continue;
    }
    const location = locationOf(e.resource, t);
    if (input.regionFilter && location !== GLOBAL && !input.regionFilter.includes(location)) {
      e.status = { kind: 'unselected', why: `in ${location}, outside --regions ${input.regionFilter.join(',')}` };
      continue;
    }
    const keep = matchKeepRules(e.resource, input.keepRules, input.now);
    if (keep) {
      e.status = { kind: 'kept', reason: keep.reason };
      continue;
    }
    const steps = t.steps(e.resource, planning);
    const blockedStep = steps.find((s) => s.blocked !== undefined);
    if (blockedStep?.blocked !== undefined) e.status = { kind: 'blocked', reason: blockedStep.blocked };
    else if (t.reportOnly) e.status = { kind: 'blocked', reason: `${t.type} is report-only: aliyun-teardown never deletes it` };
    else e.status = { kind: 'destroy', steps };
    e.dependencies = dependenciesOf(e, t, inventory);
    // Something that owns it releases it: its own steps would delete it behind the owner's
    // back (and the owner would replace it), so it only waits for the owner.
    const owner = e.dependencies.find((d) => d.owner === true);
    if (owner && e.status.kind === 'destroy')
      e.status = { kind: 'destroy', steps: [{ action: RELEASED_WITH_OWNER, description: `released with ${owner.address}` }] };
  }

  propagateBlocking(entries);

  const toDestroy = [...entries.values()].filter((e) => e.status.kind === 'destroy');
  const callers = new Set(toDestroy.filter((e) => e.type?.isCaller?.(e.resource, input.caller) === true).map((e) => e.address));
  const afterCallers = dependentsOf(callers, toDestroy);
  const dependsOn = new Map<string, Dependency[]>();
  for (const e of toDestroy) {
    // `touches` dependencies only block (above); they do not order.
    const deps = e.dependencies.filter((d) => d.touches !== true);
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
      dependsOn: dependsOn.get(address) ?? [],
      fingerprint: fingerprintOf(e.resource),
      ...(callers.has(address) ? { caller: true } : {}),
    };
  });
  const kept: PlanExclusion[] = [];
  const blocked: PlanExclusion[] = [];
  for (const e of [...entries.values()].sort((a, b) => byCodeUnit(a.address, b.address))) {
    if (e.status.kind === 'kept') kept.push(exclusion(e, e.status.reason));
    if (e.status.kind === 'blocked') blocked.push(exclusion(e, e.status.reason, e.status.blockedBy));
  }
  const warnings = [...(input.warnings ?? [])];

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
    warnings,
    summary: { toDestroy: resources.length, kept: kept.length, blocked: blocked.length, warnings: warnings.length },
  };
}

/** sha256 of the resource's canonical JSON: apply compares it to notice a changed resource. */
export function fingerprintOf(r: Resource): string {
  return sha256Hex(canonicalJson(r));
}

/**
 * Nodes that need a caller node gone first (a custom policy attached to the caller's user
 * must wait for that user's detach): they cannot also come before it, so the "caller last"
 * edges skip them instead of making a cycle.
 */
function dependentsOf(roots: ReadonlySet<string>, nodes: readonly Entry[]): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const e of nodes)
    for (const d of e.dependencies) {
      if (d.touches === true) continue;
      const list = dependents.get(d.address);
      if (list) list.push(e.address);
      else dependents.set(d.address, [e.address]);
    }
  const found = new Set<string>();
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++)
    for (const next of dependents.get(queue[i]!) ?? [])
      if (!roots.has(next) && !found.has(next)) {
        found.add(next);
        queue.push(next);
      }
  return found;
}

function inventoryEntries(resources: readonly Resource[], registry: Registry): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const r of [...resources].sort((a, b) => byCodeUnit(resourceAddress(a), resourceAddress(b)))) {
    const address = resourceAddress(r);
    // The first of duplicates wins (a page boundary that moved during the scan can list one twice).
    if (!entries.has(address))
      entries.set(address, { address, resource: r, type: registry.get(r.type), status: { kind: 'unselected' }, dependencies: [] });
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
  const dependents = new Map<string, Array<{ entry: Entry; reason: string; touches: boolean }>>();
  for (const e of entries.values())
    for (const d of e.dependencies) {
      const item = { entry: e, reason: d.reason, touches: d.touches === true };
      const list = dependents.get(d.address);
      if (list) list.push(item);
      else dependents.set(d.address, [item]);
    }

  const queue = [...entries.values()].filter((e) => e.status.kind !== 'destroy');
  for (let i = 0; i < queue.length; i++) {
    const blocker = queue[i]!;
    for (const { entry, reason, touches } of dependents.get(blocker.address) ?? []) {
      if (entry.status.kind !== 'destroy') continue;
      entry.status = { kind: 'blocked', reason: blockingReason(blocker, reason, touches) };
      queue.push(entry);
    }
  }
  for (const e of entries.values()) {
    if (e.status.kind !== 'blocked' || e.dependencies.length === 0) continue;
    const blockedBy = e.dependencies
      .map((d) => d.address)
      .filter((a) => entries.get(a)?.status.kind !== 'destroy')
      .sort(byCodeUnit);
    if (blockedBy.length > 0) e.status = { ...e.status, blockedBy };
  }
}

function blockingReason(blocker: Entry, dependencyReason: string, touches: boolean): string {
  const need = touches ? 'would be modified by its teardown' : 'must be gone first';
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
