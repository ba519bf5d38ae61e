import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from '../../src/apply/events.js';
import { ApplyProgress } from '../../src/cli/apply-progress.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, columns: 200, write: (c: string) => chunks.push(c) } };
}

const run: ApplyEvent[] = [
  { type: 'apply-start', total: 3, deletedBefore: 0 },
  { type: 'node', address: 'oss.bucket/cn-hangzhou/logs-2024', state: 'running' },
  { type: 'step', address: 'oss.bucket/cn-hangzhou/logs-2024', action: 'empty', description: 'delete every object' },
  { type: 'progress', address: 'oss.bucket/cn-hangzhou/logs-2024', message: 'emptying bucket logs-2024: 1,200 of 3,400 objects' },
  { type: 'node', address: 'ecs.disk/cn-hangzhou/d-1', state: 'running' },
  { type: 'waiting', address: 'ecs.disk/cn-hangzhou/d-1', what: 'disk d-1 to become Available' },
  { type: 'retry', address: 'ecs.disk/cn-hangzhou/d-1', action: 'delete', code: 'Throttling.User', attempt: 2, delayMs: 1500 },
  { type: 'node', address: 'ecs.instance/cn-hangzhou/i-1', state: 'failed', reason: 'ChargeTypeViolation: prepaid' },
];

describe('ApplyProgress', () => {
  it('says "rerun to finish" after an interruption, except for an in-process --sandbox account', () => {
    const end: ApplyEvent = { type: 'apply-end', interrupted: true };
    const real = stream(false);
    new ApplyProgress({ stream: real.out }).handle(end);
    expect(real.chunks.join('')).toBe('apply: interrupted; rerun with the same plan to finish\n');
    const sandbox = stream(false);
    new ApplyProgress({ stream: sandbox.out, resumable: false }).handle(end);
    expect(sandbox.chunks.join('')).toBe('apply: interrupted\n');
  });

  it('writes one plain line per event without a terminal', () => {
    const s = stream(false);
    const p = new ApplyProgress({ stream: s.out });
    for (const e of run) p.handle(e);
    expect(s.chunks.join('')).toBe(
      [
        'apply: 3 resources to destroy',
        'start    oss.bucket/cn-hangzhou/logs-2024',
        'step     oss.bucket/cn-hangzhou/logs-2024: delete every object',
        'progress oss.bucket/cn-hangzhou/logs-2024: emptying bucket logs-2024: 1,200 of 3,400 objects',
        'start    ecs.disk/cn-hangzhou/d-1',
        'waiting  ecs.disk/cn-hangzhou/d-1: for disk d-1 to become Available',
        'retry    ecs.disk/cn-hangzhou/d-1: delete got Throttling.User, attempt 2 in 2 s',
        'failed   ecs.instance/cn-hangzhou/i-1: ChargeTypeViolation: prepaid',
        '',
      ].join('\n'),
    );
  });

  it('redraws one status line in a terminal, saying what it waits for', () => {
    const s = stream(true);
    const p = new ApplyProgress({ stream: s.out });
    for (const e of run.slice(0, 6)) p.handle(e);
    expect(s.chunks.every((c) => c.startsWith('\r\x1b[2K'))).toBe(true);
    expect(s.chunks.some((c) => c.includes('\n'))).toBe(false);
    expect(p.statusLine()).toBe('[0/3 deleted · 1 waiting · 3 remaining] waiting for disk d-1 to become Available (+1 more)');

    p.handle({ type: 'node', address: 'ecs.disk/cn-hangzhou/d-1', state: 'deleted', reason: 'deleted' });
    expect(p.statusLine()).toBe('[1/3 deleted · 2 remaining] emptying bucket logs-2024: 1,200 of 3,400 objects');

    p.handle(run[7] as ApplyEvent);
    // The failure is printed above the status line, so it stays on screen.
    expect(s.chunks.at(-2)).toBe('\r\x1b[2Kfailed  ecs.instance/cn-hangzhou/i-1: ChargeTypeViolation: prepaid\n');
    expect(s.chunks.at(-1)).toBe('\r\x1b[2K[1/3 deleted · 1 failed · 1 remaining] emptying bucket logs-2024: 1,200 of 3,400 objects');

    p.close();
    expect(s.chunks.at(-1)).toBe('\r\x1b[2K');
  });

  it('truncates the status line to the terminal width', () => {
    const chunks: string[] = [];
    const p = new ApplyProgress({ stream: { isTTY: true, columns: 40, write: (c: string) => chunks.push(c) } });
    for (const e of run.slice(0, 4)) p.handle(e);
    const visible = (chunks.at(-1) ?? '').replace('\r\x1b[2K', '');
    expect(visible).toHaveLength(39);
    expect(visible.endsWith('…')).toBe(true);
  });

  it('writes nothing when quiet', () => {
    const s = stream(true);
    const p = new ApplyProgress({ stream: s.out, quiet: true });
    for (const e of run) p.handle(e);
    p.close();
    expect(s.chunks).toEqual([]);
  });
});
