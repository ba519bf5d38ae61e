/**
 * The apply journal: append-only JSON lines, one per state change, in a run directory of
 * its own per plan (`<stateDir>/runs/<plan id>/journal.jsonl`). It makes a run auditable
 * (request ids of failures are in it) and resumable: opening the same directory again
 * loads what was already done, so a rerun of the same plan touches no node already
 * deleted and redoes no step already done.
 *
 * Each line is written with appendFileSync before the executor moves on, so a crash loses
 * at most the line being written. A line that does not parse (a torn last line) is ignored:
 * losing a `node-deleted` only costs one re-read on resume, which finds the resource gone.
 *
 * A line that cannot be written (disk full, the file replaced by a directory) throws
 * JournalWriteError after the entry is remembered in memory: the executor then stops the run
 * cleanly — a journal that no longer records what is done cannot make a rerun safe.
 *
 * Entries carry addresses, step names, error codes and cloud messages — never credentials.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, sha256Hex } from '../plan/canonical-json.js';
import type { Plan } from '../plan/model.js';

export type JournalEvent =
  'apply-start' | 'node-start' | 'step-done' | 'node-deleted' | 'node-failed' | 'node-skipped' | 'node-interrupted' | 'apply-end';

export interface JournalEntry {
  readonly time: string;
  readonly event: JournalEvent;
  readonly address?: string | undefined;
  /** The step's action (`delete`, `empty`...). */
  readonly step?: string | undefined;
  /** `deleted`, `already-gone`, `interrupted`, `completed`..., or the failure kind. */
  readonly outcome?: string | undefined;
  readonly requestId?: string | undefined;
  readonly code?: string | undefined;
  readonly message?: string | undefined;
}

export type JournalRecord = Omit<JournalEntry, 'time'>;

/** The journal could not be written: the run must stop (see the file comment). */
export class JournalWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write the apply journal ${file} (${code})`, options);
    this.name = 'JournalWriteError';
  }
}

export class Journal {
  private readonly deleted = new Set<string>();
  private readonly stepsDone = new Map<string, Set<string>>();
  private readonly lines: JournalEntry[] = [];

  private constructor(
    /** The journal file, or undefined for a journal kept in memory only. */
    readonly file: string | undefined,
    private readonly now: () => Date,
  ) {}

  /** Opens (creating it if needed) the journal in `dir` and loads what it already holds. */
  static open(dir: string, now: () => Date = () => new Date()): Journal {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'journal.jsonl');
    const journal = new Journal(file, now);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // A torn last line must not swallow the first line this run appends.
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(file, '\n');
    for (const line of text.split('\n')) {
      const entry = parseEntry(line);
      if (entry) journal.remember(entry);
    }
    return journal;
  }

  /** A journal that is not persisted (tests, or a run with no state directory). */
  static inMemory(now: () => Date = () => new Date()): Journal {
    return new Journal(undefined, now);
  }

  append(record: JournalRecord): void {
    const entry: JournalEntry = { time: this.now().toISOString(), ...record };
    this.remember(entry);
    if (!this.file) return;
    try {
      appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    } catch (err) {
      throw new JournalWriteError(this.file, (err as NodeJS.ErrnoException).code ?? 'error', { cause: err });
    }
  }

  /** Deleted (or found already gone) by an earlier run of this plan. */
  isDeleted(address: string): boolean {
    return this.deleted.has(address);
  }

  /** Step actions of `address` already carried out. */
  doneSteps(address: string): ReadonlySet<string> {
    return this.stepsDone.get(address) ?? new Set();
  }

  entries(): readonly JournalEntry[] {
    return this.lines;
  }

  private remember(entry: JournalEntry): void {
    this.lines.push(entry);
    if (entry.address === undefined) return;
    if (entry.event === 'node-deleted') this.deleted.add(entry.address);
    if (entry.event === 'step-done' && entry.step !== undefined) {
      const done = this.stepsDone.get(entry.address) ?? new Set<string>();
      done.add(entry.step);
      this.stepsDone.set(entry.address, done);
    }
  }
}

const EVENTS: ReadonlySet<string> = new Set<JournalEvent>([
  'apply-start',
  'node-start',
  'step-done',
  'node-deleted',
  'node-failed',
  'node-skipped',
  'node-interrupted',
  'apply-end',
]);

function parseEntry(line: string): JournalEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const v = JSON.parse(line) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.time !== 'string' || typeof o.event !== 'string' || !EVENTS.has(o.event)) return undefined;
    const opt = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
    return {
      time: o.time,
      event: o.event as JournalEvent,
      address: opt('address'),
      step: opt('step'),
      outcome: opt('outcome'),
      requestId: opt('requestId'),
      code: opt('code'),
      message: opt('message'),
    };
  } catch {
    return undefined;
  }
}

/**
 * A stable id for a plan: the sha256 of its canonical JSON (keys sorted), so the same plan
 * file always maps to the same run directory, and a new plan to a new one.
 */
export function planRunId(plan: Plan): string {
  return sha256Hex(canonicalJson(plan)).slice(0, 16);
}

export function runDirectory(stateDir: string, plan: Plan): string {
  return join(stateDir, 'runs', planRunId(plan));
}
