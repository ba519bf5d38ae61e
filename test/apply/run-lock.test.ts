import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../src/apply/run-lock.js';
import { UserError } from '../../src/errors.js';

const dirs: string[] = [];
const stateDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'teardown-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the apply lock', () => {
  it('refuses a second apply of the same account and state directory, naming the first; released, it is free again', () => {
    const dir = stateDir();
    const lock = acquireRunLock(dir, '1234', 'apply plan.json');
    const holder = JSON.parse(readFileSync(lock.file, 'utf8')) as Record<string, unknown>;
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), command: 'apply plan.json' });
    let err: unknown;
    try {
      acquireRunLock(dir, '1234', 'apply');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      `another apply (apply plan.json, pid ${process.pid} on ${hostname()}, started ${String(holder.startedAt)}) is running against account 1234 with this state directory; wait for it to finish (if it is not running any more, remove ${lock.file}); nothing was changed`,
    );
    // Another account is another lock.
    acquireRunLock(dir, '5678', 'apply').release();
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    acquireRunLock(dir, '1234', 'apply').release();
  });

  it('takes over a lock left by a process that no longer runs on this machine, never one of another machine', () => {
    const dir = stateDir();
    const file = acquireRunLock(dir, '1234', 'apply').file;
    // A pid that cannot be running: above the kernel's maximum.
    writeFileSync(file, JSON.stringify({ pid: 2 ** 30, host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'apply' }));
    const lock = acquireRunLock(dir, '1234', 'apply again');
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, command: 'apply again' });
    writeFileSync(file, JSON.stringify({ pid: 2 ** 30, host: 'elsewhere', startedAt: '2026-01-01T00:00:00Z', command: 'apply' }));
    expect(() => acquireRunLock(dir, '1234', 'apply')).toThrow(/pid 1073741824 on elsewhere/);
  });
});
