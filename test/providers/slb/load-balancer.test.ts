import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { slbLoadBalancer } from '../../../src/providers/slb/load-balancer.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const lb = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'slb.load-balancer',
  region: 'cn-hangzhou',
  id,
  properties: { chargeType: 'PayOnDemand', deletionProtection: false, ...properties } as Resource['properties'],
});
const wireLb = (id: string, extra: Record<string, unknown> = {}) => ({
  LoadBalancerId: id,
  LoadBalancerName: `lb-${id}`,
  LoadBalancerStatus: 'active',
  PayType: 'PayOnDemand',
  DeleteProtection: 'off',
  AddressType: 'intranet',
  Address: '172.16.1.10',
  VpcId: 'vpc-1',
  VSwitchId: 'vsw-1',
  CreateTime: '2026-01-01T00:00Z',
  Tags: { Tag: [{ TagKey: 'app', TagValue: 'shop' }] },
  ...extra,
});

describe('slb.load-balancer', () => {
  it('lists every page of 100 through the generic call', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '100')
      .matchHeader('x-acs-action', 'DescribeLoadBalancers')
      .matchHeader('x-acs-version', '2014-05-15')
      .reply(200, {
        RequestId: 'R',
        LoadBalancers: { LoadBalancer: Array.from({ length: 100 }, (_, i) => wireLb(`lb-${i}`)) },
        TotalCount: 101,
        PageNumber: 1,
        PageSize: 100,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeLoadBalancers')
      .reply(200, {
        RequestId: 'R',
        LoadBalancers: { LoadBalancer: [wireLb('lb-x', { PayType: 'PrePay', DeleteProtection: 'on' })] },
        TotalCount: 101,
        PageNumber: 2,
        PageSize: 100,
      })
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-0' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DescribeLoadBalancerAttribute')
      .reply(200, {
        RequestId: 'R',
        LoadBalancerId: 'lb-0',
        BackendServers: {
          BackendServer: [
            { ServerId: 'i-1', Weight: 100, Type: 'ecs' },
            { ServerId: 'eni-1', Weight: 100, Type: 'eni' },
          ],
        },
      })
      .post('/')
      .query((q) => typeof q.LoadBalancerId === 'string' && q.LoadBalancerId !== 'lb-0')
      .matchHeader('x-acs-action', 'DescribeLoadBalancerAttribute')
      .times(100)
      .reply(200, { RequestId: 'R', BackendServers: { BackendServer: [] } });
    const found = await collect(slbLoadBalancer.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(101);
    expect(found[0]).toMatchObject({
      name: 'lb-lb-0',
      createdAt: '2026-01-01T00:00:00.000Z',
      tags: { app: 'shop' },
      properties: {
        status: 'active',
        chargeType: 'PayOnDemand',
        deletionProtection: false,
        vpcId: 'vpc-1',
        vSwitchId: 'vsw-1',
        addressType: 'intranet',
        backendServerIds: ['i-1', 'eni-1'],
      },
    });
    expect(found[100]?.properties).toMatchObject({ chargeType: 'PrePay', deletionProtection: true, backendServerIds: [] });
  });

  it('plans protection off then delete, and blocks a subscription with how to unsubscribe', () => {
    const h = providerHarness();
    expect(slbLoadBalancer.steps(lb('lb-1', { deletionProtection: true }), h.scanContext()).map((s) => s.action)).toEqual([
      'disable-deletion-protection',
      'delete',
    ]);
    const prepaid = slbLoadBalancer.steps(lb('lb-2', { chargeType: 'PrePay' }), h.scanContext());
    expect(prepaid).toHaveLength(1);
    expect(prepaid[0]?.blocked).toMatch(/Unsubscribe/);
  });

  it('turns protection off and deletes', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-1' && q.DeleteProtection === 'off' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'SetLoadBalancerDeleteProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-1' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteLoadBalancer')
      .reply(200, { RequestId: 'R' });
    await slbLoadBalancer.run({ action: 'disable-deletion-protection', description: '' }, lb('lb-1'), h.stepContext());
    await slbLoadBalancer.run({ action: 'delete', description: '' }, lb('lb-1'), h.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it('surfaces the protection and subscription refusals, NotFound as gone, and reads a gone load balancer as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-protected')
      .matchHeader('x-acs-action', 'DeleteLoadBalancer')
      .reply(
        400,
        rpcError('OperationDenied.DeleteProtectionIsOn', 'The specified load balancer has deletion protection on.', 'slb.aliyuncs.com'),
      )
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-prepay')
      .matchHeader('x-acs-action', 'DeleteLoadBalancer')
      .reply(
        400,
        rpcError('InvalidChargeType', 'The charge type of the load balancer does not support this operation.', 'slb.aliyuncs.com'),
      )
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-gone')
      .matchHeader('x-acs-action', 'DeleteLoadBalancer')
      .reply(404, rpcError('InvalidLoadBalancerId.NotFound', 'The specified load balancer does not exist.', 'slb.aliyuncs.com'))
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-gone')
      .matchHeader('x-acs-action', 'DescribeLoadBalancers')
      .reply(200, { RequestId: 'R', LoadBalancers: { LoadBalancer: [] }, TotalCount: 0 });
    const del = { action: 'delete', description: '' };
    await expect(slbLoadBalancer.run(del, lb('lb-protected'), h.stepContext())).rejects.toMatchObject({
      code: 'OperationDenied.DeleteProtectionIsOn',
      kind: 'permanent',
      service: 'slb',
    });
    await expect(slbLoadBalancer.run(del, lb('lb-prepay'), h.stepContext())).rejects.toMatchObject({
      code: 'InvalidChargeType',
      statusCode: 400,
    });
    await expect(slbLoadBalancer.run(del, lb('lb-gone'), h.stepContext())).rejects.toMatchObject({ kind: 'gone' });
    expect(await slbLoadBalancer.read(lb('lb-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('reads a load balancer deleted between its two Describe calls as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-1')
      .matchHeader('x-acs-action', 'DescribeLoadBalancers')
      .reply(200, { RequestId: 'R', LoadBalancers: { LoadBalancer: [wireLb('lb-1')] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-1')
      .matchHeader('x-acs-action', 'DescribeLoadBalancerAttribute')
      .reply(404, rpcError('InvalidLoadBalancerId.NotFound', 'The specified load balancer does not exist.', 'slb.aliyuncs.com'));
    expect(await slbLoadBalancer.read(lb('lb-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});

describe('slb.load-balancer readMany', () => {
  it('re-reads 12 load balancers in two DescribeLoadBalancers calls of up to 10 ids, then their backends side by side', async () => {
    const h = providerHarness();
    const ids = Array.from({ length: 12 }, (_, i) => `lb-${i}`);
    const asked: string[][] = [];
    const scope = nock(h.host)
      .post('/')
      .times(2)
      .query((q) => typeof q.LoadBalancerId === 'string' && q.PageNumber === '1' && q.PageSize === '10' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DescribeLoadBalancers')
      .reply(200, (uri) => {
        const chunk = (new URL(uri, 'http://x').searchParams.get('LoadBalancerId') ?? '').split(',');
        asked.push(chunk);
        // lb-4 is gone; lb-9 goes before its attributes are read.
        const found = chunk.filter((id) => id !== 'lb-4').map((id) => wireLb(id));
        return { RequestId: 'R', LoadBalancers: { LoadBalancer: found }, TotalCount: found.length, PageNumber: 1, PageSize: 10 };
      })
      .post('/')
      .times(10)
      .query((q) => typeof q.LoadBalancerId === 'string' && q.LoadBalancerId !== 'lb-9')
      .matchHeader('x-acs-action', 'DescribeLoadBalancerAttribute')
      .reply(200, (uri) => ({
        RequestId: 'R',
        LoadBalancerId: new URL(uri, 'http://x').searchParams.get('LoadBalancerId'),
        BackendServers: { BackendServer: [{ ServerId: 'i-1', Weight: 100 }] },
      }))
      .post('/')
      .query((q) => q.LoadBalancerId === 'lb-9')
      .matchHeader('x-acs-action', 'DescribeLoadBalancerAttribute')
      .reply(404, rpcError('InvalidLoadBalancerId.NotFound', 'The specified load balancer does not exist.', 'slb.aliyuncs.com'));
    const now = await slbLoadBalancer.readMany!(
      ids.map((id) => lb(id)),
      h.scanContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(asked.map((c) => c.length)).toEqual([10, 2]);
    expect([...now.keys()].sort()).toEqual(
      ids
        .filter((id) => id !== 'lb-4' && id !== 'lb-9')
        .map((id) => `slb.load-balancer/cn-hangzhou/${id}`)
        .sort(),
    );
    expect(now.get('slb.load-balancer/cn-hangzhou/lb-0')).toMatchObject({ properties: { backendServerIds: ['i-1'] } });
  });
});
