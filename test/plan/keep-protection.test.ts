// Keeping protects what a kept resource is made of and everything whose teardown would modify
// it, with the real providers' dependencies (RAM, DNS): a kept user's keys, its group and that
// group's other members; a kept role's custom policy and the other principals it is attached
// to; a kept zone's records. Unknown tags block when a tag rule could match.
import { describe, expect, it } from 'vitest';
import type { KeepRule } from '../../src/config/schema.js';
import { GLOBAL, addressOf, type Resource } from '../../src/providers/contract.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { untaggableTypeNotes } from '../../src/plan/filters.js';
import { buildPlan, isOrdering } from '../../src/plan/graph.js';
import { resolveSelection } from '../../src/plan/selection.js';
import { ACCOUNT, CALLER, NOW, SETTINGS } from './fakes.js';

const g = (type: string, id: string, properties: Resource['properties'] = {}, extra: Partial<Resource> = {}): Resource => ({
  type,
  region: GLOBAL,
  id,
  name: id,
  properties,
  ...extra,
});
const at = (type: string, id: string): string => addressOf(type, GLOBAL, id);

function account(): Resource[] {
  return [
    g('ram.user', 'alice', { groups: ['devs'], attachedPolicies: ['Custom:p-alice'] }),
    g('ram.user', 'bob', { groups: ['devs'], attachedPolicies: [] }),
    g('ram.user', 'carol', { groups: [], attachedPolicies: ['Custom:p-role'] }),
    g('ram.user', 'dave', { groups: ['ops'], attachedPolicies: [] }),
    g('ram.access-key', 'AK-alice', { userName: 'alice' }),
    g('ram.access-key', 'AK-bob', { userName: 'bob' }),
    g('ram.access-key', 'AK-carol', { userName: 'carol' }),
    g('ram.access-key', 'AK-dave', { userName: 'dave' }),
    g('ram.group', 'devs', { memberUserNames: ['alice', 'bob'], attachedPolicies: [] }),
    g('ram.group', 'ops', { memberUserNames: ['dave'], attachedPolicies: [] }),
    g('ram.policy', 'p-alice', { attachmentCount: 1, nonDefaultVersions: [] }),
    g('ram.policy', 'p-role', { attachmentCount: 2, nonDefaultVersions: [] }),
    g('ram.role', 'app', { serviceLinked: false, attachedPolicies: ['Custom:p-role'] }, { tags: { keep: 'true' } }),
    g('dns.domain', 'kept.com', {}, { tags: { keep: 'true' } }),
    g('dns.domain', 'gone.com', {}),
    g('dns.record', '1', { domainName: 'kept.com', rr: 'www', recordType: 'A', value: '1.2.3.4' }),
    g('dns.record', '2', { domainName: 'gone.com', rr: 'www', recordType: 'A', value: '1.2.3.4' }),
  ];
}

function planOf(resources: Resource[], keep: KeepRule[], only?: string[]) {
  const registry = defaultRegistry();
  const selection = resolveSelection(registry, { only: only ?? ['ram', 'dns'] });
  return buildPlan({
    registry,
    resources,
    selection,
    keepRules: keep,
    caller: CALLER,
    settings: SETTINGS,
    now: NOW,
    toolVersion: '0.1.0',
    account: ACCOUNT,
    scope: { regions: [], types: selection.selected },
  });
}

const KEEP: KeepRule[] = [{ tag: { key: 'keep', value: 'true' } }, { type: 'ram.user', name: 'alice' }];

describe('keeping protects what a kept resource holds', () => {
  const plan = planOf(account(), KEEP);
  const reasonOf = (address: string): string | undefined => plan.blocked.find((b) => b.address === address)?.reason;

  it('keeps exactly the matched resources and blocks what they are made of or what would modify them', () => {
    expect(plan.kept.map((k) => k.address)).toEqual([at('dns.domain', 'kept.com'), at('ram.role', 'app'), at('ram.user', 'alice')]);
    expect(plan.blocked.map((b) => b.address).sort()).toEqual(
      [
        at('dns.record', '1'), // a record of the kept zone
        at('ram.access-key', 'AK-alice'), // the kept user's key
        at('ram.group', 'devs'), // removing alice from it would modify the kept user
        at('ram.user', 'bob'), // removing bob modifies the group alice keeps
        at('ram.access-key', 'AK-bob'), // bob stays, so his key does too
        at('ram.policy', 'p-alice'), // attached to the kept user
        at('ram.policy', 'p-role'), // attached to the kept role
        at('ram.user', 'carol'), // detaching p-role from carol would modify a kept policy
        at('ram.access-key', 'AK-carol'),
      ].sort(),
    );
    // Everything unrelated goes, in order: dave's key before dave before his group.
    expect(plan.resources.map((n) => n.address)).toEqual([
      at('dns.record', '2'),
      at('dns.domain', 'gone.com'),
      at('ram.access-key', 'AK-dave'),
      at('ram.user', 'dave'),
      at('ram.group', 'ops'),
    ]);
  });

  it('names the kept resource in each reason', () => {
    expect(reasonOf(at('dns.record', '1'))).toBe('dns.domain/global/kept.com is kept, and this goes with it: zone this record belongs to');
    expect(reasonOf(at('ram.access-key', 'AK-alice'))).toBe(
      'ram.user/global/alice is kept, and this goes with it: user this key belongs to',
    );
    expect(reasonOf(at('ram.group', 'devs'))).toBe('ram.user/global/alice is kept and must be gone first: member of this group');
    expect(reasonOf(at('ram.user', 'bob'))).toBe(
      'ram.group/global/devs stays (kept, or held by what is kept), and this goes with it: group this user would be removed from',
    );
    // bob's key stays with bob, and bob cannot go before it either.
    expect(plan.blocked.find((b) => b.address === at('ram.user', 'bob'))?.blockedBy).toEqual([
      at('ram.access-key', 'AK-bob'),
      at('ram.group', 'devs'),
    ]);
  });

  it('blocks nothing more than the unkept plan would for a user blocked for its own reason (the caller): its group-mates and keys still go', () => {
    const resources = [
      g('ram.user', CALLER.ramUserName ?? '', { groups: ['devs'], attachedPolicies: [] }),
      g('ram.user', 'bob', { groups: ['devs'], attachedPolicies: [] }),
      g('ram.access-key', 'AK-other', { userName: CALLER.ramUserName ?? '' }),
      g('ram.access-key', 'AK-bob', { userName: 'bob' }),
      g('ram.group', 'devs', { memberUserNames: [CALLER.ramUserName ?? '', 'bob'], attachedPolicies: [] }),
    ];
    const p = planOf(resources, []);
    expect(p.resources.map((n) => n.address).sort()).toEqual(
      [at('ram.access-key', 'AK-bob'), at('ram.access-key', 'AK-other'), at('ram.user', 'bob')].sort(),
    );
    expect(p.blocked.map((b) => b.address).sort()).toEqual([at('ram.group', 'devs'), at('ram.user', CALLER.ramUserName ?? '')].sort());
  });

  it('a user kept outside the selection still keeps its keys (--only ram.access-key)', () => {
    const p = planOf(account(), KEEP, ['ram.access-key']);
    expect(p.resources.map((n) => n.address)).toEqual([at('ram.access-key', 'AK-dave')]);
    expect(p.blocked.map((b) => b.address)).toEqual([
      at('ram.access-key', 'AK-alice'),
      at('ram.access-key', 'AK-bob'),
      at('ram.access-key', 'AK-carol'),
    ]);
  });

  it('carries the blocking-only dependencies in the plan, flagged, never as ordering', () => {
    const dave = plan.resources.find((n) => n.address === at('ram.user', 'dave'))!;
    expect(dave.dependsOn.filter(isOrdering).map((d) => d.address)).toEqual([at('ram.access-key', 'AK-dave')]);
    expect(dave.dependsOn.filter((d) => !isOrdering(d))).toEqual([
      { address: at('ram.group', 'ops'), reason: 'group this user would be removed from', keptWith: true },
    ]);
  });
});

describe('unknown tags', () => {
  const unreadable = (r: Resource): Resource => ({ ...r, tags: undefined, tagsUnreadable: 'Forbidden.RAM: not authorized' });

  it('block a resource a tag rule could match, naming the rule and the error; what it holds is kept with it', () => {
    const resources = account().map((r) => (r.id === 'gone.com' ? unreadable(r) : r));
    const p = planOf(resources, KEEP);
    const zone = p.blocked.find((b) => b.address === at('dns.domain', 'gone.com'));
    expect(zone?.reason).toBe(
      'tags unknown (Forbidden.RAM: not authorized) and keep rule #1 uses tags: not destroyed; allow reading its tags and plan again',
    );
    expect(p.blocked.map((b) => b.address)).toContain(at('dns.record', '2'));
    expect(p.resources.map((n) => n.address)).not.toContain(at('dns.record', '2'));
  });

  it('do not matter without a tag rule, or when the tag rule cannot match for other reasons', () => {
    const resources = account().map((r) => (r.id === 'gone.com' ? unreadable(r) : r));
    expect(planOf(resources, [{ name: 'nothing' }]).resources.map((n) => n.address)).toContain(at('dns.domain', 'gone.com'));
    const other = planOf(resources, [{ type: 'ram.role', tag: { key: 'keep' } }]);
    expect(other.resources.map((n) => n.address)).toContain(at('dns.domain', 'gone.com'));
  });
});

describe('untaggableTypeNotes', () => {
  const registry = defaultRegistry();
  it('says, once per type that cannot carry tags, which tag rules can never match it and how to keep it instead', () => {
    const types = ['ram.user', 'ram.role', 'dns.record', 'ecs.instance'].map((t) => registry.require(t));
    expect(
      untaggableTypeNotes(types, [
        { tag: { key: 'keep' } },
        { name: 'x' },
        { type: 'ecs.instance', tag: { key: 'k' } },
        { tag: { key: 'env' } },
      ]),
    ).toEqual([
      'ram.user cannot carry tags: keep rules #1, #4 can never match it; keep users by name or id',
      'dns.record cannot carry tags: keep rules #1, #4 can never match it; keep records by id, or keep their zone (a kept zone keeps its records)',
    ]);
    expect(untaggableTypeNotes(types, [{ name: 'x' }])).toEqual([]);
  });

  it('every type in the registry says where its tags come from or that it has none', () => {
    for (const t of registry.types) expect('source' in t.tags ? t.tags.source.length : t.tags.keepInstead.length).toBeGreaterThan(0);
  });
});
