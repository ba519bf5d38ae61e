/**
 * The plan as machine-readable JSON (`plan --json`), documented field by field in
 * docs/plan-json.md. This is a public interface: add fields, never rename or remove them.
 * Unlike the plan file it carries no checksum, fingerprints or raw resources.
 */
import type { Dependency, PropertyValue, Step } from '../../providers/contract.js';
import type { Plan, PlanAccount, PlanExclusion, PlanSummary, ScanGap } from '../model.js';
import { byCodeUnit } from '../ordering.js';
import { isOrdering } from '../graph.js';

export interface PlanJsonResource {
  readonly address: string;
  readonly type: string;
  readonly region: string;
  readonly id: string;
  readonly name: string | null;
  readonly properties: Readonly<Record<string, PropertyValue>>;
  readonly steps: readonly { readonly action: string; readonly description: string }[];
  readonly dependsOn: readonly Dependency[];
  /** The caller's own credentials: destroyed after everything else. */
  readonly caller: boolean;
  /** A side effect: released by deleting this other resource (its only dependsOn); null otherwise. */
  readonly releasedWith: string | null;
}

export interface PlanJsonExclusion {
  readonly address: string;
  readonly type: string;
  readonly region: string;
  readonly id: string;
  readonly name: string | null;
  readonly reason: string;
  readonly blockedBy: readonly string[];
}

export interface PlanJson {
  readonly formatVersion: number;
  readonly toolVersion: string;
  readonly account: PlanAccount;
  /** Where the plan was made (Plan.endpoint); null when unknown. */
  readonly endpoint: string | null;
  readonly scope: { readonly regions: readonly string[]; readonly types: readonly string[] };
  readonly resources: readonly PlanJsonResource[];
  readonly kept: readonly PlanJsonExclusion[];
  readonly blocked: readonly PlanJsonExclusion[];
  /** What could not be scanned: non-empty means an incomplete plan. */
  readonly gaps: readonly ScanGap[];
  /** False when there are gaps. */
  readonly complete: boolean;
  readonly summary: PlanSummary;
}

export function planToJson(plan: Plan): PlanJson {
  return {
    formatVersion: plan.formatVersion,
    toolVersion: plan.toolVersion,
    account: {
      id: plan.account.id,
      callerArn: plan.account.callerArn,
      identityType: plan.account.identityType,
      accessKeyId: plan.account.accessKeyId,
    },
    endpoint: plan.endpoint ?? null,
    scope: { regions: [...plan.scope.regions], types: [...plan.scope.types] },
    resources: plan.resources.map((n) => ({
      address: n.address,
      type: n.type,
      region: n.region,
      id: n.id,
      name: n.name ?? null,
      properties: sortedProperties(n.resource.properties),
      steps: n.steps.map(stepJson),
      // Ordering edges only: the blocking-only ones (touches, keptWith) are the plan file's business.
      dependsOn: n.dependsOn.filter(isOrdering).map((d) => ({ address: d.address, reason: d.reason })),
      caller: n.caller === true,
      releasedWith: n.releasedWith ?? null,
    })),
    kept: plan.kept.map(exclusionJson),
    blocked: plan.blocked.map(exclusionJson),
    gaps: plan.gaps.map((g) => ({ type: g.type, region: g.region, code: g.code, message: g.message, action: g.action, fix: g.fix })),
    complete: plan.gaps.length === 0,
    summary: { ...plan.summary },
  };
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(planToJson(plan), null, 2)}\n`;
}

function stepJson(s: Step): { action: string; description: string } {
  return { action: s.action, description: s.description };
}

function exclusionJson(e: PlanExclusion): PlanJsonExclusion {
  return {
    address: e.address,
    type: e.type,
    region: e.region,
    id: e.id,
    name: e.name ?? null,
    reason: e.reason,
    blockedBy: [...(e.blockedBy ?? [])],
  };
}

function sortedProperties(p: Readonly<Record<string, PropertyValue>>): Record<string, PropertyValue> {
  return Object.fromEntries(
    Object.keys(p)
      .sort(byCodeUnit)
      .map((k) => [k, p[k] ?? null]),
  );
}
