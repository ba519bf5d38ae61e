import { describe, expect, it } from 'vitest';
import { withCommandLine } from '../../src/cli/overrides.js';
import { DEFAULT_CONFIG, parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';
import { matchKeepRules } from '../../src/plan/filters.js';
import type { Resource } from '../../src/providers/contract.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const created = (iso: string | undefined): Resource => ({
  type: 'ecs.instance',
  region: 'cn-hangzhou',
  id: 'i-1',
  createdAt: iso,
  properties: {},
});

describe('command-line shorthands for config fields', () => {
  it('--older-than 7d destroys only what is older: newer and unknown-age resources are kept', () => {
    const config = withCommandLine(parseConfig('keep:\n  - id: x\n', 'c.yaml'), { olderThan: '7d' });
    expect(config.keep).toEqual([{ id: 'x' }, { newerThan: '7d', reason: '--older-than 7d' }]);
    expect(matchKeepRules(created('2026-11-25T12:00:00Z'), config.keep, NOW)?.reason).toBe('keep rule #2: newer than 7d (--older-than 7d)');
    expect(matchKeepRules(created('2026-10-01T00:00:00Z'), config.keep, NOW)).toBeUndefined();
    expect(matchKeepRules(created(undefined), config.keep, NOW)?.reason).toMatch(/creation time unknown/);
  });

  it('--newer-than 12h destroys only what is newer', () => {
    const config = withCommandLine(DEFAULT_CONFIG, { newerThan: '12h' });
    expect(matchKeepRules(created('2026-11-26T06:00:00Z'), config.keep, NOW)).toBeUndefined();
    expect(matchKeepRules(created('2026-11-20T00:00:00Z'), config.keep, NOW)?.reason).toBe(
      'keep rule #1: older than 12h (--newer-than 12h)',
    );
  });

  it('--concurrency replaces concurrency.global, keeping per-service limits', () => {
    const config = withCommandLine(parseConfig('concurrency: { global: 8, perService: { oss: 2 } }\n', 'c.yaml'), { concurrency: 3 });
    expect(config.concurrency).toEqual({ global: 3, perService: { oss: 2 } });
    expect(withCommandLine(DEFAULT_CONFIG, {})).toEqual(DEFAULT_CONFIG);
  });

  it.each([
    [{ olderThan: '7 days' }, '--older-than 7 days: expected a duration like 7d, 12h, 30m or 2w'],
    [{ newerThan: '1y' }, '--newer-than 1y: expected a duration like 7d, 12h, 30m or 2w'],
    [{ concurrency: 0 }, '--concurrency 0: expected a whole number from 1 to 100'],
    [{ concurrency: 2.5 }, '--concurrency 2.5: expected a whole number from 1 to 100'],
    [{ concurrency: Number.NaN }, '--concurrency NaN: expected a whole number from 1 to 100'],
  ])('refuses %j in one line', (o, message) => {
    expect(() => withCommandLine(DEFAULT_CONFIG, o)).toThrow(new UserError(message));
  });
});
