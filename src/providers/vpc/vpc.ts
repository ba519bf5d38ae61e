import { DeleteVpcRequest, DescribeVpcsRequest, type DescribeVpcsResponseBodyVpcsVpc } from '@alicloud/vpc20160428';
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { dependenciesOn, isoTime, tagsOf } from '../references.js';
import { pageNumberPages } from '../pagination.js';

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

async function describeVpc(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients.vpc(ctx.region).describeVpcs(new DescribeVpcsRequest({ regionId: ctx.region, vpcId: id }));
  const v = res.body?.vpcs?.vpc?.find((x) => x.vpcId === id);
  return v ? toResource(v, ctx.region) : undefined;
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
};
