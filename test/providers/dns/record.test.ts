import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { dnsRecord } from '../../../src/providers/dns/record.js';
import { collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from '../ram/rpc.js';

afterEach(() => nock.cleanAll());

const record = (id: string): Resource => ({
  type: 'dns.record',
  region: 'global',
  id,
  properties: { domainName: 'example-demo.com', rr: 'www', recordType: 'A', value: '192.0.2.10' },
});
const del = { action: 'delete', description: '' };

describe('dns.record', () => {
  it('lists every zone’s records, 500 per page', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const page1 = Array.from({ length: 500 }, (_, i) => ({
      RecordId: `r${i}`,
      DomainName: 'example-demo.com',
      RR: `h${i}`,
      Type: 'A',
      Value: '192.0.2.1',
      TTL: 600,
    }));
    const scopes = [
      rpc('DescribeDomains', (q) => q.PageNumber === '1', {
        TotalCount: 2,
        Domains: { Domain: [{ DomainName: 'example-demo.com' }, { DomainName: 'demo-internal.cn' }] },
      }),
      rpc('DescribeDomainRecords', (q) => q.DomainName === 'example-demo.com' && q.PageNumber === '1' && q.PageSize === '500', {
        TotalCount: 501,
        DomainRecords: { Record: page1 },
      }),
      rpc('DescribeDomainRecords', (q) => q.DomainName === 'example-demo.com' && q.PageNumber === '2' && q.PageSize === '500', {
        TotalCount: 501,
        DomainRecords: {
          Record: [
            {
              RecordId: '1001',
              DomainName: 'example-demo.com',
              RR: '@',
              Type: 'MX',
              Value: 'mx.example-demo.com',
              TTL: 600,
              Status: 'ENABLE',
              Locked: false,
              CreateTimestamp: 1714557600000,
            },
          ],
        },
      }),
      rpc('DescribeDomainRecords', (q) => q.DomainName === 'demo-internal.cn' && q.PageNumber === '1', {
        TotalCount: 1,
        DomainRecords: {
          Record: [{ RecordId: '2001', DomainName: 'demo-internal.cn', RR: 'db', Type: 'CNAME', Value: 'rm-hz.example', TTL: 600 }],
        },
      }),
    ];
    const found = await collect(dnsRecord.list(h.scanContext('global')));
    expect(found).toHaveLength(502);
    expect(found[500]).toMatchObject({
      id: '1001',
      name: 'example-demo.com MX',
      createdAt: '2024-05-01T10:00:00.000Z',
      properties: {
        domainName: 'example-demo.com',
        rr: '@',
        recordType: 'MX',
        value: 'mx.example-demo.com',
        ttl: 600,
        status: 'ENABLE',
        locked: false,
      },
    });
    expect(found[501]?.name).toBe('db.demo-internal.cn CNAME');
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('deletes by RecordId; a record already gone (DomainRecordNotBelongToUser) is gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpc('DeleteDomainRecord', (q) => q.RecordId === '1001', { RecordId: '1001' }),
      rpcError('DeleteDomainRecord', (q) => q.RecordId === '1001', 400, 'DomainRecordNotBelongToUser'),
      rpcError('DeleteDomainRecord', (q) => q.RecordId === '1002', 400, 'RecordForbidden.DNSChange'),
    ];
    expect(dnsRecord.steps(record('1001'), h)).toEqual([{ action: 'delete', description: 'delete A record www → 192.0.2.10' }]);
    await dnsRecord.run(del, record('1001'), h.stepContext('global'));
    await expect(dnsRecord.run(del, record('1001'), h.stepContext('global'))).rejects.toMatchObject({
      code: 'DomainRecordNotBelongToUser',
      kind: 'gone',
    });
    await expect(dnsRecord.run(del, record('1002'), h.stepContext('global'))).rejects.toMatchObject({
      code: 'RecordForbidden.DNSChange',
      // A lock is a person's to lift: never retried.
      kind: 'permanent',
    });
    // A record the scan saw locked is blocked in the plan, with the way out.
    const locked = { ...record('1003'), properties: { ...record('1003').properties, locked: true } };
    expect(dnsRecord.steps(locked, h)).toEqual([
      expect.objectContaining({ action: 'delete', blocked: expect.stringContaining('locked=true') }),
    ]);
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('reads by RecordId; undefined once gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpc('DescribeDomainRecordInfo', (q) => q.RecordId === '1001', {
        RecordId: '1001',
        DomainName: 'example-demo.com',
        RR: 'www',
        Type: 'A',
        Value: '192.0.2.10',
      }),
      rpcError('DescribeDomainRecordInfo', (q) => q.RecordId === '1001', 400, 'DomainRecordNotBelongToUser'),
    ];
    expect(await dnsRecord.read(record('1001'), h.scanContext('global'))).toMatchObject({
      id: '1001',
      properties: { value: '192.0.2.10' },
    });
    expect(await dnsRecord.read(record('1001'), h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
