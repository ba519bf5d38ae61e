import { describe, expect, it } from 'vitest';
import { regionsLine, scanProgressReporter } from '../../src/cli/scan-progress.js';
import type { ScanProgress } from '../../src/plan/index.js';

const tasks = [
  { type: 'ecs.instance', region: 'cn-hangzhou' },
  { type: 'ecs.instance', region: 'cn-shanghai' },
  { type: 'ram.user', region: 'global' },
];

function print(events: ScanProgress[]): string {
  let out = '';
  const progress = scanProgressReporter({ write: (c: string) => (out += c), isTTY: false }, false);
  for (const e of events) progress.handle(e);
  progress.close();
  return out;
}

describe('scan progress without a terminal', () => {
  it('prints in the scan task order whatever order the listings finish in', () => {
    const done = (type: string, region: string, found: number): ScanProgress => ({ kind: 'done', type, region, found });
    const head: ScanProgress[] = [
      { kind: 'regions', regions: ['cn-hangzhou', 'cn-shanghai'], discovered: true },
      { kind: 'tasks', tasks },
    ];
    const a = print([
      ...head,
      done('ram.user', 'global', 3),
      done('ecs.instance', 'cn-shanghai', 1),
      done('ecs.instance', 'cn-hangzhou', 2),
    ]);
    const b = print([
      ...head,
      done('ecs.instance', 'cn-hangzhou', 2),
      { kind: 'failed', type: 'ecs.instance', region: 'cn-shanghai', found: 1, code: 'Forbidden.RAM' },
      done('ram.user', 'global', 3),
    ]);
    expect(a).toBe(
      'Scanning 2 regions: cn-hangzhou, cn-shanghai\n  ecs.instance cn-hangzhou: 2 found\n  ecs.instance cn-shanghai: 1 found\n  ram.user global: 3 found\n',
    );
    expect(b.split('\n').slice(1, 4)).toEqual([
      '  ecs.instance cn-hangzhou: 2 found',
      '  ecs.instance cn-shanghai: could not scan (Forbidden.RAM)',
      '  ram.user global: 3 found',
    ]);
  });

  it('a line waits for the tasks before it, and an unfinished scan (Ctrl-C) still prints what it found', () => {
    let out = '';
    const progress = scanProgressReporter({ write: (c: string) => (out += c), isTTY: false }, false);
    progress.handle({ kind: 'tasks', tasks });
    progress.handle({ kind: 'done', type: 'ram.user', region: 'global', found: 3 });
    expect(out).toBe('');
    progress.close();
    expect(out).toBe('  ram.user global: 3 found\n');
  });
});

describe('the regions line', () => {
  it('counts in words that agree with the number, and says when no region is scanned', () => {
    expect(regionsLine(['cn-hangzhou'])).toBe('Scanning 1 region: cn-hangzhou');
    expect(regionsLine(['cn-hangzhou', 'cn-shanghai'])).toBe('Scanning 2 regions: cn-hangzhou, cn-shanghai');
    expect(regionsLine([])).toBe('Scanning account-wide listings only (no region)');
  });
});
