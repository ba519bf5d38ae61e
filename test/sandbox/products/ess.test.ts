// Auto Scaling through the generic OpenAPI call (no npm SDK exists for it), as the tool calls it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { essProduct } from '../../../src/sandbox/products/ess.js';
import demoEcs from '../../../src/sandbox/scenarios/demo/ecs.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { resetSandbox } from '../admin-client.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const V = '2014-08-28';
const HZ = 'cn-hangzhou';

/** The demo's networks and compute, plus a web tier group (min 2) and one with deletion protection. */
function essScenario(): Record<string, unknown> {
  return demoScenario({
    ...demoVpc,
    ...demoEcs,
    ess: {
      scalingGroups: [
        {
          id: 'asg-hz-web',
          region: HZ,
          name: 'web',
          minSize: 2,
          maxSize: 4,
          vSwitchIds: ['vsw-hz-web'],
          securityGroupIds: ['sg-hz-web'],
          tags: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${String(i).padStart(2, '0')}`, `v${i}`])),
        },
        {
          id: 'asg-hz-guarded',
          region: HZ,
          name: 'guarded',
          minSize: 0,
          vSwitchIds: ['vsw-hz-db'],
          deletionProtection: true,
          attachedInstanceIds: ['i-hz-worker'],
          tags: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`g${String(i).padStart(2, '0')}`, ''])),
        },
      ],
    },
  });
}

// The documented fields: API reference (DescribeScalingGroups, DescribeScalingInstances) and the
// official SDK models (alibabacloud-java-sdk ess-20140828 / ess-20220222 response bodies); every
// key the sandbox sends is a wire name of those models.
const GROUP = 'ScalingGroups.ScalingGroup[]';
const INSTANCE = 'ScalingInstances.ScalingInstance[]';
describeConformance({
  title: 'ESS',
  product: essProduct,
  scenario: essScenario(),
  cases: [
    {
      action: 'DescribeScalingGroups',
      params: { RegionId: HZ, PageSize: '50' },
      documented: [
        'TotalCount',
        'PageNumber',
        'PageSize',
        ...[
          'ScalingGroupId',
          'ScalingGroupName',
          'RegionId',
          'LifecycleState',
          'MinSize',
          'MaxSize',
          'TotalCapacity',
          'VpcId',
          'VSwitchId',
          'VSwitchIds.VSwitchId',
          'GroupDeletionProtection',
          'ActiveScalingConfigurationId',
          'CreationTime',
        ].map((f) => `${GROUP}.${f}`),
      ],
    },
    {
      action: 'DescribeScalingInstances',
      params: { RegionId: HZ, ScalingGroupId: 'asg-hz-web', PageNumber: '1', PageSize: '50' },
      documented: [
        'TotalCount',
        ...['InstanceId', 'ScalingGroupId', 'CreationType', 'LifecycleState', 'HealthStatus', 'ZoneId', 'CreationTime'].map(
          (f) => `${INSTANCE}.${f}`,
        ),
      ],
    },
    {
      action: 'ListTagResources',
      params: { RegionId: HZ, ResourceType: 'scalinggroup', 'ResourceId.1': 'asg-hz-web' },
      documented: [
        'TagResources.TagResource[].ResourceId',
        'TagResources.TagResource[].ResourceType',
        'TagResources.TagResource[].TagKey',
        'TagResources.TagResource[].TagValue',
        'TagResources.TagResource[].Propagate',
      ],
    },
    {
      action: 'SetGroupDeletionProtection',
      params: { RegionId: HZ, ScalingGroupId: 'asg-hz-guarded', GroupDeletionProtection: 'false' },
      documented: ['RequestId'],
    },
    {
      action: 'DeleteScalingGroup',
      params: { RegionId: HZ, ScalingGroupId: 'asg-hz-web', ForceDelete: 'true' },
      documented: ['RequestId'],
    },
  ],
});

describe('ESS sandbox: a group owns the instances it launched', () => {
  let sb: RunningSandbox;
  let api: RawRpcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: essScenario(), speed: 1 });
    api = genericClient(sb);
  });
  beforeEach(async () => resetSandbox(sb));
  afterAll(async () => sb?.close());

  const groupInstances = async (id: string) => {
    const body = await rpcBody(api, V, 'DescribeScalingInstances', { RegionId: HZ, ScalingGroupId: id, PageSize: '50' });
    return (body.ScalingInstances as { ScalingInstance: Array<{ InstanceId: string; CreationType: string }> }).ScalingInstance;
  };
  const ecsInstanceIds = async () => {
    const body = await rpcBody(api, '2014-05-26', 'DescribeInstances', { RegionId: HZ, MaxResults: '100' });
    return (body.Instances as { Instance: Array<{ InstanceId: string; VpcAttributes: { VSwitchId: string } }> }).Instance;
  };

  it('ListTagResources answers one row per tag of the named groups in the region, nothing for unknown ones', async () => {
    const body = await rpcBody(api, V, 'ListTagResources', {
      RegionId: HZ,
      ResourceType: 'scalinggroup',
      'ResourceId.1': 'asg-hz-web',
      'ResourceId.2': 'asg-hz-guarded',
      'ResourceId.3': 'asg-unknown',
    });
    const rows = (body.TagResources as { TagResource: Array<{ ResourceId: string; TagKey: string }> }).TagResource;
    expect(body.NextToken).toBeUndefined();
    expect(rows.filter((r) => r.ResourceId === 'asg-hz-web').map((r) => r.TagKey)).toHaveLength(20);
    expect(rows.filter((r) => r.ResourceId === 'asg-hz-guarded')).toHaveLength(20);
    expect(rows.some((r) => r.ResourceId === 'asg-unknown')).toBe(false);
    expect(
      await refusal(rpcBody(api, V, 'ListTagResources', { RegionId: HZ, ResourceType: 'instance', 'ResourceId.1': 'asg-hz-web' })),
    ).toEqual({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('launches MinSize instances into its vswitch, and replaces one released behind its back', async () => {
    const launched = await groupInstances('asg-hz-web');
    expect(launched.map((i) => i.CreationType)).toEqual(['AutoCreated', 'AutoCreated']);
    const ids = launched.map((i) => i.InstanceId);
    const inVsw = (await ecsInstanceIds()).filter((i) => ids.includes(i.InstanceId));
    expect(inVsw.map((i) => i.VpcAttributes.VSwitchId)).toEqual(['vsw-hz-web', 'vsw-hz-web']);

    await rpcBody(api, '2014-05-26', 'DeleteInstances', { RegionId: HZ, 'InstanceId.1': ids[0]!, Force: 'true' });
    sb.world.advance(16_000); // the release completes
    expect((await groupInstances('asg-hz-web')).map((i) => i.InstanceId)).toEqual([ids[1]]);
    sb.world.advance(11_000); // the health check launches a replacement
    const now = (await groupInstances('asg-hz-web')).map((i) => i.InstanceId);
    expect(now).toHaveLength(2);
    expect(now).toContain(ids[1]);
    expect(now).not.toContain(ids[0]);
    expect((await ecsInstanceIds()).map((i) => i.InstanceId)).toEqual(expect.arrayContaining(now));
  });

  it('ForceDelete releases what the group created, keeps what was attached, then the group is gone', async () => {
    const created = (await groupInstances('asg-hz-web')).map((i) => i.InstanceId);
    await rpcBody(api, V, 'DeleteScalingGroup', { RegionId: HZ, ScalingGroupId: 'asg-hz-web', ForceDelete: 'true' });
    await rpcBody(api, V, 'SetGroupDeletionProtection', {
      RegionId: HZ,
      ScalingGroupId: 'asg-hz-guarded',
      GroupDeletionProtection: 'false',
    });
    await rpcBody(api, V, 'DeleteScalingGroup', { RegionId: HZ, ScalingGroupId: 'asg-hz-guarded', ForceDelete: 'true' });
    sb.world.advance(60_000);
    const left = (await ecsInstanceIds()).map((i) => i.InstanceId);
    for (const id of created) expect(left).not.toContain(id);
    expect(left).toContain('i-hz-worker');
    const groups = await rpcBody(api, V, 'DescribeScalingGroups', { RegionId: HZ });
    expect(groups.ScalingGroups).toEqual({ ScalingGroup: [] });
    expect(groups.TotalCount).toBe(0);
  });

  it('refuses a protected group, answers NotFound for a gone one, and refuses undeclared parameters', async () => {
    expect(
      await refusal(rpcBody(api, V, 'DeleteScalingGroup', { RegionId: HZ, ScalingGroupId: 'asg-hz-guarded', ForceDelete: 'true' })),
    ).toEqual({ code: 'Forbidden.GroupDeletionProtection', statusCode: 403 });
    expect(await refusal(rpcBody(api, V, 'DeleteScalingGroup', { RegionId: HZ, ScalingGroupId: 'asg-nope', ForceDelete: 'true' }))).toEqual(
      {
        code: 'InvalidScalingGroupId.NotFound',
        statusCode: 404,
      },
    );
    expect(await refusal(rpcBody(api, V, 'DescribeScalingGroups', { RegionId: HZ, ScalingGroupID: 'asg-hz-web' }))).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
    expect(await refusal(rpcBody(api, V, 'DescribeScalingGroups', { RegionId: HZ, PageSize: '51' }))).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });
});
