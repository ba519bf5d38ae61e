import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory, Resource } from '../../../src/providers/contract.js';
import { clusterDependencies, csCluster } from '../../../src/providers/cs/cluster.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const HZ = 'cn-hangzhou';
const wireCluster = (id: string, extra: Record<string, unknown> = {}) => ({
  cluster_id: id,
  name: id,
  region_id: HZ,
  state: 'running',
  cluster_type: 'ManagedKubernetes',
  vpc_id: 'vpc-1',
  vswitch_ids: ['vsw-1'],
  security_group_id: 'sg-ack',
  deletion_protection: false,
  created: '2026-01-01T00:00:00+08:00',
  ...extra,
});

function mockParts(host: string, id: string) {
  return nock(host)
    .get(`/clusters/${id}/nodes`)
    .query((q) => q.pageNumber === '1' && q.pageSize === '100')
    .matchHeader('x-acs-action', 'DescribeClusterNodes')
    .reply(200, {
      nodes: [
        { instance_id: 'i-paygo', instance_charge_type: 'PostPaid' },
        { instance_id: 'i-sub', instance_charge_type: 'PrePaid' },
      ],
      page: { page_number: 1, page_size: 100, total_count: 2 },
    })
    .get(`/clusters/${id}/nodepools`)
    .matchHeader('x-acs-action', 'DescribeClusterNodePools')
    .reply(200, { nodepools: [{ nodepool_info: { nodepool_id: 'np-1' }, scaling_group: { scaling_group_id: 'asg-np1' } }] })
    .get(`/clusters/${id}/resources`)
    .matchHeader('x-acs-action', 'DescribeClusterResources')
    .reply(200, [
      { resource_type: 'ALIYUN::ECS::SecurityGroup', instance_id: 'sg-ack', delete_behavior: { delete_by_default: true } },
      { resource_type: 'ALIYUN::SLB::Instance', instance_id: 'lb-api', delete_behavior: { delete_by_default: true } },
      { resource_type: 'ALIYUN::ALB::LoadBalancer', instance_id: 'alb-ingress', delete_behavior: { delete_by_default: false } },
      // No delete_behavior: never assumed destroyed.
      { resource_type: 'ALIYUN::SLS::Project', instance_id: 'k8s-log-c-1' },
    ]);
}

describe('cs.cluster', () => {
  it('lists the clusters of the region with their nodes, node pools and what DeleteCluster releases or keeps', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .get('/api/v1/clusters')
      .query((q) => q.region_id === HZ && q.page_size === '100' && q.page_number === '1')
      .matchHeader('x-acs-action', 'DescribeClustersV1')
      .reply(200, {
        clusters: [
          wireCluster('c-1', { tags: [{ key: 'env', value: 'prod' }], deletion_protection: true }),
          wireCluster('c-old', { state: 'deleted' }),
        ],
        page_info: { page_number: 1, page_size: 100, total_count: 2 },
      });
    const parts = mockParts(h.host, 'c-1');
    const [c, ...rest] = await collect(csCluster.list(h.scanContext()));
    expect(scope.isDone() && parts.isDone()).toBe(true);
    expect(rest).toEqual([]);
    expect(c?.tags).toEqual({ env: 'prod' });
    expect(c?.properties).toMatchObject({
      deletionProtection: true,
      vSwitchIds: ['vsw-1'],
      nodeInstanceIds: ['i-paygo'],
      keptNodeInstanceIds: ['i-sub'],
      scalingGroupIds: ['asg-np1'],
      releasedResourceIds: ['sg-ack', 'lb-api'],
      keptResourceIds: ['alb-ingress', 'k8s-log-c-1'],
    });
    const steps = csCluster.steps(c!, h.scanContext());
    expect(steps.map((s) => s.action)).toEqual(['disable-deletion-protection', 'delete']);
    expect(steps[1]?.description).toBe(
      'delete the cluster (DeleteCluster: releases 1 pay-as-you-go node with their disks; deletes 1 node pool (Auto Scaling groups); ' +
        'deletes ALIYUN::ECS::SecurityGroup sg-ack, ALIYUN::SLB::Instance lb-api); ' +
        'it keeps 1 subscription node, ALIYUN::ALB::LoadBalancer alb-ingress, ALIYUN::SLS::Project k8s-log-c-1',
    );
  });

  it('puts what the cluster releases under it, and what it leaves after it', () => {
    const cluster: Resource = {
      type: 'cs.cluster',
      region: HZ,
      id: 'c-1',
      properties: {
        vSwitchIds: ['vsw-1'],
        securityGroupId: 'sg-given',
        nodeInstanceIds: ['i-paygo'],
        keptNodeInstanceIds: ['i-sub'],
        scalingGroupIds: ['asg-np1'],
        releasedResourceIds: ['sg-ack', 'lb-api', 'sg-shared'],
        keptResourceIds: ['alb-ingress'],
      },
    };
    const other: Resource = { type: 'ecs.instance', region: HZ, id: 'i-other', properties: { securityGroupIds: ['sg-shared'] } };
    const inventory: Inventory = {
      get: () => undefined,
      byType: (t) => (t === 'cs.cluster' ? [cluster] : t === 'ecs.instance' ? [other] : []),
    };
    const deps = (type: string, id: string) =>
      clusterDependencies({ type, region: HZ, id, properties: {} }, inventory).map((d) => [d.address, d.owner === true]);
    const c = 'cs.cluster/cn-hangzhou/c-1';
    expect(deps('ecs.instance', 'i-paygo')).toEqual([[c, true]]);
    expect(deps('ecs.instance', 'i-sub')).toEqual([[c, false]]);
    expect(deps('ess.scaling-group', 'asg-np1')).toEqual([[c, true]]);
    expect(deps('ecs.security-group', 'sg-ack')).toEqual([[c, true]]);
    expect(deps('slb.load-balancer', 'lb-api')).toEqual([[c, true]]);
    expect(deps('alb.load-balancer', 'alb-ingress')).toEqual([[c, false]]);
    // The cluster keeps a group another instance still uses; it goes after the cluster.
    expect(deps('ecs.security-group', 'sg-shared')).toEqual([[c, false]]);
    // A group it was given is protected by it: after it.
    expect(deps('ecs.security-group', 'sg-given')).toEqual([[c, false]]);
    expect(deps('vpc.vswitch', 'vsw-1')).toEqual([[c, false]]);
    expect(deps('ecs.instance', 'i-other')).toEqual([]);
  });

  it('turns deletion protection off, deletes the cluster without retain options, and reads it gone', async () => {
    const h = providerHarness({ mode: 'read-write' });
    const r: Resource = { type: 'cs.cluster', region: HZ, id: 'c-1', properties: {} };
    const scope = nock(h.host)
      .put('/api/v2/clusters/c-1', { deletion_protection: false })
      .matchHeader('x-acs-action', 'ModifyCluster')
      .reply(202, { cluster_id: 'c-1', request_id: 'R', task_id: '' })
      .delete('/clusters/c-1')
      .query((q) => Object.keys(q).length === 0)
      .matchHeader('x-acs-action', 'DeleteCluster')
      .reply(202, { cluster_id: 'c-1', request_id: 'R', task_id: 'T-1' })
      .get('/api/v1/clusters')
      .query((q) => q.cluster_id === 'c-1')
      .reply(200, { clusters: [], page_info: { total_count: 0 } });
    await csCluster.run({ action: 'disable-deletion-protection', description: '' }, r, h.stepContext());
    await csCluster.run({ action: 'delete', description: '' }, r, h.stepContext());
    expect(await csCluster.read(r, h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('is refused as a whole by read-only clients', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const r: Resource = { type: 'cs.cluster', region: HZ, id: 'c-1', properties: {} };
    await expect(csCluster.run({ action: 'delete', description: '' }, r, h.stepContext())).rejects.toThrow(
      /refused to call mutating API cs:DeleteCluster/,
    );
  });
});
