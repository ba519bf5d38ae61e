import { describe, expect, it } from 'vitest';
import { World, type RpcCall } from '../../../src/sandbox/framework.js';
import { slbProduct } from '../../../src/sandbox/products/slb.js';
import demoAccount from '../../../src/sandbox/scenarios/demo/account.js';
import demoSlb from '../../../src/sandbox/scenarios/demo/slb.js';

function call(world: World, action: string, params: Record<string, string>): Record<string, unknown> {
  const handler = slbProduct.actions[action];
  if (!handler) throw new Error(`no handler ${action}`);
  world.tick();
  const rpc: RpcCall = { product: 'slb', version: '2014-05-15', action, params, accessKeyId: 'AK' };
  return handler(rpc, world);
}

function demoWorld(): World {
  const world = new World('1234567890123456', 1000);
  slbProduct.seed?.(world, { ...demoAccount, ...demoSlb });
  return world;
}

const apiError = (status: number, code: string) => expect.objectContaining({ name: 'SandboxApiError', status, code });

describe('SLB DescribeLoadBalancers', () => {
  it('lists the demo load balancer in its region only, with the documented fields', () => {
    const world = demoWorld();
    const body = call(world, 'DescribeLoadBalancers', { RegionId: 'cn-hangzhou' });
    expect(body).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10 });
    expect(body.LoadBalancers).toEqual({
      LoadBalancer: [
        expect.objectContaining({
          LoadBalancerId: 'lb-hz-web',
          LoadBalancerStatus: 'active',
          PayType: 'PayOnDemand',
          DeleteProtection: 'on',
          VpcId: 'vpc-hz-main',
          VSwitchId: 'vsw-hz-web',
          AddressType: 'intranet',
          RegionId: 'cn-hangzhou',
          CreateTime: '2024-03-10T08:00Z',
        }),
      ],
    });
    expect(call(world, 'DescribeLoadBalancers', { RegionId: 'cn-shanghai' })).toMatchObject({
      TotalCount: 0,
      LoadBalancers: { LoadBalancer: [] },
    });
  });

  it('pages with PageNumber/PageSize and refuses a page size over 100', () => {
    const world = new World('1', 1000);
    const loadBalancers = Array.from({ length: 25 }, (_, i) => ({
      id: `lb-${String(i).padStart(2, '0')}`,
      region: 'cn-hangzhou',
      vpcId: 'vpc-1',
      vswitchId: 'vsw-1',
      createdAt: '2024-01-01T00:00:00Z',
    }));
    slbProduct.seed?.(world, { slb: { loadBalancers } });
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = call(world, 'DescribeLoadBalancers', { RegionId: 'cn-hangzhou', PageNumber: String(page), PageSize: '10' });
      expect(body.TotalCount).toBe(25);
      seen.push(...(body.LoadBalancers as { LoadBalancer: Array<{ LoadBalancerId: string }> }).LoadBalancer.map((lb) => lb.LoadBalancerId));
    }
    expect(seen).toEqual(loadBalancers.map((lb) => lb.id));
    expect(() => call(world, 'DescribeLoadBalancers', { RegionId: 'cn-hangzhou', PageSize: '101' })).toThrowError(
      apiError(400, 'InvalidParameter'),
    );
  });
});

describe('SLB deletion', () => {
  it('refuses while deletion protection is on, deletes once it is off, then reports it gone', () => {
    const world = demoWorld();
    expect(world.occupantsOf('vswitch', 'vsw-hz-web')).toEqual([{ product: 'slb', kind: 'LoadBalancer', id: 'lb-hz-web' }]);
    expect(() => call(world, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou' })).toThrowError(
      apiError(400, 'OperationDenied.DeleteProtectionIsOn'),
    );
    call(world, 'SetLoadBalancerDeleteProtection', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou', DeleteProtection: 'off' });
    expect(call(world, 'DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-hz-web' })).toMatchObject({ DeleteProtection: 'off' });
    expect(call(world, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou' })).toEqual({});
    expect(world.occupantsOf('vswitch', 'vsw-hz-web')).toEqual([]);
    expect(world.occupantsOf('vpc', 'vpc-hz-main')).toEqual([]);
    expect(() => call(world, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-hz-web' })).toThrowError(
      apiError(404, 'InvalidLoadBalancerId.NotFound'),
    );
    expect(() => call(world, 'DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-hz-web' })).toThrowError(
      apiError(404, 'InvalidLoadBalancerId.NotFound'),
    );
  });

  it('refuses a subscription load balancer and an id asked for in another region', () => {
    const world = new World('1', 1000);
    slbProduct.seed?.(world, {
      slb: { loadBalancers: [{ id: 'lb-pre', region: 'cn-hangzhou', vpcId: 'v', vswitchId: 's', payType: 'PrePay' }] },
    });
    expect(() => call(world, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-pre' })).toThrowError(apiError(400, 'InvalidChargeType'));
    expect(() => call(world, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-pre', RegionId: 'cn-shanghai' })).toThrowError(
      apiError(404, 'InvalidLoadBalancerId.NotFound'),
    );
  });

  it('rejects a DeleteProtection value other than on/off', () => {
    const world = demoWorld();
    expect(() =>
      call(world, 'SetLoadBalancerDeleteProtection', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou', DeleteProtection: 'false' }),
    ).toThrowError(apiError(400, 'InvalidParameter'));
  });
});

describe('SLB backend servers', () => {
  it('lists the scenario backends in DescribeLoadBalancerAttribute and drops an instance once ECS releases it', () => {
    const world = new World('1', 1000);
    slbProduct.seed?.(world, {
      slb: {
        loadBalancers: [
          {
            id: 'lb-1',
            region: 'cn-hangzhou',
            vpcId: 'vpc-1',
            vswitchId: 'vsw-1',
            backendServers: [{ id: 'i-a' }, { id: 'eni-b', type: 'eni' }],
          },
        ],
      },
    });
    const backends = () =>
      (call(world, 'DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-1' }).BackendServers as { BackendServer: unknown[] })
        .BackendServer;
    expect(backends()).toEqual([
      { ServerId: 'i-a', Type: 'ecs', Weight: 100, VpcId: 'vpc-1', Description: '' },
      { ServerId: 'eni-b', Type: 'eni', Weight: 100, VpcId: 'vpc-1', Description: '' },
    ]);
    world.emit('ecs.instance.released', { instanceId: 'i-a', regionId: 'cn-hangzhou' });
    expect(backends()).toEqual([expect.objectContaining({ ServerId: 'eni-b' })]);
    expect(() =>
      slbProduct.seed?.(new World('1', 1), {
        slb: { loadBalancers: [{ id: 'lb-2', region: 'r', vpcId: 'v', vswitchId: 's', backendServers: [{ id: 'i-a', type: 'vm' }] }] },
      }),
    ).toThrow('scenario slb.loadBalancers[0].backendServers[0].type: must be one of ecs, eni');
  });
});
