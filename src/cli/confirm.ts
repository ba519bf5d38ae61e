/**
 * The gate in front of every mutation. `apply` gets read-write clients only through a
 * `MutationPermit`, and this is the only place that issues one:
 *   --confirm=<account-id>  (non-interactive) must equal the credentials' account; then a
 *                           countdown naming the account (`--prompt-delay`, aws-nuke's name)
 *                           leaves time to cancel with Ctrl-C; `--prompt-delay 0` skips it (CI);
 *   --confirm               in a terminal: the user types the account id after seeing the plan;
 *                           without a terminal: refused (say --confirm=<account-id>).
 *   no --confirm            refused.
 */
import { createInterface } from 'node:readline/promises';
import type { CallerIdentity } from '../cloud/identity.js';
import { AbortError, UserError } from '../errors.js';
import { MutationPermit } from './permit.js';

export interface ConfirmIo {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface CountdownOptions {
  /** Seconds to wait after a non-interactive `--confirm=<id>`. @default 0 */
  readonly seconds: number;
  /** Aborted by Ctrl-C (cli/interrupt.ts): cancels the countdown. */
  readonly signal?: AbortSignal | undefined;
  /** @default setTimeout (tests inject one that does not wait) */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** The environment variable that sets `--prompt-delay`'s default (e.g. 0 for a CI job). */
export const PROMPT_DELAY_ENV = 'ALIYUN_TEARDOWN_PROMPT_DELAY';
export const DEFAULT_PROMPT_DELAY_SECONDS = 5;

const wait = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * The last chance after a non-interactive confirmation: names the account and counts down, in
 * place in a terminal, else as one line. Ctrl-C (the signal) cancels before anything changed.
 */
export async function countdown(
  summary: string,
  caller: CallerIdentity,
  output: ConfirmIo['output'],
  opts: CountdownOptions,
): Promise<void> {
  const seconds = Math.max(0, Math.floor(opts.seconds));
  if (seconds === 0) return;
  const sleep = opts.sleep ?? wait;
  const cancelled = () => new AbortError('cancelled during the countdown; nothing was changed');
  const head = `${summary} Destroying in account ${caller.accountId} (${caller.arn})`;
  const tail = 'press Ctrl-C to cancel (--prompt-delay 0 skips this wait)';
  if (output.isTTY !== true) output.write(`${head} in ${seconds} s: ${tail}\n`);
  for (let left = seconds; left > 0; left--) {
    if (opts.signal?.aborted) throw cancelled();
    if (output.isTTY === true) output.write(`\r\x1b[2K${head} in ${left} s: ${tail}`);
    await sleep(1000, opts.signal);
  }
  if (output.isTTY === true) output.write('\r\x1b[2K');
  if (opts.signal?.aborted) throw cancelled();
}

/**
 * The refusals that need no cloud call, checked by `apply` before the credentials are even
 * resolved: no `--confirm` at all, or `--confirm` alone where no terminal can answer it.
 */
export function refuseUnconfirmable(confirm: string | undefined, stdinIsTerminal: boolean): void {
  if (confirm === undefined) throw new UserError(NO_CONFIRM);
  if (confirm === '' && !stdinIsTerminal)
    throw new UserError(
      'no terminal to confirm in: pass --confirm=<account-id> to confirm non-interactively (`aliyun-teardown plan` shows the account id); nothing was read or changed',
    );
}

/** `--confirm=<id>` names another account than the credentials': refused before anything changes. */
export function refuseOtherAccount(confirm: string | undefined, caller: CallerIdentity): void {
  if (confirm !== undefined && confirm !== '' && confirm !== caller.accountId)
    throw new UserError(`--confirm=${confirm} does not match the account of these credentials (${caller.accountId}); nothing was changed`);
}

const NO_CONFIRM =
  'apply changes nothing without --confirm: review the plan, then run apply --confirm (or --confirm=<account-id> in scripts)';

export async function confirmAccount(
  confirm: string | undefined,
  caller: CallerIdentity,
  summary: string,
  io: ConfirmIo = { input: process.stdin, output: process.stderr },
  delay: CountdownOptions = { seconds: 0 },
): Promise<MutationPermit> {
  if (confirm === undefined) throw new UserError(NO_CONFIRM);
  if (confirm !== '') {
    refuseOtherAccount(confirm, caller);
    await countdown(summary, caller, io.output, delay);
    return MutationPermit.issue(confirm, caller);
  }
  if (!io.input.isTTY)
    throw new UserError(`no terminal to confirm in: pass --confirm=${caller.accountId} to confirm the account non-interactively`);
  const rl = createInterface({ input: io.input, output: io.output });
  // In a terminal, readline reads Ctrl-C itself (the process gets no SIGINT): cancel the prompt.
  const cancel = new AbortController();
  rl.on('SIGINT', () => cancel.abort());
  try {
    let typed: string;
    try {
      typed = await rl.question(
        `\n${summary}\nThis destroys resources in account ${caller.accountId} (${caller.arn}).\nType the account id to confirm: `,
        { signal: cancel.signal },
      );
    } catch (err) {
      if (cancel.signal.aborted) throw new AbortError('confirmation cancelled (Ctrl-C); nothing was changed');
      throw err;
    }
    const answer = typed.trim();
    if (answer !== caller.accountId) throw new AbortError(`"${answer}" is not the account id ${caller.accountId}; nothing was changed`);
    return MutationPermit.issue(answer, caller);
  } finally {
    rl.close();
  }
}
