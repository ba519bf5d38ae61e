import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { resolveSelection } from '../../src/plan/selection.js';
import { fakeRegistry } from './fakes.js';

const registry = fakeRegistry();
const ALL = [
  'domain.registration',
  'ecs.instance',
  'ecs.security-group',
  'oss.bucket',
  'ram.access-key',
  'ram.user',
  'vpc.vpc',
  'vpc.vswitch',
];

describe('resolveSelection', () => {
  it('selects every type by default, and scans exactly those', () => {
    expect(resolveSelection(registry, {})).toEqual({ selected: ALL, scan: ALL });
    expect(resolveSelection(registry, { only: [], exclude: [] })).toEqual({ selected: ALL, scan: ALL });
  });

  it('accepts a service, standing for all of its types', () => {
    expect(resolveSelection(registry, { only: ['ecs'] })).toEqual({
      selected: ['ecs.instance', 'ecs.security-group'],
      scan: ['ecs.instance', 'ecs.security-group'],
    });
  });

  it('accepts a type, and scans its dependency closure read-only', () => {
    // vpc.vpc needs vswitches and security groups gone, which need instances gone.
    expect(resolveSelection(registry, { only: ['vpc.vpc'] })).toEqual({
      selected: ['vpc.vpc'],
      scan: ['ecs.instance', 'ecs.security-group', 'vpc.vpc', 'vpc.vswitch'],
    });
    expect(resolveSelection(registry, { only: ['ram.user', 'oss'] })).toEqual({
      selected: ['oss.bucket', 'ram.user'],
      scan: ['oss.bucket', 'ram.access-key', 'ram.user'],
    });
  });

  it('excludes services and types after only', () => {
    expect(resolveSelection(registry, { exclude: ['ram', 'ecs.instance'] }).selected).toEqual([
      'domain.registration',
      'ecs.security-group',
      'oss.bucket',
      'vpc.vpc',
      'vpc.vswitch',
    ]);
    const s = resolveSelection(registry, { only: ['vpc', 'ecs'], exclude: ['ecs.instance'] });
    expect(s.selected).toEqual(['ecs.security-group', 'vpc.vpc', 'vpc.vswitch']);
    // Excluded but needed: still scanned so the plan can say it blocks.
    expect(s.scan).toContain('ecs.instance');
  });

  it('an unknown name is a UserError listing the valid services and types', () => {
    for (const input of [{ only: ['ecss'] }, { exclude: ['vpc.subnet'] }]) {
      let error: unknown;
      try {
        resolveSelection(registry, input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      const name = input.only?.[0] ?? input.exclude?.[0];
      expect((error as Error).message).toBe(
        `unknown service or resource type "${name}"; valid services: domain, ecs, oss, ram, vpc; valid types: ${ALL.join(', ')}`,
      );
    }
  });

  it('refuses a selection that leaves nothing', () => {
    expect(() => resolveSelection(registry, { only: ['ecs'], exclude: ['ecs'] })).toThrow(UserError);
  });
});
