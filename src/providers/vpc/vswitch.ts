import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeVSwitchesResponseBodyVSwitchesVSwitch } from '@alicloud/vpc20160428';
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../batch-read.js';
import { dependenciesOn, isoTime, tagsOf } from '../references.js';
import { clusterDependencies } from '../cs/cluster.js';
import { pageNumberPages } from '../pagination.js';

const { DeleteVSwitchRequest, DescribeVSwitchesRequest } = vpcSdk;

const TYPE = 'vpc.vswitch';
/** DescribeVSwitches PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;

function toResource(v: DescribeVSwitchesResponseBodyVSwitchesVSwitch, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: v.vSwitchId ?? '',
    name: v.vSwitchName || undefined,
    createdAt: isoTime(v.creationTime),
    tags: tagsOf(v.tags?.tag),
    properties: {
      status: v.status ?? null,
      vpcId: v.vpcId ?? null,
      zoneId: v.zoneId ?? null,
      cidrBlock: v.cidrBlock ?? null,
      isDefault: v.isDefault ?? false,
    },
  };
}

async function describeVSwitch(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients.vpc(ctx.region).describeVSwitches(new DescribeVSwitchesRequest({ regionId: ctx.region, vSwitchId: id }));
  const v = res.body?.vSwitches?.vSwitch?.find((x) => x.vSwitchId === id);
  return v ? toResource(v, ctx.region) : undefined;
}

/**
 * VSwitchId takes one id (metadata: vpc/DescribeVSwitches, "The ID of the vSwitch"): many are
 * re-read from one page of the region's vswitches, PageSize at most 50, with TotalCount.
 */
async function firstPage(ctx: ScanContext): Promise<ListingPage> {
  const res = await ctx.clients
    .vpc(ctx.region)
    .describeVSwitches(new DescribeVSwitchesRequest({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE }));
  const page = res.body?.vSwitches?.vSwitch ?? [];
  return {
    found: page.filter((v) => v.vSwitchId).map((v) => toResource(v, ctx.region)),
    complete: isWholeListing(page.length, PAGE_SIZE, res.body?.totalCount),
  };
}

export const vpcVSwitch: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  resourceCenterTypes: ['ACS::VPC::VSwitch'],
  tags: { source: "DescribeVSwitches (each vswitch's Tags)" },
  description: 'VPC vswitches (after everything placed in them)',
  stepSummary: ['delete'],
  dependsOn: [
    'ecs.instance',
    'ecs.network-interface',
    'vpc.nat-gateway',
    'slb.load-balancer',
    'rds.instance',
    'ess.scaling-group',
    'vpc.havip',
    'vpc.route-table',
    'vpc.vpn-gateway',
    'alb.load-balancer',
    'nlb.load-balancer',
    'fc.function',
    'kvstore.instance',
    'polardb.cluster',
    'mongodb.instance',
    'nas.mount-target',
    'cs.cluster',
  ],
  hints: {
    'DependencyViolation.HaVip': 'a HaVip remains in the vswitch; it is retried while it goes',
    'DependencyViolation.RouteTable': 'the vswitch is still associated with a custom route table; it is retried while it is unassociated',
    DependencyViolation:
      'resources remain in the vswitch; it is retried while they go — if it persists, a product this tool does not cover (Elasticsearch, Kafka...) still uses it',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .vpc(ctx.region)
        .describeVSwitches(new DescribeVSwitchesRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.vSwitches?.vSwitch ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const v of page) if (v.vSwitchId) yield toResource(v, ctx.region);
  },

  // DeleteVSwitch refuses with DependencyViolation (400) while resources remain (API docs: DeleteVSwitch).
  dependencies: (r, inventory) => [
    ...dependenciesOn(inventory, 'ecs.instance', 'vSwitchId', r.id, 'instance in this vswitch'),
    ...dependenciesOn(inventory, 'ecs.network-interface', 'vSwitchId', r.id, 'network interface in this vswitch'),
    ...dependenciesOn(inventory, 'vpc.nat-gateway', 'vSwitchId', r.id, 'NAT gateway in this vswitch'),
    ...dependenciesOn(inventory, 'slb.load-balancer', 'vSwitchId', r.id, 'load balancer in this vswitch'),
    ...dependenciesOn(inventory, 'rds.instance', 'vSwitchIds', r.id, 'database instance in this vswitch'),
    // Until it is gone, a scaling group launches instances into its vswitches.
    ...dependenciesOn(inventory, 'ess.scaling-group', 'vSwitchIds', r.id, 'scaling group that launches instances into this vswitch'),
    // DependencyViolation.HaVip and DependencyViolation.RouteTable (400) (API docs: DeleteVSwitch).
    ...dependenciesOn(inventory, 'vpc.havip', 'vSwitchId', r.id, 'HaVip in this vswitch'),
    ...dependenciesOn(inventory, 'vpc.route-table', 'vSwitchIds', r.id, 'custom route table associated with this vswitch'),
    ...dependenciesOn(inventory, 'vpc.vpn-gateway', 'vSwitchId', r.id, 'VPN gateway in this vswitch'),
    ...dependenciesOn(inventory, 'alb.load-balancer', 'vSwitchIds', r.id, 'application load balancer in this vswitch'),
    ...dependenciesOn(inventory, 'nlb.load-balancer', 'vSwitchIds', r.id, 'network load balancer in this vswitch'),
    // A function with a VPC configuration holds network interfaces in its vswitches.
    ...dependenciesOn(inventory, 'fc.function', 'vSwitchIds', r.id, 'function with network interfaces in this vswitch'),
    ...dependenciesOn(inventory, 'kvstore.instance', 'vSwitchId', r.id, 'Tair / Redis instance in this vswitch'),
    ...dependenciesOn(inventory, 'polardb.cluster', 'vSwitchIds', r.id, 'PolarDB cluster in this vswitch'),
    ...dependenciesOn(inventory, 'mongodb.instance', 'vSwitchId', r.id, 'MongoDB instance in this vswitch'),
    ...dependenciesOn(inventory, 'nas.mount-target', 'vSwitchId', r.id, 'NAS mount target in this vswitch'),
    // A cluster's control plane and pod network interfaces sit in its vswitches.
    ...clusterDependencies(r, inventory),
  ],

  steps: () => [{ action: 'delete', description: 'delete the vswitch' }],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.vpc(ctx.region).deleteVSwitch(new DeleteVSwitchRequest({ regionId: ctx.region, vSwitchId: r.id }));
  },

  read: (r, ctx) => describeVSwitch(r.id, ctx),

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      () => firstPage(ctx),
      (r) => describeVSwitch(r.id, ctx),
    ),
};
