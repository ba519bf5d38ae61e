// SLB through the generic OpenAPI call (no npm SDK exists), as the tool calls it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { slbProduct } from '../../../src/sandbox/products/slb.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const V = '2014-05-15';
let sb: RunningSandbox;
let slb: RawRpcClient;

beforeAll(async () => {
  const extra = Array.from({ length: 12 }, (_, i) => ({
    id: `lb-sh-${String(i).padStart(2, '0')}`,
    region: 'cn-shanghai',
    vpcId: 'vpc-sh-main',
    vswitchId: 'vsw-sh-a',
    createdAt: '2024-05-01T00:00:00Z',
    ...(i === 0 ? { payType: 'PrePay' } : {}),
  }));
  const demo = demoScenario();
  const demoLbs = (demo.slb as { loadBalancers: unknown[] }).loadBalancers;
  sb = await startSandbox({ scenario: { ...demo, slb: { loadBalancers: [...demoLbs, ...extra] } }, speed: 1000 });
  slb = genericClient(sb);
});
afterAll(async () => sb?.close());

// No npm SDK: the documented fields are those of the API reference and of the Go SDK's
// response structs (aliyun/alibaba-cloud-sdk-go services/slb/describe_load_balancers.go,
// struct_load_balancer.go, describe_load_balancer_attribute.go); every key the sandbox sends
// appears there.
const LB = 'LoadBalancers.LoadBalancer[]';
const demoWithBackends = (): Record<string, unknown> => {
  const demo = demoScenario();
  const lbs = (demo.slb as { loadBalancers: Array<Record<string, unknown>> }).loadBalancers;
  return { ...demo, slb: { loadBalancers: lbs.map((lb) => ({ ...lb, backendServers: [{ id: 'i-hz-web1' }, { id: 'i-hz-web2' }] })) } };
};
describeConformance({
  title: 'SLB',
  product: slbProduct,
  scenario: demoWithBackends(),
  cases: [
    {
      action: 'DescribeLoadBalancers',
      params: { RegionId: 'cn-hangzhou' },
      documented: [
        'TotalCount',
        'PageNumber',
        'PageSize',
        ...[
          'LoadBalancerId',
          'LoadBalancerStatus',
          'PayType',
          'DeleteProtection',
          'VpcId',
          'VSwitchId',
          'AddressType',
          'RegionId',
          'CreateTime',
          'CreateTimeStamp',
        ].map((f) => `${LB}.${f}`),
      ],
    },
    {
      action: 'DescribeLoadBalancerAttribute',
      params: { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-hz-web' },
      documented: [
        'LoadBalancerId',
        'LoadBalancerStatus',
        'PayType',
        'DeleteProtection',
        'VpcId',
        'VSwitchId',
        'RegionId',
        'ListenerPortsAndProtocol.ListenerPortAndProtocol',
        ...['ServerId', 'Type', 'Weight'].map((f) => `BackendServers.BackendServer[].${f}`),
      ],
    },
    {
      action: 'SetLoadBalancerDeleteProtection',
      params: { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-hz-web', DeleteProtection: 'off' },
      documented: ['RequestId'],
    },
    {
      action: 'DeleteLoadBalancer',
      params: { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-hz-web' },
      setup: [['SetLoadBalancerDeleteProtection', { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-hz-web', DeleteProtection: 'off' }]],
      documented: ['RequestId'],
    },
  ],
});

describe('SLB through the generic call', () => {
  it('DescribeLoadBalancers pages within a region with the documented wrapper and fields', async () => {
    const ids: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await rpcBody(slb, V, 'DescribeLoadBalancers', { RegionId: 'cn-shanghai', PageNumber: String(page), PageSize: '5' });
      expect(body).toMatchObject({ TotalCount: 12, PageNumber: page, PageSize: 5 });
      ids.push(...(body.LoadBalancers as { LoadBalancer: Array<{ LoadBalancerId: string }> }).LoadBalancer.map((lb) => lb.LoadBalancerId));
    }
    expect(ids).toHaveLength(12);
    const hz = await rpcBody(slb, V, 'DescribeLoadBalancers', { RegionId: 'cn-hangzhou' });
    expect(hz.LoadBalancers).toEqual({
      LoadBalancer: [
        expect.objectContaining({
          LoadBalancerId: 'lb-hz-web',
          PayType: 'PayOnDemand',
          DeleteProtection: 'on',
          VpcId: 'vpc-hz-main',
          VSwitchId: 'vsw-hz-web',
        }),
      ],
    });
    expect(await refusal(rpcBody(slb, V, 'DescribeLoadBalancers', { RegionId: 'cn-hangzhou', PageSize: '101' }))).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });

  it('each DeleteLoadBalancer precondition returns its code and status', async () => {
    expect(await refusal(rpcBody(slb, V, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou' }))).toEqual({
      code: 'OperationDenied.DeleteProtectionIsOn',
      statusCode: 400,
    });
    expect(await refusal(rpcBody(slb, V, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-sh-00', RegionId: 'cn-shanghai' }))).toEqual({
      code: 'InvalidChargeType',
      statusCode: 400,
    });
    await rpcBody(slb, V, 'SetLoadBalancerDeleteProtection', {
      LoadBalancerId: 'lb-hz-web',
      RegionId: 'cn-hangzhou',
      DeleteProtection: 'off',
    });
    expect(await rpcBody(slb, V, 'DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou' })).toMatchObject({
      LoadBalancerId: 'lb-hz-web',
      DeleteProtection: 'off',
      LoadBalancerStatus: 'active',
    });
    await rpcBody(slb, V, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou' });
    expect(await refusal(rpcBody(slb, V, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou' }))).toEqual({
      code: 'InvalidLoadBalancerId.NotFound',
      statusCode: 404,
    });
    expect(sb.world.occupantsOf('vswitch', 'vsw-hz-web').filter((o) => o.product === 'slb')).toEqual([]);
  });
});
