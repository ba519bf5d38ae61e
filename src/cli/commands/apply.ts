import type { Argv, CommandModule } from 'yargs';
import { ApplyProgress } from '../../apply/progress.js';
import { applyPlan } from '../../apply/executor.js';
import { Journal, runDirectory } from '../../apply/journal.js';
import { applyExitCode, renderReport, reportJson } from '../../apply/report.js';
import { readPlanFile, refuseBlocklistedAccount, renderPlanHuman, type Plan } from '../../plan/index.js';
import { matchKeepRules } from '../../plan/filters.js';
import { defaultRegistry } from '../../providers/index.js';
import { UserError } from '../../errors.js';
import { confirmAccount } from '../confirm.js';
import { interruptSignal } from '../interrupt.js';
import { EXIT, type CommandResult } from '../run.js';
import { withGlobalOptions, type GlobalArgs } from '../options.js';
import { openSession } from '../session.js';
import { makePlan } from './plan.js';

export interface ApplyArgs extends GlobalArgs {
  readonly planFile?: string | undefined;
  /** `--confirm` alone is '' (ask in the terminal); `--confirm=<id>` is the id. */
  readonly confirm?: string | undefined;
  readonly pollIntervalMs: number;
}

export function applyCommand(result: CommandResult): CommandModule<object, ApplyArgs> {
  return {
    command: 'apply [plan-file]',
    describe: 'destroy what a plan lists, after you confirm the account id (a saved plan file, or a fresh plan)',
    builder: (y: Argv) =>
      withGlobalOptions(y)
        .positional('plan-file', { type: 'string', describe: 'a plan saved by `plan --out`: apply exactly it' })
        .option('confirm', {
          type: 'string',
          describe: 'required. Alone: show the plan and ask for the account id in the terminal. =<account-id>: confirm non-interactively',
        })
        .option('poll-interval-ms', {
          type: 'number',
          default: 2000,
          describe: 'first interval between polls while waiting for a deletion or a state (backs off to 30 s); also the first retry delay',
        })
        .example('$0 apply plan.json --confirm', 'apply a reviewed plan; type the account id when asked')
        .example('$0 apply --confirm=1234567890123456 --only oss', 'plan and apply in a script') as unknown as Argv<ApplyArgs>,
    handler: async (args) => {
      // Refuse before touching anything: no credentials are even resolved without --confirm.
      if (args.confirm === undefined)
        throw new UserError('apply changes nothing without --confirm: review the plan, then run apply --confirm (or --confirm=<account-id> in scripts)');
      const session = await openSession(args, 'apply');
      const interrupt = interruptSignal();
      try {
        const { caller } = session;
        if (args.confirm !== '' && args.confirm !== caller.accountId)
          throw new UserError(`--confirm=${args.confirm} does not match the account of these credentials (${caller.accountId}); nothing was changed`);

        // planTeardown checks this too; a saved plan must not slip past it.
        refuseBlocklistedAccount(session.config, caller.accountId);
        let plan: Plan;
        if (args.planFile) {
          if (args.only || args.exclude || args.regions)
            throw new UserError('a saved plan is applied exactly as it is: drop --only/--exclude/--regions, or make a new plan with them');
          plan = await readPlanFile(args.planFile, { accountId: caller.accountId });
        } else {
          plan = await makePlan(session, args, interrupt.signal);
        }
        if (!args.json) process.stdout.write(renderPlanHuman(plan, { color: args.color }));
        if (plan.resources.length === 0) {
          if (!args.json) process.stdout.write('\nNothing to destroy.\n');
          else process.stdout.write(`${JSON.stringify({ summary: 'Nothing to destroy.', plan: plan.summary }, null, 2)}\n`);
          result.exitCode = EXIT.ok;
          return;
        }

        const permit = await confirmAccount(args.confirm, caller, `Plan: ${plan.summary.toDestroy} to destroy.`);
        const clients = session.readWriteClients(permit);
        const journal = Journal.open(runDirectory(session.stateDir, plan));
        const progress = new ApplyProgress({ stream: process.stderr, quiet: args.quiet || args.json, color: args.color });
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
          // A keep rule that matches the resource as it is now wins over the saved plan.
          stillWanted: (fresh) => matchKeepRules(fresh, session.config.keep, now)?.reason,
          onEvent: progress.handle,
          timing: { pollBaseMs: args.pollIntervalMs, retryBaseMs: Math.min(1000, args.pollIntervalMs) },
        });
        progress.close();
        process.stdout.write(args.json ? reportJson(report) : `\n${renderReport(report, { color: args.color })}`);
        if (!args.json && journal.file) process.stdout.write(`Journal: ${journal.file}\n`);
        const code = applyExitCode(report);
        result.exitCode = code === 0 ? EXIT.ok : code === 130 ? EXIT.interrupted : EXIT.incomplete;
      } finally {
        interrupt.dispose();
        await session.close();
      }
    },
  };
}
