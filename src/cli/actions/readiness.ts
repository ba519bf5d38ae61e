/** The work of `readiness` (loaded on demand). */
import { scanAccount } from '../../plan/index.js';
import { matchKeepRules } from '../../plan/filters.js';
import { resourceAddress } from '../../providers/contract.js';
import { resolveSelection } from '../../plan/selection.js';
import { defaultRegistry } from '../../providers/index.js';
import { evaluateReadiness, gatherEvidence, readinessJson, renderReadiness, type ReadinessReport } from '../../readiness/index.js';
import { interruptSignal } from '../interrupt.js';
import type { GlobalArgs } from '../options.js';
import { EXIT, type CommandResult } from '../exit-codes.js';
import { scanProgressReporter } from '../scan-progress.js';
import { openSession, type Session } from '../session.js';

/** Read-only: scans every provider (kept resources are still there), BSS and Resource Center. */
export async function checkReadiness(session: Session, args: GlobalArgs, signal: AbortSignal): Promise<ReadinessReport> {
  const registry = defaultRegistry();
  const selection = resolveSelection(registry, { only: args.only ?? [], exclude: args.exclude ?? [] });
  const progress = scanProgressReporter(process.stderr, args.quiet || args.json);
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
    result.exitCode = report.ready ? EXIT.ok : EXIT.incomplete;
  } finally {
    interrupt.dispose();
    await session.close();
  }
}
