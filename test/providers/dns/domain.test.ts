import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory, Resource } from '../../../src/providers/contract.js';
import { dnsDomain } from '../../../src/providers/dns/domain.js';
import { collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from '../ram/rpc.js';

afterEach(() => nock.cleanAll());

const zone = (name: string): Resource => ({ type: 'dns.domain', region: 'global', id: name, name, properties: {} });
const del = { action: 'delete', description: '' };

describe('dns.domain', () => {
  it('pages DescribeDomains at 100 per page until TotalCount is reached', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const firstPage = Array.from({ length: 100 }, (_, i) => ({ DomainName: `zone${i}.example.com`, DomainId: `d-${i}`, RecordCount: 1 }));
    const scopes = [
      rpc('DescribeDomains', (q) => q.PageNumber === '1' && q.PageSize === '100', {
        TotalCount: 101,
        PageNumber: 1,
        PageSize: 100,
        Domains: { Domain: firstPage },
      }),
      rpc('DescribeDomains', (q) => q.PageNumber === '2' && q.PageSize === '100', {
        TotalCount: 101,
        PageNumber: 2,
        PageSize: 100,
        Domains: {
          Domain: [
            {
              DomainName: 'example-demo.com',
              DomainId: 'd-x',
              RecordCount: 4,
              CreateTimestamp: 1714557600000,
              InstanceId: '',
              Tags: { Tag: [{ Key: 'env', Value: 'demo' }] },
            },
          ],
        },
      }),
    ];
    const found = await collect(dnsDomain.list(h.scanContext('global')));
    expect(found).toHaveLength(101);
    expect(found[100]).toMatchObject({
      type: 'dns.domain',
      region: 'global',
      id: 'example-demo.com',
      createdAt: '2024-05-01T10:00:00.000Z',
      tags: { env: 'demo' },
      properties: { domainId: 'd-x', recordCount: 4, instanceId: null },
    });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('goes after the records of its zone only', () => {
    const records: Resource[] = [
      { type: 'dns.record', region: 'global', id: '1001', properties: { domainName: 'example-demo.com' } },
      { type: 'dns.record', region: 'global', id: '2001', properties: { domainName: 'demo-internal.cn' } },
    ];
    const inventory: Inventory = { get: () => undefined, byType: (t) => records.filter((r) => r.type === t) };
    expect(dnsDomain.dependencies(zone('example-demo.com'), inventory)).toEqual([
      { address: 'dns.record/global/1001', reason: 'record in this zone' },
    ]);
    expect(dnsDomain.steps(zone('example-demo.com'), providerHarness()).map((s) => s.action)).toEqual(['delete']);
  });

  it('deletes the zone by name; LastOperationNotFinished is a dependency error; a zone already gone is gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpcError('DeleteDomain', (q) => q.DomainName === 'example-demo.com', 400, 'LastOperationNotFinished'),
      rpc('DeleteDomain', (q) => q.DomainName === 'example-demo.com', { DomainName: 'example-demo.com' }),
      rpcError('DeleteDomain', (q) => q.DomainName === 'example-demo.com', 400, 'InvalidDomainName.NoExist'),
    ];
    await expect(dnsDomain.run(del, zone('example-demo.com'), h.stepContext('global'))).rejects.toMatchObject({
      code: 'LastOperationNotFinished',
      kind: 'dependency',
    });
    await dnsDomain.run(del, zone('example-demo.com'), h.stepContext('global'));
    await expect(dnsDomain.run(del, zone('example-demo.com'), h.stepContext('global'))).rejects.toMatchObject({
      code: 'InvalidDomainName.NoExist',
      kind: 'gone',
    });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('re-reads a zone with DescribeDomains for its exact name, tags included (DescribeDomainInfo has none); undefined once gone', async () => {
    const h = providerHarness();
    const exact = (q: Record<string, unknown>): boolean => q.KeyWord === 'example-demo.com' && q.SearchMode === 'EXACT';
    const scopes = [
      rpc('DescribeDomains', exact, {
        TotalCount: 1,
        Domains: { Domain: [{ DomainName: 'example-demo.com', DomainId: 'd-x', Tags: { Tag: [{ Key: 'keep', Value: 'true' }] } }] },
      }),
      rpc('DescribeDomains', exact, { TotalCount: 0, Domains: { Domain: [] } }),
    ];
    expect(await dnsDomain.read(zone('example-demo.com'), h.scanContext('global'))).toMatchObject({
      id: 'example-demo.com',
      tags: { keep: 'true' },
      properties: { domainId: 'd-x' },
    });
    expect(await dnsDomain.read(zone('example-demo.com'), h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
