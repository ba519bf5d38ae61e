/** The work of `readiness` (loaded on demand): the session, progress and output around src/readiness. */
import { defaultRegistry } from '../../providers/index.js';
import { assessReadiness, readinessJson, renderReadiness, type ReadinessReport } from '../../readiness/index.js';
import { TOOL_VERSION } from '../version.js';
import { interruptSignal } from '../interrupt.js';
import type { GlobalArgs } from '../options.js';
import { EXIT, type CommandResult } from '../exit-codes.js';
import { scanProgressReporter } from '../scan-progress.js';
import { openSession, type Session } from '../session.js';

/** Read-only: scans every provider (kept resources are still there), BSS and Resource Center. */
export async function checkReadiness(session: Session, args: GlobalArgs, signal: AbortSignal): Promise<ReadinessReport> {
  const progress = scanProgressReporter(process.stderr, args.quiet);
  try {
    return await assessReadiness({
      registry: defaultRegistry(),
      clients: session.readOnlyClients,
      caller: session.caller,
      config: session.config,
      only: args.only,
      exclude: args.exclude,
      regions: args.regions,
      excludeRegions: args.excludeRegions,
      toolVersion: TOOL_VERSION,
      signal,
      log: session.log,
      onProgress: progress.handle,
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
