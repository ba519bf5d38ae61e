/**
 * The gate in front of every mutation. `apply` gets read-write clients only through a
 * `MutationPermit`, and this is the only place that issues one:
 *   --confirm=<account-id>  (non-interactive) must equal the credentials' account;
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
  readonly output: NodeJS.WritableStream;
}

export async function confirmAccount(
  confirm: string | undefined,
  caller: CallerIdentity,
  summary: string,
  io: ConfirmIo = { input: process.stdin, output: process.stderr },
): Promise<MutationPermit> {
  if (confirm === undefined)
    throw new UserError(
      'apply changes nothing without --confirm: review the plan, then run apply --confirm (or --confirm=<account-id> in scripts)',
    );
  if (confirm !== '') {
    if (confirm !== caller.accountId)
      throw new UserError(
        `--confirm=${confirm} does not match the account of these credentials (${caller.accountId}); nothing was changed`,
      );
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
