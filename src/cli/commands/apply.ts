import type { Argv, CommandModule } from 'yargs';
import { withGlobalOptions, type GlobalArgs } from '../options.js';
import type { CommandResult } from '../exit-codes.js';
import { UserError } from '../../errors.js';
import { DEFAULT_PROMPT_DELAY_SECONDS, PROMPT_DELAY_ENV, refuseUnconfirmable } from '../confirm.js';

/** `--prompt-delay`'s default: $ALIYUN_TEARDOWN_PROMPT_DELAY when it is a number, else 5 s. */
function promptDelayDefault(): number {
  const fromEnv = process.env[PROMPT_DELAY_ENV];
  const n = fromEnv === undefined || fromEnv.trim() === '' ? Number.NaN : Number(fromEnv);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_PROMPT_DELAY_SECONDS;
}

export interface ApplyArgs extends GlobalArgs {
  readonly planFile?: string | undefined;
  /** `--confirm` alone is '' (ask in the terminal); `--confirm=<id>` is the id. */
  readonly confirm?: string | undefined;
  readonly pollIntervalMs: number;
  readonly allowIncomplete: boolean;
  /** A backup folder that must cover every resource the plan destroys. */
  readonly requireBackup?: string | undefined;
  /** Seconds of countdown after a non-interactive `--confirm=<id>`. */
  readonly promptDelay: number;
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
        .option('allow-incomplete', {
          type: 'boolean',
          default: false,
          describe:
            'apply a plan with scan gaps (lists that could not be read): destroys only what no gap can hold; the blocked ones stay in the report',
        })
        .option('prompt-delay', {
          type: 'number',
          default: promptDelayDefault(),
          defaultDescription: `${DEFAULT_PROMPT_DELAY_SECONDS}, or $${PROMPT_DELAY_ENV}`,
          describe: 'with --confirm=<account-id>: seconds of countdown naming the account, to cancel with Ctrl-C (0 skips it, e.g. in CI)',
        })
        .option('poll-interval-ms', {
          type: 'number',
          default: 2000,
          describe: 'first interval between polls while waiting for a deletion or a state (backs off to 30 s); also the first retry delay',
        })
        .option('require-backup', {
          type: 'string',
          describe: 'refuse, changing nothing, unless this backup folder (from `backup --out DIR`) covers every resource the plan destroys',
        })
        .example('$0 apply backup/plan.json --confirm --require-backup backup/', 'apply a backed-up plan, only if the backup covers it')
        .example('$0 apply plan.json --confirm', 'apply a reviewed plan; type the account id when asked')
        .example('$0 apply --confirm=1234567890123456 --only oss', 'plan and apply in a script') as unknown as Argv<ApplyArgs>,
    handler: async (args) => {
      // Refuse before touching anything: no credentials are even resolved without --confirm, and
      // --confirm alone without a terminal is refused before the scan, not after a whole plan.
      refuseUnconfirmable(args.confirm, process.stdin.isTTY === true);
      if (!Number.isFinite(args.promptDelay) || args.promptDelay < 0)
        throw new UserError(`--prompt-delay ${args.promptDelay}: expected a number of seconds, 0 or more`);
      await (await import('../actions/apply.js')).runApply(args, result);
    },
  };
}
