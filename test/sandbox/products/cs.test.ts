// Container Service for Kubernetes (ACK), a ROA product, against a running sandbox: through its
// official SDK (@alicloud/cs20151215), each response body checked against the SDK model, every
// route held to the official metadata, and what DeleteCluster releases and keeps.
import Cs, * as $Cs from '@alicloud/cs20151215';
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { productMetadata } from '../../../src/sandbox/metadata/index.js';
import { csProduct } from '../../../src/sandbox/products/cs.js';
import { resetSandbox } from '../admin-client.js';
import { assertWireKeysMatchModel, type SdkModelClass } from '../sdk-model.js';
import { demoScenario, refusal, sdkClass, sdkConfig, type RawRpcClient } from './sandbox-rpc.js';

type CsClient = InstanceType<typeof Cs.default>;
type EcsClient = InstanceType<typeof Ecs.default>;
const HZ = 'cn-hangzhou';

const scenario = (): Record<string, unknown> => ({
  ...demoScenario(),
  vpc: {
    vpcs: [{ id: 'vpc-k8s', region: HZ, cidrBlock: '10.8.0.0/16', name: 'k8s' }],
    vSwitches: [{ id: 'vsw-k8s', vpcId: 'vpc-k8s', zoneId: 'cn-hangzhou-h', cidrBlock: '10.8.1.0/24', name: 'k8s' }],
  },
  ecs: {
    securityGroups: [{ id: 'sg-ack', region: HZ, vpcId: 'vpc-k8s', name: 'alicloud-cs-auto-created-security-group' }],
    instances: [
      { id: 'i-node1', region: HZ, vSwitchId: 'vsw-k8s', securityGroupIds: ['sg-ack'], chargeType: 'PostPaid' },
      {
        id: 'i-node2',
        region: HZ,
        vSwitchId: 'vsw-k8s',
        securityGroupIds: ['sg-ack'],
        chargeType: 'PrePaid',
        expiredTime: '2027-01-31T16:00Z',
      },
    ],
  },
  slb: {
    loadBalancers: [{ id: 'lb-apiserver', region: HZ, name: 'k8s-api', vpcId: 'vpc-k8s', vswitchId: 'vsw-k8s', zoneId: 'cn-hangzhou-h' }],
  },
  cs: {
    clusters: [
      {
        id: 'c-prod',
        name: 'prod',
        region: HZ,
        vpcId: 'vpc-k8s',
        vSwitchIds: ['vsw-k8s'],
        securityGroupId: 'sg-ack',
        deletionProtection: true,
        tags: { env: 'prod' },
        nodes: [
          { instanceId: 'i-node1', chargeType: 'PostPaid' },
          { instanceId: 'i-node2', chargeType: 'PrePaid' },
        ],
        nodePools: [{ id: 'np-1', scalingGroupId: 'asg-np1' }],
        resources: [
          { type: 'ALIYUN::ECS::SecurityGroup', id: 'sg-ack' },
          { type: 'ALIYUN::SLB::Instance', id: 'lb-apiserver' },
          { type: 'ALIYUN::SLS::Project', id: 'k8s-log-c-prod', deleteByDefault: false },
        ],
      },
      { id: 'c-sh', region: 'cn-shanghai' },
    ],
  },
});

async function roaBody(sb: RunningSandbox, method: string, pathname: string, action: string, query: Record<string, string> = {}) {
  const client = new (sdkClass<RawRpcClient>(OpenApi))(sdkConfig(sb));
  const res = await client.callApi(
    new $OpenApiUtil.Params({
      action,
      version: '2015-12-15',
      protocol: 'HTTP',
      method,
      authType: 'AK',
      style: 'ROA',
      pathname,
      reqBodyType: 'json',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({ query }),
    new $dara.RuntimeOptions({}),
  );
  return res.body;
}

describe('Container Service for Kubernetes (ROA) in the sandbox', () => {
  let sb: RunningSandbox;
  let cs: CsClient;
  let ecs: EcsClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1000 });
    cs = new (sdkClass<CsClient>(Cs))(sdkConfig(sb));
    ecs = new (sdkClass<EcsClient>(Ecs))(sdkConfig(sb));
  });
  afterAll(async () => sb?.close());
  beforeEach(async () => resetSandbox(sb));

  it('serves every action at the method and path of the official metadata', () => {
    const routes = productMetadata('cs')?.routes ?? {};
    for (const [action, route] of Object.entries(csProduct.roa ?? {})) expect(`${route.method} ${route.path}`).toBe(routes[action]);
    expect(Object.keys(csProduct.roa ?? {}).sort()).toEqual(Object.keys(csProduct.actions).sort());
  });

  it('DescribeClustersV1 lists a region with paging, in the SDK model', async () => {
    const res = await cs.describeClustersV1(new $Cs.DescribeClustersV1Request({ regionId: HZ, pageSize: 10, pageNumber: 1 }));
    expect(res.body?.clusters?.map((c) => [c.clusterId, c.deletionProtection, c.securityGroupId, c.tags?.[0]?.key])).toEqual([
      ['c-prod', true, 'sg-ack', 'env'],
    ]);
    expect(res.body?.pageInfo?.totalCount).toBe(1);
    assertWireKeysMatchModel($Cs.DescribeClustersV1ResponseBody, await roaBody(sb, 'GET', '/api/v1/clusters', 'DescribeClustersV1'));
  });

  it('DescribeClusterNodes, DescribeClusterNodePools and DescribeClusterResources answer in the SDK model', async () => {
    const nodes = await cs.describeClusterNodes('c-prod', new $Cs.DescribeClusterNodesRequest({ pageSize: '100', pageNumber: '1' }));
    expect(nodes.body?.nodes?.map((n) => [n.instanceId, n.instanceChargeType])).toEqual([
      ['i-node1', 'PostPaid'],
      ['i-node2', 'PrePaid'],
    ]);
    assertWireKeysMatchModel(
      $Cs.DescribeClusterNodesResponseBody,
      await roaBody(sb, 'GET', '/clusters/c-prod/nodes', 'DescribeClusterNodes'),
    );
    const pools = await cs.describeClusterNodePools('c-prod', new $Cs.DescribeClusterNodePoolsRequest({}));
    expect(pools.body?.nodepools?.[0]?.scalingGroup?.scalingGroupId).toBe('asg-np1');
    assertWireKeysMatchModel(
      $Cs.DescribeClusterNodePoolsResponseBody,
      await roaBody(sb, 'GET', '/clusters/c-prod/nodepools', 'DescribeClusterNodePools'),
    );
    const resources = await cs.describeClusterResources('c-prod', new $Cs.DescribeClusterResourcesRequest({}));
    expect(resources.body?.map((r) => [r.resourceType, r.instanceId, r.deleteBehavior?.deleteByDefault])).toEqual([
      ['ALIYUN::ECS::SecurityGroup', 'sg-ack', true],
      ['ALIYUN::SLB::Instance', 'lb-apiserver', true],
      ['ALIYUN::SLS::Project', 'k8s-log-c-prod', false],
    ]);
    const raw = await roaBody(sb, 'GET', '/clusters/c-prod/resources', 'DescribeClusterResources');
    expect(Array.isArray(raw)).toBe(true);
    for (const row of raw as unknown[]) assertWireKeysMatchModel($Cs.DescribeClusterResourcesResponseBody as unknown as SdkModelClass, row);
    expect(await refusal(cs.describeClusterNodes('c-nope', new $Cs.DescribeClusterNodesRequest({})))).toEqual({
      code: 'ErrorClusterNotFound',
      statusCode: 404,
    });
  });

  it("protects the cluster's security group until DeleteCluster, which releases what it owns and keeps the rest", async () => {
    const deleteGroup = () => ecs.deleteSecurityGroup(new $Ecs.DeleteSecurityGroupRequest({ regionId: HZ, securityGroupId: 'sg-ack' }));
    expect(await refusal(deleteGroup())).toEqual({ code: 'InvalidOperation.DeletionProtection', statusCode: 400 });
    expect(await refusal(cs.deleteCluster('c-prod', new $Cs.DeleteClusterRequest({})))).toEqual({
      code: 'ErrorDeletionProtection',
      statusCode: 400,
    });
    await cs.modifyCluster('c-prod', new $Cs.ModifyClusterRequest({ deletionProtection: false }));
    const deleted = await cs.deleteCluster('c-prod', new $Cs.DeleteClusterRequest({}));
    expect(deleted.body?.clusterId).toBe('c-prod');
    sb.world.advance(3_600_000);
    const left = await cs.describeClustersV1(new $Cs.DescribeClustersV1Request({ regionId: HZ }));
    expect(left.body?.clusters).toEqual([]);
    const instances = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: HZ }));
    // The pay-as-you-go node went with the cluster; the subscription node stays.
    expect(instances.body?.instances?.instance?.map((i) => i.instanceId)).toEqual(['i-node2']);
    // The subscription node still sits in the group, so the cluster kept it ("in use by other
    // resources"); no longer protected, it now waits only for the node.
    const groups = await ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: HZ }));
    expect(groups.body?.securityGroups?.securityGroup?.map((g) => g.securityGroupId)).toContain('sg-ack');
    expect(await refusal(deleteGroup())).toEqual({ code: 'DependencyViolation', statusCode: 403 });
    expect(sb.world.peekSlice('slb')).toMatchObject({ loadBalancers: new Map() });
  });

  it('keeps what DeleteCluster is told to retain', async () => {
    await cs.modifyCluster('c-prod', new $Cs.ModifyClusterRequest({ deletionProtection: false }));
    await cs.deleteCluster('c-prod', new $Cs.DeleteClusterRequest({ retainResources: ['lb-apiserver'] }));
    sb.world.advance(3_600_000);
    expect([...(sb.world.peekSlice('slb') as { loadBalancers: Map<string, unknown> }).loadBalancers.keys()]).toEqual(['lb-apiserver']);
  });
});
