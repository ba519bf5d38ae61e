/** How each node of an apply ended, and the report they add up to. */
import type { Plan } from '../plan/model.js';
import type { JournalWriteError } from './journal.js';
import type { ApplyReport, FailedNode, SkippedNode, UnfinishedNode } from './report.js';

export type Outcome =
  | { readonly kind: 'deleted' | 'already-gone' | 'deleted-before' }
  | { readonly kind: 'failed'; readonly failure: FailedNode }
  | { readonly kind: 'skipped'; readonly skip: SkippedNode }
  | { readonly kind: 'unfinished'; readonly reason: string };

/** Whether the outcome means the resource no longer exists (its dependents may go). */
export function isGoneOutcome(o: Outcome | undefined): boolean {
  return o?.kind === 'deleted' || o?.kind === 'already-gone' || o?.kind === 'deleted-before';
}

export function buildReport(
  plan: Plan,
  outcomes: ReadonlyMap<string, Outcome>,
  interrupted: boolean,
  journalFailure: JournalWriteError | undefined,
): ApplyReport {
  const byKind = <K extends Outcome['kind']>(kind: K): Array<[string, Extract<Outcome, { kind: K }>]> =>
    [...outcomes.entries()]
      .filter((e): e is [string, Extract<Outcome, { kind: K }>] => e[1].kind === kind)
      .sort(([a], [b]) => a.localeCompare(b));
  const deleted = byKind('deleted').map(([a]) => a);
  const alreadyGone = byKind('already-gone').map(([a]) => a);
  const deletedBefore = byKind('deleted-before').map(([a]) => a);
  const failed = byKind('failed').map(([, o]) => o.failure);
  const skipped = byKind('skipped').map(([, o]) => o.skip);
  const unfinished: UnfinishedNode[] = byKind('unfinished').map(([address, o]) => ({ address, reason: o.reason }));
  return {
    accountId: plan.account.id,
    interrupted,
    ...(journalFailure ? { journalFailure: { file: journalFailure.file, code: journalFailure.code } } : {}),
    deleted,
    alreadyGone,
    deletedBefore,
    failed,
    skipped,
    unfinished,
    kept: plan.kept,
    blocked: plan.blocked,
    gaps: plan.gaps,
    counts: {
      planned: plan.resources.length,
      deleted: deleted.length,
      alreadyGone: alreadyGone.length,
      deletedBefore: deletedBefore.length,
      failed: failed.length,
      skipped: skipped.length,
      unfinished: unfinished.length,
      kept: plan.kept.length,
      blocked: plan.blocked.length,
    },
  };
}
