import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, planRunId, runDirectory } from '../../src/apply/journal.js';
import { makePlan, resource } from './fake-cloud.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'journal-'));
  dirs.push(d);
  return d;
}
const fixedClock = () => new Date('2026-02-03T04:05:06.000Z');

describe('Journal', () => {
  it('appends one JSON line per entry and reloads them in a new instance', () => {
    const dir = join(tempDir(), 'runs', 'abc');
    const journal = Journal.open(dir, fixedClock);
    journal.append({ event: 'node-start', address: 'ecs.instance/cn-hangzhou/i-1' });
    journal.append({ event: 'step-done', address: 'ecs.instance/cn-hangzhou/i-1', step: 'disable-deletion-protection' });
    journal.append({
      event: 'node-failed',
      address: 'vpc.vpc/cn-hangzhou/vpc-1',
      step: 'delete',
      code: 'DependencyViolation',
      requestId: 'RID-9',
      message: 'x',
    });
    journal.append({ event: 'node-deleted', address: 'ecs.disk/cn-hangzhou/d-1', outcome: 'deleted' });

    const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[2] ?? '')).toEqual({
      time: '2026-02-03T04:05:06.000Z',
      event: 'node-failed',
      address: 'vpc.vpc/cn-hangzhou/vpc-1',
      step: 'delete',
      code: 'DependencyViolation',
      requestId: 'RID-9',
      message: 'x',
    });

    const reopened = Journal.open(dir);
    expect(reopened.entries()).toHaveLength(4);
    expect(reopened.isDeleted('ecs.disk/cn-hangzhou/d-1')).toBe(true);
    expect(reopened.isDeleted('ecs.instance/cn-hangzhou/i-1')).toBe(false);
    expect(reopened.isDeleted('vpc.vpc/cn-hangzhou/vpc-1')).toBe(false);
    expect([...reopened.doneSteps('ecs.instance/cn-hangzhou/i-1')]).toEqual(['disable-deletion-protection']);
    expect([...reopened.doneSteps('vpc.vpc/cn-hangzhou/vpc-1')]).toEqual([]);
  });

  it('ignores a torn last line left by a crash', () => {
    const dir = tempDir();
    Journal.open(dir).append({ event: 'node-deleted', address: 'a/b/c', outcome: 'deleted' });
    appendFileSync(join(dir, 'journal.jsonl'), '{"time":"2026-01-01T00:00:00Z","event":"node-del');
    const reopened = Journal.open(dir);
    expect(reopened.entries()).toHaveLength(1);
    expect(reopened.isDeleted('a/b/c')).toBe(true);
    reopened.append({ event: 'apply-end', outcome: 'completed' });
    expect(
      Journal.open(dir)
        .entries()
        .map((e) => e.event),
    ).toEqual(['node-deleted', 'apply-end']);
  });

  it('keeps an in-memory journal without touching the disk', () => {
    const journal = Journal.inMemory(fixedClock);
    journal.append({ event: 'node-deleted', address: 'a/b/c' });
    expect(journal.file).toBeUndefined();
    expect(journal.isDeleted('a/b/c')).toBe(true);
  });
});

describe('run directory', () => {
  it('is stable for the same plan, whatever the key order, and differs for another plan', () => {
    const plan = makePlan([{ r: resource('ecs.instance', 'i-1') }]);
    const { resources, ...rest } = plan;
    const reordered = JSON.parse(JSON.stringify({ resources, ...rest })) as typeof plan;
    expect(Object.keys(reordered)[0]).toBe('resources');
    expect(planRunId(reordered)).toBe(planRunId(plan));
    expect(planRunId(makePlan([{ r: resource('ecs.instance', 'i-2') }]))).not.toBe(planRunId(plan));
    expect(runDirectory('/state', plan)).toBe(`/state/runs/${planRunId(plan)}`);
    expect(planRunId(plan)).toMatch(/^[0-9a-f]{16}$/);
  });
});
