/**
 * `plan` as a library call: identity given → account blocklist → selection → scan (the
 * only I/O, read-only) → buildPlan. No printing, no process.exit: the CLI renders the
 * result and decides the exit code.
 */
import type { Logger } from 'pino';
import type { CloudClients, ReadRetry } from '../cloud/clients.js';
import type { CallerIdentity } from '../cloud/identity.js';
import type { TeardownConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import type { Registry } from '../providers/registry.js';
import { validateKeepRules } from './filters.js';
import { buildPlan } from './graph.js';
import type { Plan } from './model.js';
import { scanAccount, type ScanProgress } from './scan.js';
import { resolveSelection } from './selection.js';

export interface PlanTeardownOptions {
  readonly registry: Registry;
  readonly config: TeardownConfig;
  /** Read-only clients. */
  readonly clients: CloudClients;
  /** How the scan's reads are retried. @default the cloud retry policy (CALL_RETRY) */
  readonly retry?: ReadRetry | undefined;
  /** Who the credentials belong to (STS GetCallerIdentity), resolved by the caller of this function. */
  readonly caller: CallerIdentity;
  /** `--only`: replaces the config's `include` when given. */
  readonly only?: readonly string[] | undefined;
  /** `--exclude`: added to the config's `exclude`. */
  readonly exclude?: readonly string[] | undefined;
  /** `--regions`: replaces the config's `regions` when given. @default every region (ECS DescribeRegions) */
  readonly regions?: readonly string[] | undefined;
  /** `--exclude-regions`: left out of the regions scanned. */
  readonly excludeRegions?: readonly string[] | undefined;
  readonly toolVersion: string;
  /** Where the clients send their requests, recorded in the plan (Plan.endpoint). */
  readonly endpoint?: string | undefined;
  /** @default new Date() */
  readonly now?: Date | undefined;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly onProgress?: ((event: ScanProgress) => void) | undefined;
}

/** A blocklisted account is refused before anything is scanned, planned or applied (saved plans included). */
export function refuseBlocklistedAccount(config: TeardownConfig, accountId: string): void {
  if (config.accountBlocklist.includes(accountId))
    throw new UserError(
      `account ${accountId} is in the config's accountBlocklist, so it is never scanned or changed; use another account's credentials, or remove it from accountBlocklist if it really is to be emptied`,
    );
}

export async function planTeardown(opts: PlanTeardownOptions): Promise<Plan> {
  const { config, caller } = opts;
  refuseBlocklistedAccount(config, caller.accountId);
  validateKeepRules(config.keep, opts.registry);

  const selection = resolveSelection(opts.registry, {
    only: opts.only && opts.only.length > 0 ? opts.only : config.include,
    exclude: [...config.exclude, ...(opts.exclude ?? [])],
  });
  const regions = opts.regions && opts.regions.length > 0 ? opts.regions : config.regions;
  const scan = await scanAccount({
    registry: opts.registry,
    types: selection.scan,
    regions,
    excludeRegions: opts.excludeRegions,
    clients: opts.clients.readOnly(),
    retry: opts.retry,
    caller,
    settings: config.settings,
    concurrency: config.concurrency,
    signal: opts.signal,
    log: opts.log,
    onProgress: opts.onProgress,
  });
  return buildPlan({
    registry: opts.registry,
    resources: scan.resources,
    selection,
    keepRules: config.keep,
    caller,
    settings: config.settings,
    now: opts.now ?? new Date(),
    toolVersion: opts.toolVersion,
    account: { id: caller.accountId, callerArn: caller.arn, identityType: caller.identityType, accessKeyId: caller.accessKeyId },
    endpoint: opts.endpoint,
    scope: { regions: scan.regions, types: selection.selected },
    gaps: scan.gaps,
    regionFilter: regions,
  });
}

export { buildPlan, type BuildPlanInput } from './graph.js';
export { scanAccount, type ScanOptions, type ScanProgress, type ScanResult } from './scan.js';
export { resolveSelection, type Selection, type SelectionInput } from './selection.js';
export { readPlanFile, writePlanFile } from './planfile.js';
export { renderPlanHuman } from './render/human.js';
export { renderPlanGraph, type GraphFormat } from './render/graph.js';
export { planToJson, renderPlanJson, type PlanJson } from './render/json.js';
export { PlanError } from './errors.js';
export type { Plan } from './model.js';
