// Registered domains (Domain 2018-01-29) through the generic OpenAPI call: list only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { domainProduct } from '../../../src/sandbox/products/domain.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const V = '2018-01-29';
let sb: RunningSandbox;
let domain: RawRpcClient;
type Row = { DomainName: string; InstanceId: string; ExpirationDate: string; ExpirationDateLong: number; DomainStatus: string };

beforeAll(async () => {
  const extra = Array.from({ length: 4 }, (_, i) => ({
    name: `extra${i}.com`,
    registeredAt: `2023-0${i + 1}-01T00:00:00Z`,
    expiresAt: '2028-01-01T00:00:00Z',
  }));
  const demo = demoScenario();
  const demoDomains = (demo.domain as { domains: unknown[] }).domains;
  sb = await startSandbox({ scenario: { ...demo, domain: { domains: [...demoDomains, ...extra] } }, speed: 1000 });
  domain = genericClient(sb);
});
afterAll(async () => sb?.close());

// No npm SDK: the documented fields of QueryDomainList (API reference, Domain 2018-01-29).
describeConformance({
  title: 'Domain',
  product: domainProduct,
  cases: [
    {
      action: 'QueryDomainList',
      params: { PageNum: '1', PageSize: '10' },
      documented: [
        'TotalItemNum',
        'CurrentPageNum',
        'PageSize',
        'TotalPageNum',
        'PrePage',
        'NextPage',
        ...['DomainName', 'InstanceId', 'ExpirationDate', 'ExpirationDateLong', 'DomainStatus', 'RegistrationDate'].map(
          (f) => `Data.Domain[].${f}`,
        ),
      ],
    },
  ],
});

describe('Domain QueryDomainList', () => {
  it('returns the demo registration with the documented fields', async () => {
    const body = await rpcBody(domain, V, 'QueryDomainList', { PageNum: '1', PageSize: '10', DomainName: 'example-demo.com' });
    expect(body).toMatchObject({ TotalItemNum: 1, CurrentPageNum: 1, PageSize: 10, TotalPageNum: 1, PrePage: false, NextPage: false });
    const [row] = (body.Data as { Domain: Row[] }).Domain;
    expect(row).toMatchObject({
      DomainName: 'example-demo.com',
      InstanceId: 'S20221Y2K3L4M5N6',
      ExpirationDate: '2027-05-01 00:00:00',
      ExpirationDateLong: Date.parse('2027-04-30T16:00:00Z'),
      DomainStatus: '3',
    });
  });

  it('pages with PageNum/PageSize, flags NextPage/PrePage, and requires both', async () => {
    const names: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await rpcBody(domain, V, 'QueryDomainList', { PageNum: String(page), PageSize: '2' });
      expect(body).toMatchObject({ TotalItemNum: 5, TotalPageNum: 3, PrePage: page > 1, NextPage: page < 3 });
      names.push(...(body.Data as { Domain: Row[] }).Domain.map((d) => d.DomainName));
    }
    expect(new Set(names).size).toBe(5);
    expect(await refusal(rpcBody(domain, V, 'QueryDomainList', { PageSize: '2' }))).toEqual({ code: 'MissingParameter', statusCode: 400 });
  });
});
