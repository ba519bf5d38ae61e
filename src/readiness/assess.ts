/**
 * The account as readiness sees it: the provider scan (kept resources are still there), BSS and
 * Resource Center evidence side by side, what `plan` would do with each resource found, and the
 * verdict. Read-only: every call goes through the read-only clients it is given.
 */
import type { Logger } from 'pino';
import type { CloudClients } from '../cloud/clients.js';
import type { CallerIdentity } from '../cloud/identity.js';
import type { TeardownConfig } from '../config/load.js';
import { buildPlan, PlanError, scanAccount, type ScanProgress, type ScanResult } from '../plan/index.js';
import { matchKeepRules } from '../plan/filters.js';
import { resolveSelection } from '../plan/selection.js';
import { resourceAddress } from '../providers/contract.js';
import type { Registry } from '../providers/registry.js';
import { evaluateReadiness } from './checks.js';
import { gatherEvidence } from './gather.js';
import type { PlannedFate, ReadinessReport } from './model.js';

export interface AssessOptions {
  readonly registry: Registry;
  /** Read-only clients. */
  readonly clients: CloudClients;
  readonly caller: CallerIdentity;
  readonly config: TeardownConfig;
  /** What the command line says (`--only`, `--exclude`, `--regions`, `--exclude-regions`). */
  readonly only?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly regions?: readonly string[] | undefined;
  readonly excludeRegions?: readonly string[] | undefined;
  readonly toolVersion: string;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly onProgress?: ((e: ScanProgress) => void) | undefined;
}

export async function assessReadiness(opts: AssessOptions): Promise<ReadinessReport> {
  const { registry, config, caller } = opts;
  const selection = resolveSelection(registry, { only: opts.only ?? [], exclude: opts.exclude ?? [] });
  const [scan, evidence] = await Promise.all([
    scanAccount({
      registry,
      types: selection.scan,
      regions: opts.regions ?? config.regions,
      excludeRegions: opts.excludeRegions,
      clients: opts.clients,
      caller,
      settings: config.settings,
      concurrency: config.concurrency,
      signal: opts.signal,
      log: opts.log,
      onProgress: opts.onProgress,
    }),
    gatherEvidence(opts.clients, opts.signal),
  ]);
  const now = new Date();
  const keptBy = new Map<string, string>();
  for (const r of scan.resources) {
    const kept = matchKeepRules(r, config.keep, now);
    if (kept) keptBy.set(resourceAddress(r), kept.reason);
  }
  return evaluateReadiness({
    fates: plannedFates(opts, scan, now),
    accountId: caller.accountId,
    centerTypes: registry.centerTypes,
    caller,
    inventory: scan.resources,
    scanGaps: scan.gaps,
    scannedRegions: scan.regions,
    evidence,
    now,
    keptBy,
  });
}

/**
 * What `plan` would do with each resource found, from the same scan and config (buildPlan is
 * pure: no call), so readiness reuses the plan's reasons instead of advising "run apply" for
 * what apply would refuse. A plan that cannot be built (a dependency cycle) gives no fates.
 */
function plannedFates(opts: AssessOptions, scan: ScanResult, now: Date): Map<string, PlannedFate> | undefined {
  const { registry, config, caller } = opts;
  // The selection `plan` would make (the config's include/exclude too): a subset of what was scanned.
  const selection = resolveSelection(registry, {
    only: opts.only && opts.only.length > 0 ? opts.only : config.include,
    exclude: [...config.exclude, ...(opts.exclude ?? [])],
  });
  const regions = opts.regions && opts.regions.length > 0 ? opts.regions : config.regions;
  try {
    const plan = buildPlan({
      registry,
      resources: scan.resources,
      selection,
      keepRules: config.keep,
      caller,
      settings: config.settings,
      now,
      toolVersion: opts.toolVersion,
      account: { id: caller.accountId, callerArn: caller.arn, identityType: caller.identityType, accessKeyId: caller.accessKeyId },
      scope: { regions: scan.regions, types: selection.selected },
      gaps: scan.gaps,
      regionFilter: regions,
    });
    const fates = new Map<string, PlannedFate>();
    for (const n of plan.resources) fates.set(n.address, { fate: 'destroy' });
    for (const k of plan.kept) fates.set(k.address, { fate: 'kept', reason: k.reason });
    for (const b of plan.blocked) fates.set(b.address, { fate: 'blocked', reason: b.reason });
    return fates;
  } catch (err) {
    if (err instanceof PlanError) return undefined;
    throw err;
  }
}
