import { clusterDependencies } from '../cs/cluster.js';
import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeNatGatewaysResponseBodyNatGatewaysNatGateway } from '@alicloud/vpc20160428';
import type { Resource, ResourceType, Step } from '../contract.js';
import { isoTime, tagsOf } from '../references.js';
import { pageNumberPages } from '../pagination.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const { DeleteNatGatewayRequest, DeletionProtectionRequest, DescribeNatGatewaysRequest } = vpcSdk;

const TYPE = 'vpc.nat-gateway';
/** DescribeNatGateways PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;

function toResource(n: DescribeNatGatewaysResponseBodyNatGatewaysNatGateway, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: n.natGatewayId ?? '',
    name: n.name || undefined,
    createdAt: isoTime(n.creationTime),
    tags: tagsOf(n.tags?.tag),
    properties: {
      status: n.status ?? null,
      natType: n.natType ?? null,
      networkType: n.networkType ?? null,
      vpcId: n.vpcId ?? null,
      vSwitchId: n.natGatewayPrivateInfo?.vswitchId ?? null,
      chargeType: n.instanceChargeType ?? null,
      expiredTime: n.instanceChargeType === 'PrePaid' ? (n.expiredTime ?? null) : null,
      deletionProtection: n.deletionProtection ?? false,
      eipAllocationIds: (n.ipLists?.ipList ?? []).map((ip) => ip.allocationId ?? '').filter((id) => id !== ''),
    },
  };
}

export const vpcNatGateway: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  resourceCenterTypes: ['ACS::VPC::NatGateway'],
  billingProductCodes: ['nat_gw', 'nat', 'vpc'],
  tags: { source: "DescribeNatGateways (each gateway's Tags)" },
  description: 'NAT gateways (deleted with Force: SNAT/DNAT entries go and bound EIPs are freed)',
  stepSummary: ['disable-deletion-protection', 'delete'],
  dependsOn: ['cs.cluster'],
  // An ACK cluster deletes the load balancers and NAT gateways it created (see cs/cluster.ts).
  ownedBy: ['cs.cluster'],
  hints: {
    'Forbidden.PrePaidNatGateway':
      'the NAT gateway is a subscription: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire',
    'InvalidOperation.DeletionProtection': 'deletion protection is on: turn it off in the NAT gateway console',
    'DependencyViolation.BandwidthPackages': 'bandwidth packages are still attached to the NAT gateway; it is retried',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .vpc(ctx.region)
        .describeNatGateways(new DescribeNatGatewaysRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.natGateways?.natGateway ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const n of page) if (n.natGatewayId) yield toResource(n, ctx.region);
  },

  dependencies: (r, inventory) => clusterDependencies(r, inventory),

  steps(r, ctx) {
    if (r.properties.chargeType === 'PrePaid') {
      const expires = typeof r.properties.expiredTime === 'string' ? ` (expires ${r.properties.expiredTime})` : '';
      // No API converts a subscription NAT gateway; DeleteNatGateway refuses it with
      // Forbidden.PrePaidNatGateway (400) (API docs: DeleteNatGateway).
      return [
        {
          action: 'delete',
          description: `subscription NAT gateway${expires}`,
          blocked: `subscription NAT gateway${expires}: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire`,
        },
      ];
    }
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    steps.push({ action: 'delete', description: 'delete the NAT gateway (Force: its SNAT/DNAT entries go and its EIPs are freed)' });
    return steps;
  },

  async run(step, r, ctx) {
    const vpc = ctx.clients.vpc(ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await vpc.deletionProtection(
          new DeletionProtectionRequest({ regionId: ctx.region, instanceId: r.id, type: 'NATGW', protectionEnable: false }),
        );
        return;
      case 'delete':
        await vpc.deleteNatGateway(new DeleteNatGatewayRequest({ regionId: ctx.region, natGatewayId: r.id, force: true }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    const res = await ctx.clients
      .vpc(ctx.region)
      .describeNatGateways(new DescribeNatGatewaysRequest({ regionId: ctx.region, natGatewayId: r.id }));
    const n = res.body?.natGateways?.natGateway?.find((x) => x.natGatewayId === r.id);
    return n ? toResource(n, ctx.region) : undefined;
  },
};
