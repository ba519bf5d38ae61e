// Alidns through the official SDK against a running sandbox.
import Alidns, * as $Alidns from '@alicloud/alidns20150109';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { alidnsProduct } from '../../../src/sandbox/products/alidns.js';
import { assertWireKeysMatchModel } from '../sdk-model.js';
import { describeConformance } from './conformance.js';
import { demoScenario, refusal, rpcBody, sdkClass, sdkConfig, type RawRpcClient } from './sandbox-rpc.js';

type AlidnsClient = InstanceType<typeof Alidns.default>;
let sb: RunningSandbox;
let dns: AlidnsClient;
const V = '2015-01-09';

const zones = Array.from({ length: 5 }, (_, i) => ({
  name: `zone${i}.example`,
  createdAt: `2024-01-0${i + 1}T00:00:00Z`,
  records: [] as unknown[],
}));
const bigZone = {
  name: 'many-records.example',
  createdAt: '2024-02-01T00:00:00Z',
  records: Array.from({ length: 12 }, (_, i) => ({ rr: `host${String(i).padStart(2, '0')}`, type: 'A', value: `10.0.0.${i}` })),
};

beforeAll(async () => {
  const demo = demoScenario();
  const demoZones = (demo.alidns as { domains: unknown[] }).domains;
  sb = await startSandbox({ scenario: { ...demo, alidns: { domains: [...demoZones, ...zones, bigZone] } }, speed: 1000 });
  dns = new (sdkClass<AlidnsClient>(Alidns))(sdkConfig(sb));
});
afterAll(async () => sb?.close());

// The demo's first record id (ids are deterministic per scenario), in example-demo.com.
const DEMO_RECORD_ID = '1000000000000';

describeConformance({
  title: 'Alidns',
  product: alidnsProduct,
  models: $Alidns,
  client: (s) => new (sdkClass<AlidnsClient>(Alidns))(sdkConfig(s)),
  cases: [
    { action: 'DescribeDomains', params: { PageSize: '1' } },
    { action: 'DescribeDomainRecords', params: { DomainName: 'example-demo.com' } },
    { action: 'DescribeDomainInfo', params: { DomainName: 'example-demo.com' } },
    { action: 'DescribeDomainRecordInfo', params: { RecordId: DEMO_RECORD_ID } },
    { action: 'DeleteDomainRecord', params: { RecordId: DEMO_RECORD_ID } },
    { action: 'DeleteDomain', params: { DomainName: 'demo-internal.cn' } },
  ],
});

describe('Alidns conformance through @alicloud/alidns20150109', () => {
  it('DescribeDomains and DescribeDomainRecords match their models and page', async () => {
    const raw = dns as unknown as RawRpcClient;
    assertWireKeysMatchModel($Alidns.DescribeDomainsResponseBody, await rpcBody(raw, V, 'DescribeDomains', { PageSize: '3' }));
    assertWireKeysMatchModel(
      $Alidns.DescribeDomainRecordsResponseBody,
      await rpcBody(raw, V, 'DescribeDomainRecords', { DomainName: 'example-demo.com' }),
    );

    const names: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await dns.describeDomains(new $Alidns.DescribeDomainsRequest({ pageNumber: page, pageSize: 3 }));
      expect(res.body?.totalCount).toBe(8);
      names.push(...(res.body?.domains?.domain ?? []).map((d) => d.domainName ?? ''));
    }
    expect(names).toHaveLength(8);
    expect(names).toContain('example-demo.com');

    const records: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await dns.describeDomainRecords(
        new $Alidns.DescribeDomainRecordsRequest({ domainName: 'many-records.example', pageNumber: page, pageSize: 5 }),
      );
      records.push(...(res.body?.domainRecords?.record ?? []).map((r) => r.RR ?? ''));
    }
    expect(records).toEqual(bigZone.records.map((r) => r.rr));
    const demoRecords = await dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'example-demo.com' }));
    expect(demoRecords.body?.totalCount).toBe(4);
    expect(await refusal(dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'x.example' })))).toEqual({
      code: 'InvalidDomainName.NoExist',
      statusCode: 400,
    });
    expect(
      await refusal(dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'example-demo.com', pageSize: 501 }))),
    ).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });

  it('deletes a record, then the zone with its remaining records; gone ids give the not-found codes', async () => {
    const listed = await dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'demo-internal.cn' }));
    const recordId = listed.body?.domainRecords?.record?.[0]?.recordId ?? '';
    expect(recordId).toMatch(/^\d+$/);
    const raw = dns as unknown as RawRpcClient;
    assertWireKeysMatchModel($Alidns.DeleteDomainRecordResponseBody, await rpcBody(raw, V, 'DeleteDomainRecord', { RecordId: recordId }));
    expect(await refusal(dns.deleteDomainRecord(new $Alidns.DeleteDomainRecordRequest({ recordId })))).toEqual({
      code: 'DomainRecordNotBelongToUser',
      statusCode: 400,
    });

    const del = await dns.deleteDomain(new $Alidns.DeleteDomainRequest({ domainName: 'example-demo.com' }));
    expect(del.body?.domainName).toBe('example-demo.com');
    expect(await refusal(dns.deleteDomain(new $Alidns.DeleteDomainRequest({ domainName: 'example-demo.com' })))).toEqual({
      code: 'InvalidDomainName.NoExist',
      statusCode: 400,
    });
    expect(await refusal(dns.describeDomainRecords(new $Alidns.DescribeDomainRecordsRequest({ domainName: 'example-demo.com' })))).toEqual({
      code: 'InvalidDomainName.NoExist',
      statusCode: 400,
    });
    const after = await dns.describeDomains(new $Alidns.DescribeDomainsRequest({ keyWord: 'example-demo', searchMode: 'EXACT' }));
    expect(after.body?.totalCount).toBe(0);
  });
});

describe('Alidns single-resource reads (what the providers re-read with)', () => {
  it('DescribeDomainInfo and DescribeDomainRecordInfo match their models; unknown ids give the not-found codes', async () => {
    const raw = dns as unknown as RawRpcClient;
    assertWireKeysMatchModel(
      $Alidns.DescribeDomainInfoResponseBody,
      await rpcBody(raw, V, 'DescribeDomainInfo', { DomainName: 'many-records.example' }),
    );
    const info = await dns.describeDomainInfo(new $Alidns.DescribeDomainInfoRequest({ domainName: 'many-records.example' }));
    expect(info.body?.domainName).toBe('many-records.example');
    const recs = await dns.describeDomainRecords(
      new $Alidns.DescribeDomainRecordsRequest({ domainName: 'many-records.example', pageSize: 1 }),
    );
    const recordId = recs.body?.domainRecords?.record?.[0]?.recordId ?? '';
    assertWireKeysMatchModel(
      $Alidns.DescribeDomainRecordInfoResponseBody,
      await rpcBody(raw, V, 'DescribeDomainRecordInfo', { RecordId: recordId }),
    );
    const rec = await dns.describeDomainRecordInfo(new $Alidns.DescribeDomainRecordInfoRequest({ recordId }));
    expect(rec.body).toMatchObject({ recordId, RR: 'host00', domainName: 'many-records.example' });
    expect(await refusal(dns.describeDomainInfo(new $Alidns.DescribeDomainInfoRequest({ domainName: 'nope.example' })))).toEqual({
      code: 'InvalidDomainName.NoExist',
      statusCode: 400,
    });
    expect(await refusal(dns.describeDomainRecordInfo(new $Alidns.DescribeDomainRecordInfoRequest({ recordId: '42' })))).toEqual({
      code: 'DomainRecordNotBelongToUser',
      statusCode: 400,
    });
  });
});
