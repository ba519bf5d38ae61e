// ALB (through its official SDK models) and NLB (documented fields) against a running sandbox:
// one region per request, asynchronous deletion, protection, and the vswitches they occupy.
import * as $Alb from '@alicloud/alb20200616';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { albProduct } from '../../../src/sandbox/products/alb.js';
import { nlbProduct } from '../../../src/sandbox/products/nlb.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const HZ = 'cn-hangzhou';
const lb = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  region: HZ,
  vpcId: 'vpc-hz-main',
  vSwitchIds: ['vsw-hz-web', 'vsw-hz-db'],
  securityGroupIds: ['sg-hz-web'],
  tags: { env: 'demo' },
  ...extra,
});
const scenario = (): Record<string, unknown> => ({
  ...demoScenario(),
  ...demoVpc,
  alb: {
    loadBalancers: [
      lb('alb-hz-1'),
      lb('alb-hz-protected', { deletionProtection: true }),
      lb('alb-sh-1', { region: 'cn-shanghai', vpcId: 'vpc-sh-main', vSwitchIds: ['vsw-sh-a'] }),
    ],
  },
  nlb: { loadBalancers: [lb('nlb-hz-1', { deletionProtection: true })] },
});

describeConformance({
  title: 'ALB',
  product: albProduct,
  models: $Alb,
  scenario: scenario(),
  cases: [
    { action: 'ListLoadBalancers', params: { RegionId: HZ, MaxResults: '100' } },
    { action: 'ListLoadBalancers', params: { RegionId: HZ, 'LoadBalancerIds.1': 'alb-hz-1' } },
    { action: 'GetLoadBalancerAttribute', params: { RegionId: HZ, LoadBalancerId: 'alb-hz-1' } },
    { action: 'DisableDeletionProtection', params: { RegionId: HZ, ResourceId: 'alb-hz-protected' } },
    { action: 'DeleteLoadBalancer', params: { RegionId: HZ, LoadBalancerId: 'alb-hz-1' } },
  ],
});

describeConformance({
  title: 'NLB',
  product: nlbProduct,
  scenario: scenario(),
  cases: [
    {
      action: 'ListLoadBalancers',
      params: { RegionId: HZ, MaxResults: '100' },
      documented: [
        'LoadBalancers[].LoadBalancerId',
        'LoadBalancers[].LoadBalancerStatus',
        'LoadBalancers[].VpcId',
        'LoadBalancers[].ZoneMappings[].VSwitchId',
        'LoadBalancers[].DeletionProtectionConfig.Enabled',
        'TotalCount',
      ],
    },
    {
      action: 'UpdateLoadBalancerProtection',
      params: { RegionId: HZ, LoadBalancerId: 'nlb-hz-1', DeletionProtectionEnabled: 'false' },
      documented: ['RequestId'],
    },
    {
      action: 'DeleteLoadBalancer',
      params: { RegionId: HZ, LoadBalancerId: 'nlb-hz-1' },
      setup: [['UpdateLoadBalancerProtection', { RegionId: HZ, LoadBalancerId: 'nlb-hz-1', DeletionProtectionEnabled: 'false' }]],
      documented: ['JobId', 'LoadBalancerId'],
    },
  ],
});

describe('ALB and NLB behaviour', () => {
  let sb: RunningSandbox;
  let client: RawRpcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1 });
    client = genericClient(sb);
  });
  afterAll(async () => sb?.close());

  it('serves the region the request names, refuses protected ones, deletes asynchronously, and frees the vswitch', async () => {
    const list = async (region: string) =>
      (
        (await rpcBody(client, '2020-06-16', 'ListLoadBalancers', { RegionId: region })).LoadBalancers as Array<{ LoadBalancerId: string }>
      ).map((x) => x.LoadBalancerId);
    expect(await list(HZ)).toEqual(['alb-hz-1', 'alb-hz-protected']);
    expect(await list('cn-shanghai')).toEqual(['alb-sh-1']);
    expect(
      await refusal(rpcBody(client, '2020-06-16', 'DeleteLoadBalancer', { RegionId: HZ, LoadBalancerId: 'alb-hz-protected' })),
    ).toEqual({
      code: 'OperationDenied.DeletionProtection',
      statusCode: 400,
    });
    expect(
      await refusal(rpcBody(client, '2020-06-16', 'DeleteLoadBalancer', { RegionId: 'cn-shanghai', LoadBalancerId: 'alb-hz-1' })),
    ).toEqual({
      code: 'ResourceNotFound.LoadBalancer',
      statusCode: 404,
    });
    expect(await refusal(rpcBody(client, '2022-04-30', 'DeleteLoadBalancer', { RegionId: HZ, LoadBalancerId: 'nlb-hz-1' }))).toEqual({
      code: 'OperationDenied.DeletionProtectionEnabled',
      statusCode: 400,
    });
    expect(sb.world.occupantsOf('vswitch', 'vsw-hz-db').map((o) => o.id)).toEqual(expect.arrayContaining(['alb-hz-1', 'nlb-hz-1']));
    await rpcBody(client, '2020-06-16', 'DeleteLoadBalancer', { RegionId: HZ, LoadBalancerId: 'alb-hz-1' });
    const status = await rpcBody(client, '2020-06-16', 'GetLoadBalancerAttribute', { RegionId: HZ, LoadBalancerId: 'alb-hz-1' });
    expect(status.LoadBalancerStatus).toBe('Deleting');
    sb.world.advance(60_000);
    expect(await list(HZ)).toEqual(['alb-hz-protected']);
    expect(sb.world.occupantsOf('vswitch', 'vsw-hz-db').map((o) => o.id)).not.toContain('alb-hz-1');
  });
});
