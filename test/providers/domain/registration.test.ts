import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { domainRegistration } from '../../../src/providers/domain/registration.js';
import { collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from '../ram/rpc.js';

afterEach(() => nock.cleanAll());

const EXPIRES = Date.parse('2027-05-01T00:00:00Z');
const row = (name: string) => ({
  DomainName: name,
  InstanceId: `S2019${name.length}`,
  ExpirationDate: '2027-05-01 00:00:00',
  ExpirationDateLong: EXPIRES,
  RegistrationDateLong: Date.parse('2024-05-01T00:00:00Z'),
  DomainStatus: '3',
  ExpirationDateStatus: '1',
});

describe('domain.registration', () => {
  it('pages QueryDomainList by PageNum and reports every domain as blocked with its expiry date', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const scopes = [
      rpc('QueryDomainList', (q) => q.PageNum === '1' && q.PageSize === '100', {
        TotalItemNum: 101,
        CurrentPageNum: 1,
        PageSize: 100,
        NextPage: true,
        Data: { Domain: Array.from({ length: 100 }, (_, i) => row(`d${i}.com`)) },
      }),
      rpc('QueryDomainList', (q) => q.PageNum === '2' && q.PageSize === '100', {
        TotalItemNum: 101,
        CurrentPageNum: 2,
        PageSize: 100,
        NextPage: false,
        Data: { Domain: [row('example-demo.com')] },
      }),
    ];
    const found = await collect(domainRegistration.list(h.scanContext('global')));
    expect(found).toHaveLength(101);
    const demo = found[100]!;
    expect(demo).toMatchObject({
      type: 'domain.registration',
      region: 'global',
      id: 'example-demo.com',
      createdAt: '2024-05-01T00:00:00.000Z',
      properties: { expirationDate: '2027-05-01T00:00:00.000Z', domainStatus: '3' },
    });
    expect(domainRegistration.reportOnly).toBe(true);
    const steps = domainRegistration.steps(demo, h);
    expect(steps).toHaveLength(1);
    expect(steps[0]?.blocked).toBe(
      'a registered domain cannot be deleted by API: transfer it to another registrar or account with a transfer code, or let it expire on 2027-05-01',
    );
    expect(h.calls.every((c) => !c.mutating)).toBe(true);
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('never runs a step', async () => {
    const h = providerHarness();
    const r: Resource = { type: 'domain.registration', region: 'global', id: 'example-demo.com', properties: {} };
    await expect(domainRegistration.run({ action: 'release', description: '' }, r, h.stepContext('global'))).rejects.toThrow(/report-only/);
    expect(h.calls).toEqual([]);
  });

  it('re-reads by DomainName; undefined when it left the account', async () => {
    const h = providerHarness();
    const r: Resource = { type: 'domain.registration', region: 'global', id: 'example-demo.com', properties: {} };
    const scopes = [
      rpc('QueryDomainList', (q) => q.DomainName === 'example-demo.com' && q.PageNum === '1', {
        TotalItemNum: 1,
        Data: { Domain: [row('example-demo.com')] },
      }),
      rpc('QueryDomainList', (q) => q.DomainName === 'example-demo.com', { TotalItemNum: 0, Data: { Domain: [] } }),
    ];
    expect((await domainRegistration.read(r, h.scanContext('global')))?.properties.expirationDate).toBe('2027-05-01T00:00:00.000Z');
    expect(await domainRegistration.read(r, h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('surfaces a permission error as a permanent CloudApiError', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const s = rpcError('QueryDomainList', () => true, 403, 'Forbidden.RAM', 'User not authorized to operate on the specified resource.');
    await expect(collect(domainRegistration.list(h.scanContext('global')))).rejects.toMatchObject({
      service: 'domain',
      action: 'QueryDomainList',
      code: 'Forbidden.RAM',
      kind: 'permanent',
    });
    expect(s.isDone()).toBe(true);
  });
});
