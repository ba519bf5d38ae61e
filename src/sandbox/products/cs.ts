/**
 * Container Service for Kubernetes (ACK, CS 2015-12-15), a ROA (REST-style) product, regional:
 * DescribeClustersV1, DescribeClusterNodes, DescribeClusterNodePools, DescribeClusterResources,
 * ModifyCluster (deletion protection) and DeleteCluster, at the methods and paths of the
 * official API metadata (a test holds the routes to it). Fields follow the official model
 * (@alicloud/cs20151215).
 *
 * What a cluster owns, and what DeleteCluster does with it (API docs: DeleteCluster,
 * https://help.aliyun.com/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-cs-2015-12-15-deletecluster):
 * - pay-as-you-go nodes are released with the cluster; subscription nodes are not (they stay,
 *   out of the cluster);
 * - the node pools' Auto Scaling groups go with it (their instances released, as DeleteScalingGroup
 *   ForceDelete would);
 * - the resources DescribeClusterResources lists are deleted when their `delete_behavior`
 *   says `delete_by_default` (the auto-created security group, the API server SLB...) and kept
 *   otherwise (ALB instances, SLS projects, by default), unless `retain_all_resources`,
 *   `keep_slb` or `retain_resources` keep more; a security group still in use (a subscription
 *   node left in it) is retained, as the docs say of resources "in use by other resources".
 * - While the cluster exists, ECS refuses to delete its security group:
 *   InvalidOperation.DeletionProtection (400) "The operation is not allowed due to
 *   "SecurityGroup" is protected by ACK deletion protection." (ECS API docs: DeleteSecurityGroup,
 *   https://help.aliyun.com/document_detail/25558.html); the ECS module asks the occupancy of
 *   kind `Cluster` registered here. The cluster also holds its vswitches.
 *
 * Errors: unknown cluster ErrorClusterNotFound (404; terraform-provider-alicloud
 * alicloud/service_alicloud_cs.go treats it as gone). A cluster with deletion protection refuses
 * DeleteCluster: ErrorDeletionProtection (400) — code and status UNCONFIRMED, the docs name none.
 * Error bodies are `{code, message, requestId}` (the SDK reads `code` as well as `Code`).
 */
import { SandboxApiError, bool, int, jsonList, required, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { startRelease } from './ecs/instances.js';
import { ecsState } from './ecs/state.js';
import { essState } from './ess.js';
import { SectionReader } from './scenario-section.js';
import { slbState } from './slb.js';

/** Realistic durations (divided by the world's speed). */
const DELETE_MS = 60_000;

interface Node {
  readonly instanceId: string;
  readonly chargeType: 'PostPaid' | 'PrePaid';
  readonly nodepoolId: string;
}

interface NodePool {
  readonly id: string;
  readonly name: string;
  readonly scalingGroupId: string;
}

/** One row of DescribeClusterResources. */
interface ClusterResource {
  /** `ALIYUN::ECS::SecurityGroup`, `ALIYUN::SLB::Instance`, `ALIYUN::ALB::LoadBalancer`, `ALIYUN::SLS::Project`... */
  readonly type: string;
  readonly id: string;
  readonly autoCreate: boolean;
  readonly deleteByDefault: boolean;
}

interface Cluster {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly clusterType: string;
  state: 'running' | 'deleting';
  deletionProtection: boolean;
  readonly vpcId: string;
  readonly vSwitchIds: readonly string[];
  readonly securityGroupId: string;
  readonly tags: ReadonlyArray<{ key: string; value: string }>;
  readonly created: string;
  readonly nodes: readonly Node[];
  readonly nodePools: readonly NodePool[];
  readonly resources: readonly ClusterResource[];
}

function clusters(world: World): Map<string, Cluster> {
  return world.slice('cs.clusters', () => new Map<string, Cluster>());
}

function clusterOf(world: World, params: Readonly<Record<string, string>>): Cluster {
  const id = required(params, 'ClusterId');
  const c = clusters(world).get(id);
  if (!c) throw new SandboxApiError(404, 'ErrorClusterNotFound', `cluster ${id} not found`);
  return c;
}

function wireCluster(c: Cluster): Record<string, unknown> {
  return {
    cluster_id: c.id,
    name: c.name,
    region_id: c.region,
    cluster_type: c.clusterType,
    cluster_spec: 'ack.pro.small',
    profile: 'Default',
    state: c.state,
    size: c.nodes.length,
    deletion_protection: c.deletionProtection,
    vpc_id: c.vpcId,
    vswitch_id: c.vSwitchIds[0] ?? '',
    vswitch_ids: [...c.vSwitchIds],
    security_group_id: c.securityGroupId,
    network_mode: 'vpc',
    current_version: '1.31.1-aliyun.1',
    resource_group_id: 'rg-acfmdefault',
    tags: c.tags.map((t) => ({ key: t.key, value: t.value })),
    created: c.created,
    updated: c.created,
  };
}

/** The resources DeleteCluster would delete given its parameters (what is kept is not listed). */
function deletedResources(c: Cluster, params: Readonly<Record<string, string>>): ClusterResource[] {
  if (bool(params.retain_all_resources)) return [];
  const retained = new Set(jsonList(params.retain_resources, 'retain_resources'));
  return c.resources.filter(
    (r) => r.deleteByDefault && !retained.has(r.id) && !(bool(params.keep_slb) && r.type === 'ALIYUN::SLB::Instance'),
  );
}

function deleteCluster(world: World, c: Cluster, params: Readonly<Record<string, string>>): void {
  const doomed = deletedResources(c, params);
  c.state = 'deleting';
  const ecs = ecsState(world);
  // Pay-as-you-go nodes go with the cluster; subscription ones stay (API docs: DeleteCluster).
  for (const n of c.nodes) {
    const i = ecs.instances.get(n.instanceId);
    if (i && n.chargeType === 'PostPaid') startRelease(world, i);
  }
  // The node pools' scaling groups go, releasing the instances they created.
  const ess = essState(world);
  for (const p of c.nodePools) {
    const g = ess.groups.get(p.scalingGroupId);
    if (!g) continue;
    g.lifecycleState = 'Deleting';
    for (const si of g.instances.values()) {
      const i = ecs.instances.get(si.instanceId);
      if (i && si.creationType === 'AutoCreated') startRelease(world, i);
    }
  }
  world.after(DELETE_MS, () => {
    clusters(world).delete(c.id);
    for (const p of c.nodePools) ess.groups.delete(p.scalingGroupId);
    for (const r of doomed) {
      // "VPCs, vSwitches, security groups ... in use by other resources are retained" (API docs):
      // a group still holding an instance (a subscription node the cluster left) stays.
      if (r.type === 'ALIYUN::ECS::SecurityGroup' && world.occupantsOf('security-group', r.id).length === 0)
        ecs.securityGroups.delete(r.id);
      if (r.type === 'ALIYUN::SLB::Instance') slbState(world).loadBalancers.delete(r.id);
    }
  });
}

const actions: Record<string, RpcHandler> = {
  DescribeClustersV1({ params }, world) {
    const rows = [...clusters(world).values()]
      .filter((c) => (!params.region_id || c.region === params.region_id) && (!params.cluster_id || c.id === params.cluster_id))
      .sort((a, b) => a.id.localeCompare(b.id));
    const pageSize = int(params.page_size, 10, 'page_size', 1, 100);
    const pageNumber = int(params.page_number, 1, 'page_number');
    const page = rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      clusters: page.map(wireCluster),
      page_info: { page_number: pageNumber, page_size: pageSize, total_count: rows.length },
    };
  },

  DescribeClusterNodes({ params }, world) {
    const c = clusterOf(world, params);
    const ecs = ecsState(world);
    const rows = c.nodes.filter((n) => ecs.instances.has(n.instanceId));
    const pageSize = int(params.pageSize, 10, 'pageSize', 1, 100);
    const pageNumber = int(params.pageNumber, 1, 'pageNumber');
    return {
      nodes: rows.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((n) => ({
        instance_id: n.instanceId,
        instance_charge_type: n.chargeType,
        instance_role: 'Worker',
        nodepool_id: n.nodepoolId,
        node_name: `${c.region}.${n.instanceId}`,
        state: 'running',
        is_aliyun_node: true,
        source: 'ess_attach',
      })),
      page: { page_number: pageNumber, page_size: pageSize, total_count: rows.length },
    };
  },

  DescribeClusterNodePools({ params }, world) {
    const c = clusterOf(world, params);
    return {
      nodepools: c.nodePools.map((p) => ({
        nodepool_info: { nodepool_id: p.id, name: p.name, region_id: c.region, type: 'ess' },
        scaling_group: { scaling_group_id: p.scalingGroupId, instance_charge_type: 'PostPaid' },
        status: { state: 'active' },
      })),
    };
  },

  // The answer is a JSON array (the SDK model's body is `DescribeClusterResourcesResponseBody[]`):
  // the server sends it as is.
  DescribeClusterResources({ params }, world) {
    const c = clusterOf(world, params);
    return c.resources.map((r) => ({
      cluster_id: c.id,
      resource_type: r.type,
      instance_id: r.id,
      state: 'Active',
      created: c.created,
      auto_create: r.autoCreate ? 1 : 0,
      creator_type: r.autoCreate ? 'Cluster' : 'User',
      delete_behavior: { delete_by_default: r.deleteByDefault, changeable: true },
    })) as unknown as Record<string, unknown>;
  },

  ModifyCluster({ params }, world) {
    const c = clusterOf(world, params);
    let body: unknown;
    try {
      body = JSON.parse(params.body ?? '{}');
    } catch {
      throw new SandboxApiError(400, 'ErrorParameter', 'the request body is not valid JSON');
    }
    const dp = (body as { deletion_protection?: unknown }).deletion_protection;
    if (typeof dp === 'boolean') c.deletionProtection = dp;
    return { cluster_id: c.id, request_id: '', task_id: '' };
  },

  DeleteCluster({ params }, world) {
    const c = clusterOf(world, params);
    if (c.deletionProtection)
      throw new SandboxApiError(400, 'ErrorDeletionProtection', `cluster ${c.id} has deletion protection enabled; disable it first`);
    if (c.state !== 'deleting') deleteCluster(world, c, params);
    return { cluster_id: c.id, request_id: '', task_id: world.nextId('T', 20) };
  },
};

export const csProduct: ProductModule = {
  product: 'cs',
  version: '2015-12-15',
  actions,
  roa: {
    DescribeClustersV1: { method: 'GET', path: '/api/v1/clusters' },
    DescribeClusterNodes: { method: 'GET', path: '/clusters/[ClusterId]/nodes' },
    DescribeClusterNodePools: { method: 'GET', path: '/clusters/[ClusterId]/nodepools' },
    DescribeClusterResources: { method: 'GET', path: '/clusters/[ClusterId]/resources' },
    ModifyCluster: { method: 'PUT', path: '/api/v2/clusters/[ClusterId]' },
    DeleteCluster: { method: 'DELETE', path: '/clusters/[ClusterId]' },
  },
  errorBody: (e, requestId) => ({ code: e.code, message: e.message, requestId }),
  seed(world, scenario) {
    const all = clusters(world);
    for (const r of SectionReader.section(scenario, 'cs').list('clusters')) {
      const id = r.str('id');
      all.set(id, {
        id,
        name: r.str('name', id),
        region: r.str('region'),
        clusterType: r.str('clusterType', 'ManagedKubernetes'),
        state: 'running',
        deletionProtection: r.bool('deletionProtection', false),
        vpcId: r.optStr('vpcId') ?? '',
        vSwitchIds: r.strings('vSwitchIds'),
        securityGroupId: r.optStr('securityGroupId') ?? '',
        tags: r.tags(),
        created: r.str('createdAt', world.nowIso()),
        nodes: r.list('nodes').map((n) => ({
          instanceId: n.str('instanceId'),
          chargeType: n.oneOf('chargeType', ['PostPaid', 'PrePaid'], 'PostPaid'),
          nodepoolId: n.str('nodepoolId', 'np-default'),
        })),
        nodePools: r
          .list('nodePools')
          .map((p) => ({ id: p.str('id'), name: p.str('name', p.str('id')), scalingGroupId: p.str('scalingGroupId') })),
        resources: r.list('resources').map((x) => ({
          type: x.str('type'),
          id: x.str('id'),
          autoCreate: x.bool('autoCreate', true),
          deleteByDefault: x.bool('deleteByDefault', true),
        })),
      });
    }
    world.addOccupancy((container, id) =>
      [...all.values()]
        .filter((c) =>
          container === 'security-group'
            ? c.securityGroupId === id || c.resources.some((x) => x.type === 'ALIYUN::ECS::SecurityGroup' && x.id === id)
            : container === 'vswitch' && c.vSwitchIds.includes(id),
        )
        .map((c) => ({ product: 'cs', kind: 'Cluster', id: c.id })),
    );
  },
  dump: (world) => ({ clusters: [...clusters(world).values()] }),
};
