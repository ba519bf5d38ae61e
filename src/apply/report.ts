/**
 * The outcome of an apply, as plain data (`reportJson`), as text (`renderReport`) and as
 * an exit code (`applyExitCode`). The summary line `Apply: N destroyed, N already gone, N failed,
 * N skipped, N kept, N blocked.` is a public interface, like terraform's `Plan: ...` line: scripts grep it.
 */
import pc from 'picocolors';
import { CloudApiError, type ErrorKind } from '../cloud/errors.js';
import type { PlanExclusion, ScanGap } from '../plan/model.js';
import { escapeDeep } from '../plan/render/terminal-text.js';
import type { ResourceType } from '../providers/contract.js';
import { WaitTimeoutError } from './wait.js';

export interface FailedNode {
  readonly address: string;
  /** The step that failed; undefined when the re-read or the final wait failed. */
  readonly step?: string | undefined;
  readonly code: string;
  readonly kind?: ErrorKind | undefined;
  readonly message: string;
  readonly requestId?: string | undefined;
  /** What the user can do about it. */
  readonly hint: string;
}

export interface SkippedNode {
  readonly address: string;
  readonly reason: string;
  /** The failed/skipped node upstream that stopped this one, when that is the reason. */
  readonly blockedBy?: string | undefined;
}

export interface UnfinishedNode {
  readonly address: string;
  /** "not started", "interrupted after step convert-to-postpaid", "interrupted while waiting for ...". */
  readonly reason: string;
}

export interface ApplyCounts {
  readonly planned: number;
  /** Deleted by this run. */
  readonly deleted: number;
  readonly alreadyGone: number;
  /** Deleted by an earlier run of the same plan (from the journal). */
  readonly deletedBefore: number;
  readonly failed: number;
  readonly skipped: number;
  readonly unfinished: number;
  readonly kept: number;
  readonly blocked: number;
}

export interface ApplyReport {
  readonly accountId: string;
  readonly interrupted: boolean;
  readonly deleted: readonly string[];
  readonly alreadyGone: readonly string[];
  readonly deletedBefore: readonly string[];
  readonly failed: readonly FailedNode[];
  readonly skipped: readonly SkippedNode[];
  /** Nodes neither done nor given up on: the run was interrupted (or the plan had a cycle). */
  readonly unfinished: readonly UnfinishedNode[];
  readonly kept: readonly PlanExclusion[];
  readonly blocked: readonly PlanExclusion[];
  /** The plan's scan gaps (applied with --allow-incomplete): the account was not fully seen. */
  readonly gaps: readonly ScanGap[];
  readonly counts: ApplyCounts;
  /** The journal could not be written, so the run stopped early (exit code 5). */
  readonly journalFailure?: { readonly file: string; readonly code: string } | undefined;
}

const GENERIC_HINTS: Record<ErrorKind, string> = {
  permanent:
    'the cloud refused the request: fix what the message says (console or support), then rerun apply with the same plan; it resumes',
  dependency: 'something still depends on it after the whole wait: find what the message names in the console, remove it, then rerun apply',
  throttled: 'the API kept throttling until the deadline: rerun apply later (it resumes), with a lower --concurrency',
  transient: 'the service kept failing or timing out: rerun apply later; it resumes where it stopped',
  gone: 'the resource disappeared while apply worked on it; rerun apply to confirm it is gone',
};

/** Advice for a failure: the type's own hint for the code, else a generic one by kind. */
export function hintFor(type: ResourceType | undefined, err: unknown): string {
  if (err instanceof CloudApiError) return type?.hints?.[err.code] ?? GENERIC_HINTS[err.kind];
  if (err instanceof WaitTimeoutError)
    return 'the deletion was accepted but did not become visible in time: check the resource in the console, then rerun apply';
  return 'unexpected error in aliyun-teardown itself: please report it with the journal and log of this run';
}

/** Describes a failure for the report and the journal. */
export function describeFailure(address: string, step: string | undefined, type: ResourceType | undefined, err: unknown): FailedNode {
  const hint = hintFor(type, err);
  if (err instanceof CloudApiError)
    return { address, step, code: err.code, kind: err.kind, message: err.message, requestId: err.requestId, hint };
  if (err instanceof WaitTimeoutError) return { address, step, code: err.code, message: err.message, hint };
  const e = err instanceof Error ? err : new Error(String(err));
  return { address, step, code: e.name, message: e.message, hint };
}

/**
 * The process's exit code for this outcome (docs/exit-codes.md; the CLI exits with it, and the
 * JSON report carries it): 0 only if everything the plan meant to destroy is gone and the run
 * finished; 3 when something failed or was skipped; 4 when the journal could not be written (the
 * run stopped); 130 (128 + SIGINT) when interrupted. Kept and blocked resources were never
 * planned for deletion, so they do not count against success.
 */
/** 130 interrupted, 5 the journal could not be written, 3 something planned is not gone, 4 all done but the plan was incomplete (gaps), 0. */
export function applyExitCode(report: ApplyReport): 0 | 3 | 4 | 5 | 130 {
  if (report.journalFailure) return 5;
  if (report.interrupted || report.unfinished.length > 0) return 130;
  if (report.failed.length > 0 || report.skipped.length > 0) return 3;
  if (report.gaps.length > 0) return 4;
  return 0;
}

export function summaryLine(report: ApplyReport): string {
  const c = report.counts;
  // Found gone without this plan deleting it is not "destroyed": a rerun of a finished plan,
  // or a plan applied after someone else emptied the account, must not claim the work.
  const destroyed = c.deleted + c.deletedBefore;
  const line = `Apply: ${destroyed} destroyed, ${c.alreadyGone} already gone, ${c.failed} failed, ${c.skipped} skipped, ${c.kept} kept, ${c.blocked} blocked.`;
  return c.unfinished > 0 || report.interrupted ? `${line} Interrupted: ${c.unfinished} not finished.` : line;
}

export interface ReportRenderOptions {
  readonly color: boolean;
  /**
   * False for an in-process `--sandbox` account: it ends with the run, so a rerun starts a fresh
   * account and resumes nothing; the report says so instead of advising a rerun. @default true
   */
  readonly resumable?: boolean | undefined;
}

/** Said once, instead of "rerun apply", when the account ended with the run. */
export const SANDBOX_NOT_RESUMABLE =
  'This in-process --sandbox account ended with this run: a rerun starts a fresh account, so there is nothing to resume. To try a rerun, start `aliyun-teardown sandbox` and point the tool at it (docs/sandbox.md).';

export function renderReport(outcome: ApplyReport, opts: ReportRenderOptions): string {
  // Addresses, reasons and cloud messages are printed inert (plan/render/terminal-text.ts).
  const report = escapeDeep(outcome);
  const resumable = opts.resumable !== false;
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  const section = <T>(title: string, items: readonly T[], line: (item: T) => string[]): void => {
    if (items.length === 0) return;
    out.push(c.bold(`${title} (${items.length}):`));
    for (const item of items) out.push(...line(item));
    out.push('');
  };
  section('Destroyed', report.deleted, (a) => [`  ${c.red('-')} ${a}`]);
  section('Already gone', report.alreadyGone, (a) => [`  ${c.dim('-')} ${a}`]);
  section('Destroyed by an earlier run of this plan', report.deletedBefore, (a) => [`  ${c.dim('-')} ${a}`]);
  section('Failed', report.failed, (f) => [
    `  ${c.red('✗')} ${f.address}${f.step ? ` (step ${f.step})` : ''}`,
    `      ${f.code}: ${f.message}${f.requestId ? ` [RequestId ${f.requestId}]` : ''}`,
    `      ${c.yellow('what to do:')} ${f.hint}`,
  ]);
  section('Skipped', report.skipped, (s) => [`  ${c.yellow('~')} ${s.address}: ${s.reason}`]);
  section('Not finished', report.unfinished, (u) => [`  ${c.yellow('…')} ${u.address}: ${u.reason}`]);
  section('Kept', report.kept, (k) => [`  ${c.green('=')} ${k.address}: ${k.reason}`]);
  section('Blocked', report.blocked, (b) => [`  ${c.magenta('!')} ${b.address}: ${b.reason}`]);
  if (report.journalFailure)
    out.push(
      c.red(
        `Stopped: the apply journal ${report.journalFailure.file} could not be written (${report.journalFailure.code}). What is listed above was done; make the state directory writable (free disk space, remove what replaced the file), then rerun apply with the same plan: steps it could not record are checked again before acting.`,
      ),
    );
  else if (!resumable && (report.interrupted || report.failed.length > 0 || report.unfinished.length > 0))
    out.push(c.yellow(SANDBOX_NOT_RESUMABLE));
  else if (report.interrupted)
    out.push(c.yellow('Interrupted: rerun apply with the same plan to finish; nothing deleted is touched again.'));
  const summary = summaryLine(report);
  out.push(applyExitCode(report) === 0 ? c.green(summary) : c.bold(summary));
  return `${out.join('\n')}\n`;
}

export function reportJson(report: ApplyReport): string {
  return `${JSON.stringify({ ...report, exitCode: applyExitCode(report), summary: summaryLine(report) }, null, 2)}\n`;
}
