/**
 * The plan as machine-readable JSON (`plan --json`), documented field by field in
 * docs/plan-json.md. This is a public interface: add fields, never rename or remove them.
 * Unlike the plan file it carries no checksum, fingerprints or raw resources.
 */
import type { Dependency, PropertyValue, Step } from '../../providers/contract.js';
import type { Plan, PlanAccount, PlanExclusion, PlanSummary, ScanWarning } from '../model.js';
import { byCodeUnit } from '../ordering.js';

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
  readonly warnings: readonly ScanWarning[];
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
      dependsOn: n.dependsOn.map((d) => ({ address: d.address, reason: d.reason })),
      caller: n.caller === true,
    })),
    kept: plan.kept.map(exclusionJson),
    blocked: plan.blocked.map(exclusionJson),
    warnings: plan.warnings.map((w) => ({ type: w.type, region: w.region, code: w.code, message: w.message })),
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
