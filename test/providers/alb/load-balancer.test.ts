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
