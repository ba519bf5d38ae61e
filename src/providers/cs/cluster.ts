/**
 * Container Service for Kubernetes (ACK) clusters, through the CS API (2015-12-15, REST style).
 *
 * A cluster owns what it created: its pay-as-you-go worker nodes, its node pools' Auto Scaling
 * groups, and the cloud resources it lists in DescribeClusterResources — the auto-created
 * security group, the API server's SLB, Services' SLBs, a NAT gateway... Deleting those parts
 * one by one only fights the cluster (a node pool replaces a node; ECS refuses to delete the
 * cluster's security group, InvalidOperation.DeletionProtection, "protected by ACK deletion
 * protection", which only DeleteCluster lifts: ECS API docs, DeleteSecurityGroup). So the
 * cluster is deleted, and the plan shows its parts under it ("released with cs.cluster/…").
 *
 * What DeleteCluster destroys and what it keeps (API docs: DeleteCluster,
 * https://help.aliyun.com/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-cs-2015-12-15-deletecluster):
 * - subscription nodes and a subscription API server SLB are not released: they stay and are
 *   torn down by this plan after the cluster (ecs.instance converts and releases them);
 * - each DescribeClusterResources row says in `delete_behavior.delete_by_default` whether
 *   DeleteCluster deletes it when no retain option is given; this tool never passes one
 *   (no `retain_all_resources`, `keep_slb`, `retain_resources`), so the defaults are what
 *   happens. What is kept by default (ALB instances of the ALB ingress, the SLS projects of
 *   cluster logging, disks of dynamic volumes) is shown as kept, and goes by its own type's
 *   node when this plan covers that type.
 * - Nodes: DescribeClusterNodes (`instance_charge_type`); node pools: DescribeClusterNodePools
 *   (`scaling_group.scaling_group_id`).
 *
 * An unknown cluster is ErrorClusterNotFound (terraform-provider-alicloud
 * alicloud/service_alicloud_cs.go treats it as gone); DeleteCluster may answer
 * DependencyViolation.Resource while the cluster's resources detach (terraform retries it).
 */
import { csSdk } from '../../cloud/sdk.js';
import type { DescribeClusterResourcesResponseBody, DescribeClustersV1ResponseBodyClusters } from '@alicloud/cs20151215';
import { CloudApiError } from '../../cloud/errors.js';
import type { Dependency, Inventory, Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { resourceAddress } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { isWholeListing, readThroughListing } from '../batch-read.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime, listProperty } from '../references.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const {
  DeleteClusterRequest,
  DescribeClusterNodePoolsRequest,
  DescribeClusterNodesRequest,
  DescribeClusterResourcesRequest,
  DescribeClustersV1Request,
  ModifyClusterRequest,
} = csSdk;

const TYPE = 'cs.cluster';
/** DescribeClustersV1 page_size and DescribeClusterNodes pageSize: at most 100 (API docs). */
const PAGE_SIZE = 100;

/** What DescribeClusterResources, DescribeClusterNodes and DescribeClusterNodePools say of one cluster. */
interface ClusterParts {
  /** Pay-as-you-go nodes: released by DeleteCluster. */
  readonly releasedNodes: readonly string[];
  /** Subscription nodes: left by DeleteCluster. */
  readonly keptNodes: readonly string[];
  readonly scalingGroupIds: readonly string[];
  /** Resources DeleteCluster deletes by default: `ALIYUN::...` type and id. */
  readonly released: ReadonlyArray<readonly [string, string]>;
  readonly kept: ReadonlyArray<readonly [string, string]>;
}

async function clusterParts(id: string, ctx: ScanContext): Promise<ClusterParts> {
  const cs = ctx.clients.cs(ctx.region);
  const releasedNodes: string[] = [];
  const keptNodes: string[] = [];
  const nodePages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
    const res = await cs.describeClusterNodes(
      id,
      new DescribeClusterNodesRequest({ pageNumber: String(pageNumber), pageSize: String(pageSize) }),
    );
    const page = res.body?.nodes ?? [];
    return { page, count: page.length, totalCount: res.body?.page?.totalCount };
  });
  for await (const n of eachItem(nodePages)) {
    if (!n.instanceId) continue;
    (n.instanceChargeType === 'PrePaid' ? keptNodes : releasedNodes).push(n.instanceId);
  }
  const pools = await cs.describeClusterNodePools(id, new DescribeClusterNodePoolsRequest({}));
  const scalingGroupIds = (pools.body?.nodepools ?? []).flatMap((p) =>
    p.scalingGroup?.scalingGroupId ? [p.scalingGroup.scalingGroupId] : [],
  );
  const resources = await cs.describeClusterResources(id, new DescribeClusterResourcesRequest({}));
  const rows: DescribeClusterResourcesResponseBody[] = resources.body ?? [];
  const released: Array<[string, string]> = [];
  const kept: Array<[string, string]> = [];
  for (const row of rows) {
    if (!row.instanceId) continue;
    // Without delete_behavior the row says nothing: counted kept, never assumed destroyed.
    (row.deleteBehavior?.deleteByDefault === true ? released : kept).push([row.resourceType ?? 'unknown', row.instanceId]);
  }
  return { releasedNodes, keptNodes, scalingGroupIds, released, kept };
}

function toResource(c: DescribeClustersV1ResponseBodyClusters, region: string, parts: ClusterParts): Resource {
  const tags: Record<string, string> = {};
  for (const t of c.tags ?? []) if (t.key) tags[t.key] = t.value ?? '';
  return {
    type: TYPE,
    region,
    id: c.clusterId ?? '',
    name: c.name,
    createdAt: isoTime(c.created),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      state: c.state ?? null,
      clusterType: c.clusterType ?? null,
      deletionProtection: c.deletionProtection === true,
      vpcId: c.vpcId ?? null,
      vSwitchIds: [...new Set([...(c.vswitchIds ?? []), ...(c.vswitchId ? [c.vswitchId] : [])])],
      securityGroupId: c.securityGroupId ?? null,
      nodeInstanceIds: [...parts.releasedNodes],
      keptNodeInstanceIds: [...parts.keptNodes],
      scalingGroupIds: [...parts.scalingGroupIds],
      releasedResourceIds: parts.released.map(([, id]) => id),
      releasedResources: parts.released.map(([type, id]) => `${type} ${id}`),
      keptResourceIds: parts.kept.map(([, id]) => id),
      keptResources: parts.kept.map(([type, id]) => `${type} ${id}`),
    },
  };
}

/** `deleted` clusters may still be listed for a while: they are gone. */
const isGone = (c: DescribeClustersV1ResponseBodyClusters): boolean => c.state === 'deleted';

async function describeCluster(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients.cs(ctx.region).describeClustersV1(new DescribeClustersV1Request({ clusterId: id, regionId: ctx.region }));
  const c = res.body?.clusters?.find((x) => x.clusterId === id);
  if (!c || isGone(c)) return undefined;
  try {
    return toResource(c, ctx.region, await clusterParts(id, ctx));
  } catch (err) {
    if (err instanceof CloudApiError && err.code === 'ErrorClusterNotFound') return undefined;
    throw err;
  }
}

/**
 * DeleteCluster keeps a security group "in use by other resources" (API docs): one that holds an
 * instance the cluster does not release (a subscription node, an instance of another owner).
 */
function stillUsed(r: Resource, cluster: Resource, inventory: Inventory): boolean {
  if (r.type !== 'ecs.security-group') return false;
  const released = new Set(listProperty(cluster, 'nodeInstanceIds'));
  return inventory
    .byType('ecs.instance')
    .some((i) => i.region === r.region && !released.has(i.id) && listProperty(i, 'securityGroupIds').includes(r.id));
}

/**
 * For the types a cluster owns or holds: the cluster that releases `r` (an owner), or that must
 * be gone before it (a subscription node it leaves behind, a resource it keeps, a security group
 * it protects, a vswitch it uses).
 */
export function clusterDependencies(r: Resource, inventory: Inventory): Dependency[] {
  const out: Dependency[] = [];
  for (const c of inventory.byType(TYPE)) {
    if (c.region !== r.region) continue;
    const address = resourceAddress(c);
    const has = (key: string) => listProperty(c, key).includes(r.id);
    if (r.type === 'ecs.instance' && has('nodeInstanceIds'))
      out.push({ address, reason: 'pay-as-you-go node of this cluster, which releases it', owner: true });
    else if (r.type === 'ecs.instance' && has('keptNodeInstanceIds'))
      out.push({ address, reason: 'subscription node of this cluster: the cluster leaves it, to be released after' });
    else if (r.type === 'ess.scaling-group' && has('scalingGroupIds'))
      out.push({ address, reason: 'node pool of this cluster, deleted with it', owner: true });
    else if (has('releasedResourceIds') && !stillUsed(r, c, inventory))
      out.push({ address, reason: 'created by this cluster, which deletes it', owner: true });
    else if (has('releasedResourceIds'))
      out.push({ address, reason: 'created by this cluster, which keeps it while other instances use it: deleted after the cluster' });
    else if (has('keptResourceIds')) out.push({ address, reason: 'used by this cluster, which keeps it: deleted after the cluster' });
    else if (r.type === 'ecs.security-group' && c.properties.securityGroupId === r.id)
      out.push({ address, reason: "this cluster's security group, protected until the cluster is deleted" });
    else if (r.type === 'vpc.vswitch' && has('vSwitchIds')) out.push({ address, reason: 'vswitch of this cluster' });
  }
  return out;
}

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export const csCluster: ResourceType = {
  type: TYPE,
  service: 'cs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::CS::Cluster'],
  billingProductCodes: [],
  tags: { source: "DescribeClustersV1 (each cluster's tags)" },
  description:
    'Container Service for Kubernetes (ACK) clusters, before their nodes, node pools and the resources they created (DeleteCluster releases them)',
  stepSummary: ['disable-deletion-protection', 'delete'],
  dependsOn: [],
  attachmentProperties: ['nodeInstanceIds', 'keptNodeInstanceIds', 'scalingGroupIds', 'releasedResourceIds', 'keptResourceIds'],
  deleteTimeoutMs: 60 * 60_000, // terraform: the cluster's delete timeout
  hints: {
    'DependencyViolation.Resource': "the cluster's resources are still detaching; it is retried",
    ErrorDeletionProtection: 'turn off the deletion protection of the cluster (plan again: the plan does it first)',
  },

  async *list(ctx) {
    const cs = ctx.clients.cs(ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await cs.describeClustersV1(new DescribeClustersV1Request({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.clusters ?? [];
      return { page, count: page.length, totalCount: res.body?.pageInfo?.totalCount };
    });
    const live = async function* () {
      for await (const c of eachItem(pages)) if (c.clusterId && !isGone(c) && (!c.regionId || c.regionId === ctx.region)) yield c;
    };
    // Each cluster's parts put them under it in the plan: three reads per cluster, several clusters at once.
    yield* mapConcurrently(live(), detailConcurrency(ctx), async (c) =>
      toResource(c, ctx.region, await clusterParts(c.clusterId ?? '', ctx)),
    );
  },

  dependencies: () => [],

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx, 'the cluster deletion protection');
    if (protection) steps.push(protection);
    const nodes = listProperty(r, 'nodeInstanceIds').length;
    const pools = listProperty(r, 'scalingGroupIds').length;
    const released = listProperty(r, 'releasedResources');
    const keptNodes = listProperty(r, 'keptNodeInstanceIds').length;
    const kept = listProperty(r, 'keptResources');
    const destroys = [
      ...(nodes > 0 ? [`releases ${count(nodes, 'pay-as-you-go node')} with their disks`] : []),
      ...(pools > 0 ? [`deletes ${count(pools, 'node pool')} (Auto Scaling groups)`] : []),
      ...(released.length > 0 ? [`deletes ${released.join(', ')}`] : []),
    ];
    const keeps = [...(keptNodes > 0 ? [count(keptNodes, 'subscription node')] : []), ...kept];
    steps.push({
      action: 'delete',
      description: `delete the cluster (DeleteCluster${destroys.length > 0 ? `: ${destroys.join('; ')}` : ''})${
        keeps.length > 0 ? `; it keeps ${keeps.join(', ')}` : ''
      }`,
    });
    return steps;
  },

  async run(step, r, ctx) {
    const cs = ctx.clients.cs(ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await cs.modifyCluster(r.id, new ModifyClusterRequest({ deletionProtection: false }));
        return;
      case 'delete':
        // No retain option: the cluster deletes what its resources' delete_behavior says (see the header).
        await cs.deleteCluster(r.id, new DeleteClusterRequest({}));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeCluster(r.id, ctx),

  // cluster_id takes one id (API docs: DescribeClustersV1): many clusters are re-read from one
  // page of the region's clusters (page_size at most 100, with page_info.total_count), each
  // present one with its parts read again (they are what the plan compares).
  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      async (asked) => {
        const res = await ctx.clients
          .cs(ctx.region)
          .describeClustersV1(new DescribeClustersV1Request({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE }));
        const page = res.body?.clusters ?? [];
        const present = page.filter((c) => c.clusterId && asked.has(c.clusterId) && !isGone(c));
        const found: Resource[] = [];
        for (const c of present) {
          const id = c.clusterId ?? '';
          try {
            found.push(toResource(c, ctx.region, await clusterParts(id, ctx)));
          } catch (err) {
            // Deleted between the listing and its parts, as describeCluster reads it.
            if (!(err instanceof CloudApiError && err.code === 'ErrorClusterNotFound')) throw err;
          }
        }
        return { found, complete: isWholeListing(page.length, PAGE_SIZE, res.body?.pageInfo?.totalCount) };
      },
      (r) => describeCluster(r.id, ctx),
    ),
};
