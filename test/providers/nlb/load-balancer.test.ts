import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { nlbLoadBalancer } from '../../../src/providers/nlb/load-balancer.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wire = (id: string, extra: Record<string, unknown> = {}) => ({
  LoadBalancerId: id,
  LoadBalancerName: `name-${id}`,
  LoadBalancerStatus: 'Active',
  VpcId: 'vpc-1',
  AddressType: 'Intranet',
  CreateTime: '2026-01-01T00:00:00Z',
  DeletionProtectionConfig: { Enabled: true },
  LoadBalancerBillingConfig: { PayType: 'PostPay' },
  SecurityGroupIds: [],
  ZoneMappings: [
    { VSwitchId: 'vsw-1', ZoneId: 'cn-hangzhou-a' },
    { VSwitchId: 'vsw-2', ZoneId: 'cn-hangzhou-b' },
  ],
  Tags: [],
  ...extra,
});
const nlb = (id: string): Resource => ({ type: 'nlb.load-balancer', region: 'cn-hangzhou', id, properties: { deletionProtection: true } });

describe('nlb.load-balancer', () => {
  it('lists every page with its vswitches, leaving out deleted ones', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.MaxResults === '100' && q.RegionId === 'cn-hangzhou' && q.NextToken === undefined)
      .matchHeader('x-acs-action', 'ListLoadBalancers')
      .reply(200, { RequestId: 'R', LoadBalancers: [wire('nlb-1'), wire('nlb-old', { LoadBalancerStatus: 'Deleted' })], NextToken: 'n1' })
      .post('/')
      .query((q) => q.NextToken === 'n1')
      .matchHeader('x-acs-action', 'ListLoadBalancers')
      .reply(200, { RequestId: 'R', LoadBalancers: [wire('nlb-2')] });
    const found = await collect(nlbLoadBalancer.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.properties.vSwitchIds, r.properties.deletionProtection])).toEqual([
      ['nlb-1', ['vsw-1', 'vsw-2'], true],
      ['nlb-2', ['vsw-1', 'vsw-2'], true],
    ]);
  });

  it('turns protection off, deletes, and retries while the NLB is being configured', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.LoadBalancerId === 'nlb-1' && q.DeletionProtectionEnabled === 'false')
      .matchHeader('x-acs-action', 'UpdateLoadBalancerProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.LoadBalancerId === 'nlb-1')
      .matchHeader('x-acs-action', 'DeleteLoadBalancer')
      .reply(
        400,
        rpcError(
          'ResourceInConfiguring.loadbalancer',
          'The specified resource of loadbalancer is being configured, please try again later.',
          'nlb.cn-hangzhou.aliyuncs.com',
        ),
      )
      .post('/')
      .query((q) => q['LoadBalancerIds.1'] === 'nlb-1')
      .matchHeader('x-acs-action', 'ListLoadBalancers')
      .reply(200, { RequestId: 'R', LoadBalancers: [] });
    await nlbLoadBalancer.run({ action: 'disable-deletion-protection', description: '' }, nlb('nlb-1'), h.stepContext());
    await expect(nlbLoadBalancer.run({ action: 'delete', description: '' }, nlb('nlb-1'), h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
    });
    expect(await nlbLoadBalancer.read(nlb('nlb-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});

describe('nlb.load-balancer readMany', () => {
  it('re-reads 21 load balancers in two ListLoadBalancers calls of up to 20 LoadBalancerIds; deleted or missing ones are gone', async () => {
    const h = providerHarness();
    const ids = Array.from({ length: 21 }, (_, i) => `nlb-${i}`);
    const asked: string[][] = [];
    const scope = nock(h.host)
      .post('/')
      .times(2)
      .query((q) => q['LoadBalancerIds.1'] !== undefined && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'ListLoadBalancers')
      .reply(200, (uri) => {
        const params = new URL(uri, 'http://x').searchParams;
        const chunk = [...params.keys()].filter((k) => k.startsWith('LoadBalancerIds.')).map((k) => params.get(k) ?? '');
        asked.push(chunk);
        const found = chunk.filter((id) => id !== 'nlb-5').map((id) => wire(id, id === 'nlb-20' ? { LoadBalancerStatus: 'Deleted' } : {}));
        return { RequestId: 'R', LoadBalancers: [...found, wire('nlb-other')], NextToken: '' };
      });
    const now = await nlbLoadBalancer.readMany!(ids.map(nlb), h.scanContext());
    expect(scope.isDone()).toBe(true);
    expect(asked.map((c) => c.length)).toEqual([20, 1]);
    expect([...now.keys()].sort()).toEqual(
      ids
        .filter((id) => id !== 'nlb-5' && id !== 'nlb-20')
        .map((id) => `nlb.load-balancer/cn-hangzhou/${id}`)
        .sort(),
    );
    expect(now.get('nlb.load-balancer/cn-hangzhou/nlb-0')).toMatchObject({ properties: { vSwitchIds: ['vsw-1', 'vsw-2'] } });
  });
});
