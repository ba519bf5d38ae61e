import { describe, expect, it } from 'vitest';
import { evaluateReadiness, type GatheredEvidence, type ReadinessInput } from '../../src/readiness/index.js';
import type { Resource } from '../../src/providers/contract.js';
import { TEST_CALLER } from '../providers/harness.js';
import { defaultRegistry } from '../../src/providers/index.js';

const res = (type: string, region: string, id: string, properties: Resource['properties'] = {}, name?: string): Resource => ({
  type,
  region,
  id,
  name,
  properties,
});

const cleanEvidence: GatheredEvidence = {
  balance: { ok: true, value: { availableCashAmount: 0, availableAmount: 0, creditAmount: 0, currency: 'CNY' } },
  billingInstances: { ok: true, value: [] },
  resourceCenter: { ok: true, value: { enabled: true, resources: [] } },
};

const input = (over: Partial<ReadinessInput> = {}): ReadinessInput => ({
  accountId: TEST_CALLER.accountId,
  centerTypes: defaultRegistry().centerTypes,
  caller: TEST_CALLER,
  inventory: [],
  scanGaps: [],
  scannedRegions: ['cn-hangzhou'],
  evidence: cleanEvidence,
  now: new Date('2026-11-26T00:00:00Z'),
  ...over,
});

const check = (r: ReturnType<typeof evaluateReadiness>, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

describe('evaluateReadiness', () => {
  it('lists each kept resource with the keep rule that keeps it', () => {
    const r = evaluateReadiness(
      input({
        inventory: [
          res('ecs.instance', 'cn-hangzhou', 'i-1', {}, 'web'),
          res('ecs.instance', 'cn-hangzhou', 'i-2'),
          res('ram.user', 'global', 'bob'),
        ],
        keptBy: new Map([
          ['ecs.instance/cn-hangzhou/i-1', 'keep rule #1: tag keep=true'],
          ['ram.user/global/bob', 'keep rule #2: type ram.user, name bob'],
        ]),
      }),
    );
    // Without the plan's view (no fates), what is not kept is listed with where to look.
    expect(check(r, 'resources').evidence).toEqual([
      {
        item: '1 resource left',
        action: 'run aliyun-teardown plan to see what apply would do with them',
        resources: ['ecs.instance/cn-hangzhou/i-2'],
      },
      {
        item: 'ecs.instance/cn-hangzhou/i-1 (web)',
        action: 'kept by the config (keep rule #1: tag keep=true): remove or change that rule to tear it down, or delete it by hand',
      },
    ]);
    expect(check(r, 'ram').evidence[0]?.action).toBe(
      'kept by the config (keep rule #2: type ram.user, name bob): remove or change that rule to tear it down, or delete it by hand',
    );
  });

  it('passes an empty account, leaving only the person checklist', () => {
    const r = evaluateReadiness(input());
    expect(r.ready).toBe(true);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['resources', 'passed'],
      ['uncovered', 'passed'],
      ['domains', 'passed'],
      ['ram', 'passed'],
      ['balance', 'passed'],
      ['manual', 'needs-a-person'],
    ]);
    expect(r.verdict).toMatch(/^Ready/);
    expect(check(r, 'manual').evidence.map((e) => e.item)).toContain('issue every remaining invoice');
  });

  it('blocks on every kind of leftover, each with its evidence', () => {
    const r = evaluateReadiness(
      input({
        inventory: [
          res('ecs.instance', 'cn-hangzhou', 'i-1', {}, 'web-1'),
          res('domain.registration', 'global', 'example.com', { expirationDate: '2027-05-01' }, 'example.com'),
          res('ram.access-key', 'global', TEST_CALLER.accessKeyId),
          res('ram.user', 'global', 'alice'),
          res('bss.subscription', 'global', 'sas-1'),
        ],
        evidence: {
          balance: { ok: true, value: { availableCashAmount: 120.5, availableAmount: 120.5, creditAmount: 0, currency: 'CNY' } },
          billingInstances: {
            ok: true,
            value: [
              {
                instanceId: 'i-1',
                productCode: 'ecs',
                productType: '',
                subscriptionType: 'PayAsYouGo',
                status: 'Normal',
                region: 'cn-hangzhou',
                endTime: '',
              },
              {
                instanceId: 'sas-1',
                productCode: 'sas',
                productType: '',
                subscriptionType: 'Subscription',
                status: 'Normal',
                region: 'cn-hangzhou',
                endTime: '2027-01-01',
              },
            ],
          },
          resourceCenter: {
            ok: true,
            value: {
              enabled: true,
              resources: [
                { resourceType: 'ACS::ECS::Instance', resourceId: 'i-1', regionId: 'cn-hangzhou', resourceName: 'web-1' },
                { resourceType: 'ACS::FC::Service', resourceId: 'fc-demo', regionId: 'cn-hangzhou', resourceName: 'demo' },
                // A system disk: covered type, scanned region, not listed by the scan (it goes with its instance).
                { resourceType: 'ACS::ECS::Disk', resourceId: 'd-system', regionId: 'cn-hangzhou', resourceName: '' },
                // In a region the scan did not cover.
                { resourceType: 'ACS::ECS::Instance', resourceId: 'i-far', regionId: 'eu-central-1', resourceName: '' },
              ],
            },
          },
        },
      }),
    );
    expect(r.ready).toBe(false);
    expect(check(r, 'resources')).toMatchObject({ status: 'blocking', summary: '1 cloud resource left: 1 ecs in cn-hangzhou' });
    // Without the plan's view, nothing is promised: the resource is listed with where to look.
    expect(check(r, 'resources').evidence).toEqual([
      {
        item: '1 resource left',
        action: 'run aliyun-teardown plan to see what apply would do with them',
        resources: ['ecs.instance/cn-hangzhou/i-1 (web-1)'],
      },
    ]);
    const uncovered = check(r, 'uncovered');
    expect(uncovered.status).toBe('blocking');
    // The instance the scan found is not double-counted; the FC service and the sas subscription are.
    expect(uncovered.evidence.map((e) => e.item)).toEqual([
      'sas sas-1 (Subscription, ends 2027-01-01, cn-hangzhou), left, not covered',
      'ACS::ECS::Instance i-far in eu-central-1: left in a region that was not scanned (ecs.instance)',
      'ACS::FC::Service fc-demo (demo) in cn-hangzhou: left, not covered',
    ]);
    expect(check(r, 'domains').evidence[0]?.item).toBe('example.com, expires 2027-05-01');
    expect(check(r, 'ram').evidence.map((e) => e.item)).toContain(
      `ram.access-key/global/${TEST_CALLER.accessKeyId} — the key running this check`,
    );
    expect(check(r, 'balance')).toMatchObject({ status: 'blocking', summary: '120.50 CNY to withdraw' });
    expect(r.verdict).toBe('Not ready: 5 checks block cancellation (resources, uncovered, domains, ram, balance).');
    // The balance is said once: by its check, not again in the person checklist.
    expect(
      check(r, 'manual')
        .evidence.map((e) => e.item)
        .join('\n'),
    ).not.toMatch(/balance/);
  });

  it("groups what apply would destroy under one action, and gives the plan's reason for the rest", () => {
    const r = evaluateReadiness(
      input({
        inventory: [
          res('ecs.instance', 'cn-hangzhou', 'i-1', {}, 'web-1'),
          res('ecs.instance', 'cn-hangzhou', 'i-2'),
          res('vpc.vpc', 'cn-hangzhou', 'vpc-1'),
          res('oss.bucket', 'cn-hangzhou', 'worm'),
          res('ram.role', 'global', 'AliyunServiceRoleForSLB'),
          res('ram.user', 'global', 'alice'),
          res('ram.access-key', 'global', TEST_CALLER.accessKeyId),
        ],
        fates: new Map([
          ['ecs.instance/cn-hangzhou/i-1', { fate: 'destroy' }],
          ['ecs.instance/cn-hangzhou/i-2', { fate: 'kept', reason: 'keep rule #1: id i-2' }],
          ['vpc.vpc/cn-hangzhou/vpc-1', { fate: 'destroy' }],
          ['oss.bucket/cn-hangzhou/worm', { fate: 'blocked', reason: 'WORM retention is locked' }],
          ['ram.role/global/AliyunServiceRoleForSLB', { fate: 'blocked', reason: 'service-linked role, owned by its cloud service' }],
          ['ram.user/global/alice', { fate: 'destroy' }],
          [`ram.access-key/global/${TEST_CALLER.accessKeyId}`, { fate: 'blocked', reason: 'the teardown runs with this key' }],
        ]),
      }),
    );
    expect(check(r, 'resources').evidence).toEqual([
      {
        item: '2 resources that apply would destroy',
        action: 'review them with aliyun-teardown plan, then run aliyun-teardown apply',
        resources: ['ecs.instance/cn-hangzhou/i-1 (web-1)', 'vpc.vpc/cn-hangzhou/vpc-1'],
      },
      { item: 'ecs.instance/cn-hangzhou/i-2: kept', action: 'keep rule #1: id i-2' },
      { item: 'oss.bucket/cn-hangzhou/worm: blocked', action: 'WORM retention is locked' },
    ]);
    expect(check(r, 'ram').evidence).toEqual([
      {
        item: '1 resource that apply would destroy',
        action: 'run aliyun-teardown apply (--only ram for these alone), or delete them in the RAM console',
        resources: ['ram.user/global/alice'],
      },
      { item: 'ram.role/global/AliyunServiceRoleForSLB: blocked', action: 'service-linked role, owned by its cloud service' },
      { item: `ram.access-key/global/${TEST_CALLER.accessKeyId} — the key running this check`, action: 'the teardown runs with this key' },
    ]);
    expect(check(r, 'ram').summary).toBe('left: 1 user, 1 access-key, 1 role');
  });

  it('says how to enable Resource Center when it is off, without blocking on it', () => {
    const r = evaluateReadiness(input({ evidence: { ...cleanEvidence, resourceCenter: { ok: true, value: { enabled: false } } } }));
    const c = check(r, 'uncovered');
    expect(c.status).toBe('needs-a-person');
    expect(c.evidence[0]?.action).toMatch(/never enables it itself/);
    expect(r.ready).toBe(true);
  });

  it('turns failed look-ups and scan gaps into evidence, not a pass', () => {
    const r = evaluateReadiness(
      input({
        scanGaps: [{ type: 'rds.instance', region: 'cn-hangzhou', code: 'Forbidden.RAM', message: 'denied' }],
        evidence: { ...cleanEvidence, balance: { ok: false, error: 'Forbidden.RAM: denied' } },
      }),
    );
    expect(check(r, 'resources').status).toBe('needs-a-person');
    expect(check(r, 'resources').evidence[0]?.item).toBe('could not scan rds.instance in cn-hangzhou: Forbidden.RAM: denied');
    expect(check(r, 'balance')).toMatchObject({ status: 'needs-a-person', summary: 'could not read the balance' });
  });
});
