import type { CallerIdentity } from '../cloud/identity.js';
import { UserError } from '../errors.js';

/**
 * Proof that the user confirmed the account. Created only by `confirmAccount` in
 * cli/confirm.ts after the typed (or `--confirm=<id>`) account id equalled the caller's.
 */
export class MutationPermit {
  private constructor(readonly accountId: string) {}
  /** @internal used by confirm.ts only */
  static issue(accountId: string, caller: CallerIdentity): MutationPermit {
    if (accountId !== caller.accountId) throw new UserError(`confirmation ${accountId} does not match account ${caller.accountId}`);
    return new MutationPermit(accountId);
  }
}
