/** The work of `apply` (loaded on demand). */
import { ApplyProgress } from '../apply-progress.js';
import { applyPlan } from '../../apply/executor.js';
import { Journal, runDirectory } from '../../apply/journal.js';
import { acquireRunLock, type RunLock } from '../../apply/run-lock.js';
import { applyExitCode, renderReport, reportJson } from '../../apply/report.js';
import { readPlanFile, refuseBlocklistedAccount, renderPlanHuman, type Plan } from '../../plan/index.js';
import { matchKeepRules, tagsUnknownReason, validateKeepRules } from '../../plan/filters.js';
import { requireBackup } from '../../backup/require.js';
import { defaultRegistry } from '../../providers/index.js';
import { UserError } from '../../errors.js';
import { confirmAccount, refuseOtherAccount } from '../confirm.js';
import { interruptSignal } from '../interrupt.js';
import { EXIT, type CommandResult } from '../exit-codes.js';
import { openSession, type Session } from '../session.js';
import type { ApplyArgs } from '../commands/apply.js';
import { incompleteNotice, keepRuleNotes, makePlan } from './plan.js';
import { renderSavedPlanHeader } from '../../plan/render/saved.js';

export async function runApply(args: ApplyArgs, result: CommandResult): Promise<void> {
  const session = await openSession(args, 'apply');
  const interrupt = interruptSignal();
  let lock: RunLock | undefined;
  try {
    const { caller } = session;
    refuseOtherAccount(args.confirm, caller);

    // planTeardown checks this too; a saved plan must not slip past it.
    refuseBlocklistedAccount(session.config, caller.accountId);
    // The keep rules are also evaluated at apply time (stillWanted): a misspelt one must not pass there either.
    validateKeepRules(session.config.keep, defaultRegistry());
    // One apply at a time per account and state directory (apply/run-lock.ts), taken before
    // the scan and the confirmation so that a second run refuses at once, naming the first.
    lock = acquireRunLock(session.stateDir, caller.accountId, args.planFile ? `apply ${args.planFile}` : 'apply');
    let plan: Plan;
    if (args.planFile) {
      if (args.only || args.exclude || args.regions || args.excludeRegions)
        throw new UserError(
          'a saved plan is applied exactly as it is: drop --only/--exclude/--regions/--exclude-regions, or make a new plan with them',
        );
      plan = await readPlanFile(args.planFile, { accountId: caller.accountId });
    } else {
      plan = await makePlan(session, args, interrupt.signal);
    }
    // A saved plan was reviewed already: say what it is, not all of it again.
    if (!args.json)
      process.stdout.write(
        args.planFile
          ? renderSavedPlanHeader(args.planFile, plan)
          : renderPlanHuman(plan, { color: args.color, notes: keepRuleNotes(session, plan) }),
      );
    if (plan.gaps.length > 0 && !args.allowIncomplete) {
      // Refused before the confirmation: nothing is changed, no read-write client exists.
      process.stderr.write(
        `${incompleteNotice(plan)}\napply refuses an incomplete plan; nothing was changed. Grant what the plan names and plan again, or pass --allow-incomplete to destroy only what no gap can hold.\n`,
      );
      if (args.json) process.stdout.write(`${JSON.stringify({ summary: 'Refused: the plan is incomplete.', gaps: plan.gaps }, null, 2)}\n`);
      result.exitCode = EXIT.planIncomplete;
      return;
    }
    // Before anything is shown for confirmation: without a backup covering the plan, stop here.
    if (args.requireBackup !== undefined && plan.resources.length > 0) await requireBackup(args.requireBackup, plan, caller.accountId);
    for (const note of differencesFromPlan(plan, session)) process.stderr.write(`Note: ${note}\n`);
    if (plan.resources.length === 0) {
      if (!args.json) process.stdout.write('\nNothing to destroy.\n');
      else process.stdout.write(`${JSON.stringify({ summary: 'Nothing to destroy.', plan: plan.summary }, null, 2)}\n`);
      result.exitCode = plan.gaps.length > 0 ? EXIT.planIncomplete : EXIT.ok;
      return;
    }

    const permit = await confirmAccount(
      args.confirm,
      caller,
      `Plan: ${plan.summary.toDestroy} to destroy.`,
      { input: process.stdin, output: process.stderr },
      { seconds: args.promptDelay, signal: interrupt.signal },
    );
    const clients = session.readWriteClients(permit);
    const journal = openJournal(runDirectory(session.stateDir, plan));
    // Progress goes to stderr with --json too (stdout carries only the JSON); --quiet silences it.
    const resumable = session.sandbox === undefined;
    const progress = new ApplyProgress({ stream: process.stderr, quiet: args.quiet, color: args.color, resumable });
    const now = new Date();
    const report = await applyPlan(plan, {
      registry: defaultRegistry(),
      clients,
      caller,
      settings: plan.settings,
      signal: interrupt.signal,
      log: session.log,
      concurrency: session.config.concurrency,
      journal,
      // A keep rule that matches the resource as it is now wins over the saved plan; so do tags
      // that cannot be read now while a keep rule uses tags.
      stillWanted: (fresh) => {
        const kept = matchKeepRules(fresh, session.config.keep, now);
        if (kept) return `kept since the plan was made: ${kept.reason}`;
        return tagsUnknownReason(fresh, session.config.keep, now);
      },
      onEvent: progress.handle,
      timing: { pollBaseMs: args.pollIntervalMs, retryBaseMs: Math.min(1000, args.pollIntervalMs) },
    });
    progress.close();
    process.stdout.write(args.json ? reportJson(report) : `\n${renderReport(report, { color: args.color, resumable })}`);
    if (!args.json && journal.file) process.stdout.write(`Journal: ${journal.file}\n`);
    session.sayWhereTheLogIs();
    result.exitCode = applyExitCode(report);
  } finally {
    lock?.release();
    interrupt.dispose();
    await session.close();
  }
}

/**
 * A saved plan may be applied with other credentials or against another endpoint than it was
 * made with: legitimate (a colleague's key, a proxy), but worth saying before confirming. The
 * executor re-plans the caller's own key and user for the credentials of this run.
 */
function differencesFromPlan(plan: Plan, session: Session): string[] {
  const notes: string[] = [];
  const { caller } = session;
  const made = plan.account;
  if (made.accessKeyId !== caller.accessKeyId || made.callerArn !== caller.arn)
    notes.push(
      `this plan was made by ${made.callerArn || '?'} (AccessKey ${made.accessKeyId}); this apply runs as ${caller.arn || '?'} (AccessKey ${caller.accessKeyId}): its own key and user are kept, whatever the plan says`,
    );
  if (plan.endpoint !== undefined && plan.endpoint !== session.endpoint)
    notes.push(`this plan was made against ${plan.endpoint}; this apply talks to ${session.endpoint}`);
  return notes;
}

/** The run's journal; a state directory where it cannot be created is bad input, found before any change. */
function openJournal(dir: string): Journal {
  try {
    return Journal.open(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot open the apply journal in ${dir} (${code}); check the --state-dir folder; nothing was changed`, {
      cause: err,
    });
  }
}
