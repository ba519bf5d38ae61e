import { describe, expect, it } from 'vitest';
import type { KeepRule } from '../../src/config/schema.js';
import { globToRegExp, matchKeepRules } from '../../src/plan/filters.js';
import type { Resource } from '../../src/providers/contract.js';
import { NOW } from './fakes.js';

const web: Resource = {
  type: 'ecs.instance',
  region: 'cn-hangzhou',
  id: 'i-web1',
  name: 'web-1',
  createdAt: '2026-11-24T12:00:00Z', // two days before NOW
  tags: { env: 'prod', team: 'platform' },
  properties: { chargeType: 'PrePaid', deletionProtection: true, cpu: 2, securityGroupIds: ['sg-1', 'sg-2'], hostName: null },
};
const noDate: Resource = { type: 'ram.user', region: 'global', id: 'alice', name: 'alice', properties: {} };

const reasonOf = (rules: KeepRule[], r: Resource = web) => matchKeepRules(r, rules, NOW)?.reason;

describe('keep rules', () => {
  it.each<[KeepRule, string]>([
    [{ address: 'ecs.instance/*/i-web?' }, 'keep rule #1: address ecs.instance/*/i-web?'],
    [{ address: 'ecs.instance/*' }, 'keep rule #1: address ecs.instance/*'],
    [{ type: 'ecs.instance' }, 'keep rule #1: type ecs.instance'],
    [{ id: 'i-web1' }, 'keep rule #1: id i-web1'],
    [{ name: 'web-*' }, 'keep rule #1: name web-*'],
    [{ nameRegex: '^web-\\d$' }, 'keep rule #1: name matches /^web-\\d$/'],
    [{ tag: { key: 'env' } }, 'keep rule #1: tag env'],
    [{ tag: { key: 'env', value: 'prod' } }, 'keep rule #1: tag env=prod'],
    [{ newerThan: '3d' }, 'keep rule #1: newer than 3d'],
    [{ olderThan: '1d' }, 'keep rule #1: older than 1d'],
    [{ property: { deletionProtection: true } }, 'keep rule #1: property deletionProtection=true'],
    [{ property: { chargeType: 'PrePaid' } }, 'keep rule #1: property chargeType=PrePaid'],
    [{ property: { chargeType: ['Prepaid', 'PrePaid'] } }, 'keep rule #1: property chargeType=one of Prepaid|PrePaid'],
    [{ property: { cpu: 2, deletionProtection: true } }, 'keep rule #1: property cpu=2, property deletionProtection=true'],
    [{ property: { cpu: '2' } }, 'keep rule #1: property cpu=2'], // YAML may quote a number
    [{ property: { securityGroupIds: 'sg-2' } }, 'keep rule #1: property securityGroupIds=sg-2'],
    [{ property: { hostName: null } }, 'keep rule #1: property hostName=null'],
  ])('%j matches', (rule, reason) => {
    expect(reasonOf([rule])).toBe(reason);
  });

  it.each<KeepRule>([
    { address: 'ecs.instance/cn-shanghai/*' },
    { address: 'ecs.instance/cn-hangzhou/i-web' }, // globs match the whole address
    { type: 'ecs.disk' },
    { id: 'i-web' },
    { name: 'db-*' },
    { name: 'web' },
    { nameRegex: '^db' },
    { tag: { key: 'owner' } },
    { tag: { key: 'env', value: 'dev' } },
    { newerThan: '2d' }, // exactly two days old is not newer than 2d
    { olderThan: '3d' },
    { olderThan: '2d' },
    { property: { deletionProtection: false } },
    { property: { chargeType: 'prepaid' } }, // values are compared as the plan shows them
    { property: { chargeType: ['PostPaid', 'Prepaid'] } },
    { property: { cpu: 2, deletionProtection: false } }, // every listed property must match
    { property: { securityGroupIds: 'sg-3' } },
    { property: { missing: null } }, // an absent property is not null
    { property: { deletionProtection: 'true ' } },
  ])('%j does not match', (rule) => {
    expect(matchKeepRules(web, [rule], NOW)).toBeUndefined();
  });

  it('needs every condition of a rule (AND) and takes the first matching rule (OR)', () => {
    expect(reasonOf([{ type: 'ecs.instance', tag: { key: 'env', value: 'dev' } }])).toBeUndefined();
    expect(reasonOf([{ type: 'ecs.instance', tag: { key: 'env', value: 'prod' }, newerThan: '7d', reason: 'production' }])).toBe(
      'keep rule #1: type ecs.instance, tag env=prod, newer than 7d (production)',
    );
    const match = matchKeepRules(web, [{ id: 'other' }, { name: 'web-*' }, { type: 'ecs.instance' }], NOW);
    expect(match).toEqual({ ruleNumber: 2, reason: 'keep rule #2: name web-*' });
  });

  it('a name condition never matches a resource without a name', () => {
    const unnamed: Resource = { ...web, name: undefined };
    expect(reasonOf([{ name: '*' }], unnamed)).toBeUndefined();
    expect(reasonOf([{ nameRegex: '.*' }], unnamed)).toBeUndefined();
  });

  it('age conditions keep a resource whose creation time is unknown, and say so', () => {
    expect(reasonOf([{ newerThan: '1d' }], noDate)).toBe('keep rule #1: newer than 1d (creation time unknown)');
    expect(reasonOf([{ olderThan: '1d' }], noDate)).toBe('keep rule #1: older than 1d (creation time unknown)');
    expect(reasonOf([{ olderThan: '1d' }], { ...noDate, createdAt: 'not a date' })).toBe(
      'keep rule #1: older than 1d (creation time unknown)',
    );
    expect(reasonOf([{ type: 'ecs.instance', olderThan: '1d' }], noDate)).toBeUndefined();
  });

  it('uses the injected clock', () => {
    const later = new Date(NOW.getTime() + 10 * 86_400_000);
    expect(matchKeepRules(web, [{ newerThan: '3d' }], later)).toBeUndefined();
    expect(matchKeepRules(web, [{ olderThan: '1w' }], later)?.reason).toBe('keep rule #1: older than 1w');
  });

  it('globs escape regular-expression characters', () => {
    expect(globToRegExp('a.b(c)*').test('a.b(c)zz')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});
