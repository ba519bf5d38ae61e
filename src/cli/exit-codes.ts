/**
 * The process's exit codes (docs/exit-codes.md), and the box a command puts its own in. Its own
 * module so that commands and `run.ts` (which wires them) do not import each other.
 *   0  success (plan: nothing to destroy unless --detailed-exitcode says otherwise)
 *   1  error: bad input, missing credentials, a failed scan of the identity, a bug
 *   2  plan --detailed-exitcode: there is something to destroy
 *   3  apply finished but not everything planned is gone; readiness: the account is not ready;
 *      backup: the backup is incomplete
 *   4  the plan is incomplete (scan gaps): plan made it; apply refused it (nothing changed), or,
 *      with --allow-incomplete, destroyed what no gap can hold and nothing failed
 *   5  apply stopped because its journal could not be written (something may have been changed)
 *   130 interrupted (Ctrl-C) or confirmation declined
 */
export const EXIT = { ok: 0, error: 1, changes: 2, incomplete: 3, planIncomplete: 4, journalFailed: 5, interrupted: 130 } as const;

export interface CommandResult {
  exitCode: number;
}
