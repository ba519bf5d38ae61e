// ROS through the official SDK against a running sandbox: each response parses into its model
// with no unknown keys; a stack deletes what it created, and fails on what it does not own.
import Ros, * as $Ros from '@alicloud/ros20190910';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { rosProduct } from '../../../src/sandbox/products/ros.js';
import { resetSandbox } from '../admin-client.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, sdkClass, sdkConfig, type RawRpcClient } from './sandbox-rpc.js';

type RosClient = InstanceType<typeof Ros.default>;
const V = '2019-09-10';
const HZ = 'cn-hangzhou';
const STACK = '7f0c4a6e-1b2d-4c3e-9f8a-0123456789ab';
const LEAKY = '7f0c4a6e-1b2d-4c3e-9f8a-0123456789ac';

function scenario(): Record<string, unknown> {
  return demoScenario({
    vpc: {
      vpcs: [
        { id: 'vpc-ros', region: HZ, cidrBlock: '10.7.0.0/16' },
        { id: 'vpc-leaky', region: HZ, cidrBlock: '10.8.0.0/16' },
      ],
      vSwitches: [
        { id: 'vsw-ros', vpcId: 'vpc-ros', zoneId: 'cn-hangzhou-h', cidrBlock: '10.7.1.0/24' },
        { id: 'vsw-leaky', vpcId: 'vpc-leaky', zoneId: 'cn-hangzhou-h', cidrBlock: '10.8.1.0/24' },
      ],
    },
    ecs: {
      securityGroups: [{ id: 'sg-ros', region: HZ, vpcId: 'vpc-ros' }],
      instances: [
        { id: 'i-ros', region: HZ, vSwitchId: 'vsw-ros', securityGroupIds: ['sg-ros'] },
        { id: 'i-foreign', region: HZ, vSwitchId: 'vsw-leaky' },
      ],
    },
    ros: {
      stacks: [
        {
          id: STACK,
          region: HZ,
          name: 'web',
          deletionProtection: true,
          resources: [
            { logicalId: 'Vpc', type: 'ALIYUN::ECS::VPC', id: 'vpc-ros' },
            { logicalId: 'Vsw', type: 'ALIYUN::ECS::VSwitch', id: 'vsw-ros' },
            { logicalId: 'Sg', type: 'ALIYUN::ECS::SecurityGroup', id: 'sg-ros' },
            { logicalId: 'Web', type: 'ALIYUN::ECS::Instance', id: 'i-ros' },
          ],
        },
        { id: LEAKY, region: HZ, name: 'leaky', resources: [{ logicalId: 'Vsw', type: 'ALIYUN::ECS::VSwitch', id: 'vsw-leaky' }] },
      ],
    },
  });
}

describeConformance({
  title: 'ROS',
  product: rosProduct,
  models: $Ros,
  client: (s) => new (sdkClass<RosClient>(Ros))(sdkConfig(s)),
  scenario: scenario(),
  cases: [
    { action: 'ListStacks', params: { RegionId: HZ, PageNumber: '1', PageSize: '50', ShowNestedStack: 'false' } },
    { action: 'GetStack', params: { RegionId: HZ, StackId: STACK } },
    { action: 'ListStackResources', params: { RegionId: HZ, StackId: STACK } },
    { action: 'SetDeletionProtection', params: { RegionId: HZ, StackId: STACK, DeletionProtection: 'Disabled' } },
    { action: 'DeleteStack', params: { RegionId: HZ, StackId: LEAKY, RetainAllResources: 'false' } },
  ],
});

describe('ROS sandbox: a stack deletes what it created', () => {
  let sb: RunningSandbox;
  let api: RawRpcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1 });
    api = genericClient(sb);
  });
  beforeEach(async () => resetSandbox(sb));
  afterAll(async () => sb?.close());

  const status = async (id: string) => (await rpcBody(api, V, 'GetStack', { RegionId: HZ, StackId: id })).Status;

  it('refuses while protected; then deletes its instance, group, vswitch and VPC; then StackNotFound', async () => {
    const del = () => rpcBody(api, V, 'DeleteStack', { RegionId: HZ, StackId: STACK });
    expect((await refusal(del())).code).toBe('StackDeletionProtectionEnabled');
    await rpcBody(api, V, 'SetDeletionProtection', { RegionId: HZ, StackId: STACK, DeletionProtection: 'Disabled' });
    await del();
    expect(await status(STACK)).toBe('DELETE_IN_PROGRESS');
    sb.world.advance(21_000);
    expect(await status(STACK)).toBe('DELETE_COMPLETE');
    const vsws = await rpcBody(api, '2016-04-28', 'DescribeVSwitches', { RegionId: HZ, VpcId: 'vpc-ros' });
    expect((vsws.VSwitches as { VSwitch: unknown[] }).VSwitch).toEqual([]);
    const stacks = await rpcBody(api, V, 'ListStacks', { RegionId: HZ });
    expect((stacks.Stacks as Array<{ StackId: string }>).map((s) => s.StackId)).toEqual([LEAKY]);
    sb.world.advance(61_000);
    expect(await refusal(status(STACK))).toEqual({ code: 'StackNotFound', statusCode: 404 });
  });

  it('fails its deletion (DELETE_FAILED, with the reason) while something it does not own uses its vswitch', async () => {
    await rpcBody(api, V, 'DeleteStack', { RegionId: HZ, StackId: LEAKY });
    sb.world.advance(21_000);
    const s = await rpcBody(api, V, 'GetStack', { RegionId: HZ, StackId: LEAKY });
    expect(s.Status).toBe('DELETE_FAILED');
    expect(s.StatusReason).toMatch(/vsw-leaky.*Instance i-foreign/);
  });
});
