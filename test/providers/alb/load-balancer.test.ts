import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { albLoadBalancer } from '../../../src/providers/alb/load-balancer.js';
import type { Resource } from '../../../src/providers/contract.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wire = (id: string, extra: Record<string, unknown> = {}) => ({
  LoadBalancerId: id,
  LoadBalancerName: `name-${id}`,
  LoadBalancerStatus: 'Active',
  VpcId: 'vpc-1',
  AddressType: 'Internet',
  CreateTime: '2026-01-01T00:00:00Z',
  DeletionProtectionConfig: { Enabled: false },
  LoadBalancerBillingConfig: { PayType: 'PostPay' },
  SecurityGroupIds: ['sg-1'],
  Tags: [{ Key: 'env', Value: 'dev' }],
  ...extra,
});
const alb = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'alb.load-balancer',
  region: 'cn-hangzhou',
  id,
  properties: { deletionProtection: false, vSwitchIds: ['vsw-1'], ...properties } as Resource['properties'],
});

describe('alb.load-balancer', () => {
  it('lists every page (NextToken, 100) with the vswitches of its zones, naming the region', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.MaxResults === '100' && q.NextToken === undefined && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'ListLoadBalancers')
      .reply(200, { RequestId: 'R', LoadBalancers: [wire('alb-1')], NextToken: 'n1' })
      .post('/')
      .query((q) => q.NextToken === 'n1')
      .matchHeader('x-acs-action', 'ListLoadBalancers')
      .reply(200, { RequestId: 'R', LoadBalancers: [wire('alb-2', { DeletionProtectionConfig: { Enabled: true } })], NextToken: '' })
      .post('/')
      .query((q) => q.LoadBalancerId === 'alb-1')
      .matchHeader('x-acs-action', 'GetLoadBalancerAttribute')
      .reply(200, {
        RequestId: 'R',
        LoadBalancerId: 'alb-1',
        ZoneMappings: [{ VSwitchId: 'vsw-1', ZoneId: 'cn-hangzhou-a' }, { VSwitchId: 'vsw-2' }],
      })
      .post('/')
      .query((q) => q.LoadBalancerId === 'alb-2')
      .matchHeader('x-acs-action', 'GetLoadBalancerAttribute')
      .reply(200, { RequestId: 'R', LoadBalancerId: 'alb-2', ZoneMappings: [] });
    const found = await collect(albLoadBalancer.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found[0]).toMatchObject({
      id: 'alb-1',
      tags: { env: 'dev' },
      properties: { vSwitchIds: ['vsw-1', 'vsw-2'], securityGroupIds: ['sg-1'] },
    });
    expect(albLoadBalancer.steps(found[1] as Resource, h.scanContext()).map((s) => s.action)).toEqual([
      'disable-deletion-protection',
      'delete',
    ]);
  });

  it('turns protection off by ResourceId and deletes; an ALB already gone is gone', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.ResourceId === 'alb-1')
      .matchHeader('x-acs-action', 'DisableDeletionProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.LoadBalancerId === 'alb-1')
      .matchHeader('x-acs-action', 'DeleteLoadBalancer')
      .reply(200, { RequestId: 'R', JobId: 'job-1' })
      .post('/')
      .query((q) => q.LoadBalancerId === 'alb-gone')
      .matchHeader('x-acs-action', 'DeleteLoadBalancer')
      .reply(
        404,
        rpcError('ResourceNotFound.LoadBalancer', 'The specified resource alb-gone is not found.', 'alb.cn-hangzhou.aliyuncs.com'),
      );
    await albLoadBalancer.run({ action: 'disable-deletion-protection', description: '' }, alb('alb-1'), h.stepContext());
    await albLoadBalancer.run({ action: 'delete', description: '' }, alb('alb-1'), h.stepContext());
    await expect(albLoadBalancer.run({ action: 'delete', description: '' }, alb('alb-gone'), h.stepContext())).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(scope.isDone()).toBe(true);
  });

  it('never deletes with read-only clients', async () => {
    const h = providerHarness({ mode: 'read-only' });
    await expect(albLoadBalancer.run({ action: 'delete', description: '' }, alb('alb-1'), h.stepContext())).rejects.toThrow(/refused/);
    expect(h.calls).toEqual([]);
  });
});

describe('alb.load-balancer readMany', () => {
  it('re-reads 25 load balancers in two ListLoadBalancers calls of up to 20 LoadBalancerIds; deleted or missing ones are gone', async () => {
    const h = providerHarness();
    const ids = Array.from({ length: 25 }, (_, i) => `alb-${i}`);
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
        // alb-2 is gone, alb-3 reads Deleted, alb-other was not asked for.
        const found = chunk.filter((id) => id !== 'alb-2').map((id) => wire(id, id === 'alb-3' ? { LoadBalancerStatus: 'Deleted' } : {}));
        return { RequestId: 'R', LoadBalancers: [...found, wire('alb-other')], NextToken: '' };
      });
    const now = await albLoadBalancer.readMany!(
      ids.map((id) => alb(id)),
      h.scanContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(asked.map((c) => c.length)).toEqual([20, 5]);
    expect([...now.keys()].sort()).toEqual(
      ids
        .filter((id) => id !== 'alb-2' && id !== 'alb-3')
        .map((id) => `alb.load-balancer/cn-hangzhou/${id}`)
        .sort(),
    );
    // The vswitches are the plan's (only GetLoadBalancerAttribute returns them).
    expect(now.get('alb.load-balancer/cn-hangzhou/alb-0')).toMatchObject({ properties: { vSwitchIds: ['vsw-1'] } });
  });
});
