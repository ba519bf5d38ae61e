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
      .reply(200, {
        RequestId: 'R',
        Domains: { PageData: [wire('a.example.com'), wire('b.example.com', 'deleting'), wire('c.example.com')] },
        TotalCount: 3,
      })
      .post('/')
      .query((q) => q.ResourceType === 'DOMAIN' && q['ResourceId.1'] === 'a.example.com' && q['ResourceId.2'] === 'c.example.com')
      .matchHeader('x-acs-action', 'DescribeTagResources')
      .reply(200, { RequestId: 'R', TagResources: [{ ResourceId: 'a.example.com', Tag: [{ Key: 'keep', Value: 'true' }] }] });
    const found = await collect(cdnDomain.list(h.scanContext('global')));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.region, r.properties.status, r.tags, r.tagsUnreadable])).toEqual([
      ['a.example.com', 'global', 'online', { keep: 'true' }, undefined],
      ['c.example.com', 'global', 'online', undefined, undefined],
    ]);
  });

  it('asks for tags 50 domains at a time; a failed tag call leaves its batch "tags unknown"', async () => {
    const h = providerHarness();
    const names = Array.from({ length: 60 }, (_, i) => `d${i}.example.com`);
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1')
      .matchHeader('x-acs-action', 'DescribeUserDomains')
      .reply(200, { RequestId: 'R', Domains: { PageData: names.map((n) => wire(n)) }, TotalCount: 60 })
      .post('/')
      .query((q) => q['ResourceId.1'] === 'd0.example.com' && q['ResourceId.50'] === 'd49.example.com' && q['ResourceId.51'] === undefined)
      .matchHeader('x-acs-action', 'DescribeTagResources')
      .reply(200, { RequestId: 'R', TagResources: [] })
      .post('/')
      .query((q) => q['ResourceId.1'] === 'd50.example.com')
      .matchHeader('x-acs-action', 'DescribeTagResources')
      .reply(400, rpcError('InvalidParameter', 'The specified parameter ResourceId is not valid.', 'cdn.aliyuncs.com'));
    const found = await collect(cdnDomain.list(h.scanContext('global')));
    expect(scope.isDone()).toBe(true);
    expect(found.filter((r) => r.tagsUnreadable === undefined).map((r) => r.id)).toEqual(names.slice(0, 50));
    expect(found.slice(50).every((r) => r.tags === undefined && /^InvalidParameter: /.test(r.tagsUnreadable ?? ''))).toBe(true);
  });

  it('a re-read carries the tags too, so apply compares like with like', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DomainName === 'a.example.com' && q.DomainSearchType === 'full_match')
      .matchHeader('x-acs-action', 'DescribeUserDomains')
      .reply(200, { RequestId: 'R', Domains: { PageData: [wire('a.example.com')] }, TotalCount: 1 })
      .post('/')
      .query((q) => q['ResourceId.1'] === 'a.example.com')
      .matchHeader('x-acs-action', 'DescribeTagResources')
      .reply(200, { RequestId: 'R', TagResources: [{ ResourceId: 'a.example.com', Tag: [{ Key: 'env', Value: 'prod' }] }] });
    expect((await cdnDomain.read(domain('a.example.com'), h.scanContext('global')))?.tags).toEqual({ env: 'prod' });
    expect(scope.isDone()).toBe(true);
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
