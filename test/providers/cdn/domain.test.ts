import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { cdnDomain } from '../../../src/providers/cdn/domain.js';
import type { Resource } from '../../../src/providers/contract.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wire = (name: string, status = 'online') => ({
  DomainName: name,
  DomainStatus: status,
  CdnType: 'web',
  Cname: `${name}.w.kunlunsl.com`,
  GmtCreated: '2026-01-01T00:00:00Z',
});
const domain = (name: string): Resource => ({ type: 'cdn.domain', region: 'global', id: name, properties: {} });

describe('cdn.domain', () => {
  it('lists every page of 500 once (global), leaving out domains being deleted', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '500')
      .matchHeader('x-acs-action', 'DescribeUserDomains')
      .reply(200, { RequestId: 'R', Domains: { PageData: [wire('a.example.com'), wire('b.example.com', 'deleting')] }, TotalCount: 2 });
    const found = await collect(cdnDomain.list(h.scanContext('global')));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.region, r.properties.status])).toEqual([['a.example.com', 'global', 'online']]);
  });

  it('deletes; reads the exact domain (not a fuzzy match); an unknown domain is gone', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DomainName === 'a.example.com')
      .matchHeader('x-acs-action', 'DeleteCdnDomain')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.DomainName === 'a.example.com' && q.DomainSearchType === 'full_match')
      .matchHeader('x-acs-action', 'DescribeUserDomains')
      .reply(200, { RequestId: 'R', Domains: { PageData: [wire('a.example.com', 'deleting')] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.DomainName === 'x.example.com')
      .matchHeader('x-acs-action', 'DeleteCdnDomain')
      .reply(404, rpcError('InvalidDomain.NotFound', 'The domain provided does not belong to you.', 'cdn.aliyuncs.com'));
    await cdnDomain.run({ action: 'delete', description: '' }, domain('a.example.com'), h.stepContext('global'));
    expect(await cdnDomain.read(domain('a.example.com'), h.scanContext('global'))).toBeUndefined();
    await expect(
      cdnDomain.run({ action: 'delete', description: '' }, domain('x.example.com'), h.stepContext('global')),
    ).rejects.toMatchObject({ kind: 'gone' });
    expect(scope.isDone()).toBe(true);
  });
});
