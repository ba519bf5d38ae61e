/** The work of `readiness` (loaded on demand). */
import { buildPlan, PlanError, scanAccount, type ScanResult } from '../../plan/index.js';
import { matchKeepRules } from '../../plan/filters.js';
import { resourceAddress } from '../../providers/contract.js';
import { resolveSelection, type Selection } from '../../plan/selection.js';
import type { Registry } from '../../providers/registry.js';
import { defaultRegistry } from '../../providers/index.js';
import {
  evaluateReadiness,
  gatherEvidence,
  readinessJson,
  renderReadiness,
  type PlannedFate,
  type ReadinessReport,
} from '../../readiness/index.js';
import { TOOL_VERSION } from '../version.js';
import { interruptSignal } from '../interrupt.js';
import type { GlobalArgs } from '../options.js';
import { EXIT, type CommandResult } from '../exit-codes.js';
import { scanProgressReporter } from '../scan-progress.js';
import { openSession, type Session } from '../session.js';

/** Read-only: scans every provider (kept resources are still there), BSS and Resource Center. */
export async function checkReadiness(session: Session, args: GlobalArgs, signal: AbortSignal): Promise<ReadinessReport> {
  const registry = defaultRegistry();
  const selection = resolveSelection(registry, { only: args.only ?? [], exclude: args.exclude ?? [] });
  const progress = scanProgressReporter(process.stderr, args.quiet);
  try {
    const [scan, evidence] = await Promise.all([
      scanAccount({
        registry,
        types: selection.scan,
        regions: args.regions ?? session.config.regions,
        excludeRegions: args.excludeRegions,
        clients: session.readOnlyClients,
        caller: session.caller,
        settings: session.config.settings,
        concurrency: session.config.concurrency,
        signal,
        log: session.log,
        onProgress: progress.handle,
      }),
      gatherEvidence(session.readOnlyClients, signal),
    ]);
    const now = new Date();
    const keptBy = new Map<string, string>();
    for (const r of scan.resources) {
      const kept = matchKeepRules(r, session.config.keep, now);
      if (kept) keptBy.set(resourceAddress(r), kept.reason);
    }
    return evaluateReadiness({
      fates: plannedFates(session, args, scan, registry, now),
      accountId: session.caller.accountId,
      centerTypes: registry.centerTypes,
      caller: session.caller,
      inventory: scan.resources,
      scanGaps: scan.gaps,
      scannedRegions: scan.regions,
      evidence,
      now,
      keptBy,
    });
  } finally {
    progress.close();
  }
}

export async function runReadiness(args: GlobalArgs, result: CommandResult): Promise<void> {
  const session = await openSession(args, 'readiness');
  const interrupt = interruptSignal();
  try {
    const report = await checkReadiness(session, args, interrupt.signal);
    process.stdout.write(args.json ? readinessJson(report) : renderReadiness(report, { color: args.color }));
    session.sayWhereTheLogIs();
    result.exitCode = report.ready ? EXIT.ok : EXIT.incomplete;
  } finally {
    interrupt.dispose();
    await session.close();
  }
}

/**
 * What `plan` would do with each resource found, from the same scan and config (buildPlan is
 * pure: no call), so readiness reuses the plan's reasons instead of advising "run apply" for
 * what apply would refuse. A plan that cannot be built (a dependency cycle) gives no fates.
 */
function plannedFates(
  session: Session,
  args: GlobalArgs,
  scan: ScanResult,
  registry: Registry,
  now: Date,
): Map<string, PlannedFate> | undefined {
  // The selection `plan` would make (the config's include/exclude too): a subset of what was scanned.
  const { config } = session;
  const selection: Selection = resolveSelection(registry, {
    only: args.only && args.only.length > 0 ? args.only : config.include,
    exclude: [...config.exclude, ...(args.exclude ?? [])],
  });
  const regions = args.regions && args.regions.length > 0 ? args.regions : config.regions;
  try {
    const plan = buildPlan({
      registry,
      resources: scan.resources,
      selection,
      keepRules: session.config.keep,
      caller: session.caller,
      settings: session.config.settings,
      now,
      toolVersion: TOOL_VERSION,
      account: {
        id: session.caller.accountId,
        callerArn: session.caller.arn,
        identityType: session.caller.identityType,
        accessKeyId: session.caller.accessKeyId,
      },
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
