import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeVpcsResponseBodyVpcsVpc } from '@alicloud/vpc20160428';
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { dependenciesOn, isoTime, tagsOf } from '../references.js';
import { pageNumberPages } from '../pagination.js';
import { byAddress, describeInChunks } from '../batch-read.js';

const { DeleteVpcRequest, DescribeVpcsRequest } = vpcSdk;

const TYPE = 'vpc.vpc';
/** DescribeVpcs PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;

function toResource(v: DescribeVpcsResponseBodyVpcsVpc, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: v.vpcId ?? '',
    name: v.vpcName || undefined,
    createdAt: isoTime(v.creationTime),
    tags: tagsOf(v.tags?.tag),
    properties: {
      status: v.status ?? null,
      cidrBlock: v.cidrBlock ?? null,
      isDefault: v.isDefault ?? false,
      vSwitchIds: v.vSwitchIds?.vSwitchId ?? [],
    },
  };
}

/**
 * VpcId takes up to 20 ids separated by commas; PageSize at most 50, default 10 (metadata:
 * vpc/DescribeVpcs), so a page of 20 holds every VPC of a chunk.
 */
const IDS_PER_CALL = 20;

async function describeVpcs(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  return describeInChunks(ids, IDS_PER_CALL, async (chunk) => {
    const res = await ctx.clients
      .vpc(ctx.region)
      .describeVpcs(new DescribeVpcsRequest({ regionId: ctx.region, vpcId: chunk.join(','), pageSize: IDS_PER_CALL }));
    return (res.body?.vpcs?.vpc ?? []).filter((v) => v.vpcId).map((v) => toResource(v, ctx.region));
  });
}

async function describeVpc(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  return (await describeVpcs([id], ctx)).get(id);
}

export const vpcVpc: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  resourceCenterTypes: ['ACS::VPC::VPC'],
  tags: { source: "DescribeVpcs (each VPC's Tags)" },
  description: 'VPCs (after their vswitches, security groups and NAT gateways)',
  stepSummary: ['delete'],
  dependsOn: [
    'vpc.vswitch',
    'ecs.security-group',
    'vpc.nat-gateway',
    'vpc.route-table',
    'vpc.route-entry',
    'vpc.havip',
    'vpc.vpn-gateway',
    'cen.attachment',
  ],
  hints: {
    'DependencyViolation.VSwitch': 'vswitches remain in the VPC; it is retried while they go',
    'DependencyViolation.SecurityGroup': 'security groups remain in the VPC; it is retried while they go',
    'DependencyViolation.RouteEntry': 'custom route entries remain in the VPC route table; it is retried while they go',
    'DependencyViolation.Instance':
      'resources remain in the VPC; it is retried while they go — if it persists, a product this tool does not cover (PrivateLink, VPC peering...) still uses it',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients.vpc(ctx.region).describeVpcs(new DescribeVpcsRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.vpcs?.vpc ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const v of page) if (v.vpcId) yield toResource(v, ctx.region);
  },

  // DeleteVpc refuses with DependencyViolation.VSwitch/.SecurityGroup/.NatGateway (400) (API docs: DeleteVpc).
  dependencies: (r, inventory) => [
    ...dependenciesOn(inventory, 'vpc.vswitch', 'vpcId', r.id, 'vswitch in this VPC'),
    ...dependenciesOn(inventory, 'ecs.security-group', 'vpcId', r.id, 'security group in this VPC'),
    ...dependenciesOn(inventory, 'vpc.nat-gateway', 'vpcId', r.id, 'NAT gateway in this VPC'),
    // Custom route entries of the system table: DependencyViolation.RouteEntry (400); custom route
    // tables, HaVips and VPN gateways: DependencyViolation.Instance (400) (API docs: DeleteVpc).
    ...dependenciesOn(inventory, 'vpc.route-entry', 'vpcId', r.id, 'custom route entry in this VPC'),
    ...dependenciesOn(inventory, 'vpc.route-table', 'vpcId', r.id, 'custom route table in this VPC'),
    ...dependenciesOn(inventory, 'vpc.havip', 'vpcId', r.id, 'HaVip in this VPC'),
    ...dependenciesOn(inventory, 'vpc.vpn-gateway', 'vpcId', r.id, 'VPN gateway attached to this VPC'),
    // Attached to a CEN instance: detached first (cen.attachment).
    ...dependenciesOn(inventory, 'cen.attachment', 'childInstanceId', r.id, 'CEN attachment of this VPC'),
  ],

  steps: () => [{ action: 'delete', description: 'delete the VPC' }],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.vpc(ctx.region).deleteVpc(new DeleteVpcRequest({ regionId: ctx.region, vpcId: r.id }));
  },

  read: (r, ctx) => describeVpc(r.id, ctx),

  async readMany(rs, ctx) {
    return byAddress(
      TYPE,
      rs,
      await describeVpcs(
        rs.map((r) => r.id),
        ctx,
      ),
    );
  },
};
