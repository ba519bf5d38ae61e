/**
 * One apply at a time per account and state directory. Two applies of one plan would share a
 * journal and race each other's steps (a batch deleted twice, a wait on what the other run
 * is still converting); two plans of one account would tear down the same resources at once.
 *
 * The lock is a file, `<stateDir>/locks/<account>.lock`, created exclusively (O_EXCL) and
 * holding who took it. A second apply refuses, naming the first. A lock left by a process
 * that no longer runs on this machine (killed with SIGKILL, a crash) is taken over; a lock
 * from another machine (a shared state directory) is never guessed stale: it names the host
 * and the file to remove once that run is known to be over.
 */
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';

export interface RunLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  /** What the holder runs: `apply plan.json`, `apply`. */
  readonly command: string;
}

export interface RunLock {
  readonly file: string;
  release(): void;
}

export function acquireRunLock(stateDir: string, accountId: string, command: string, now: () => Date = () => new Date()): RunLock {
  const dir = join(stateDir, 'locks');
  const file = join(dir, `${accountId}.lock`);
  const me: RunLockHolder = { pid: process.pid, host: hostname(), startedAt: now().toISOString(), command };
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      return {
        file,
        release: () => {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder && holder.host === me.host && !isRunning(holder.pid)) {
      // Left by a run that died without releasing it (SIGKILL): take it over once.
      rmSync(file, { force: true });
      continue;
    }
    const who = holder
      ? `another apply (${holder.command}, pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})`
      : 'another apply';
    throw new UserError(
      `${who} is running against account ${accountId} with this state directory; wait for it to finish (if it is not running any more, remove ${file}); nothing was changed`,
    );
  }
  throw new UserError(`could not take the apply lock ${file}; remove it if no apply is running, then run again; nothing was changed`);
}

function readHolder(file: string): RunLockHolder | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunLockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.startedAt === 'string' && typeof v.command === 'string')
      return v as RunLockHolder;
  } catch {
    // Being written this very moment, or garbage: treated as held by an unknown run.
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
