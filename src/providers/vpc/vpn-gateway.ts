import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeVpnGatewaysResponseBodyVpnGatewaysVpnGateway } from '@alicloud/vpc20160428';
import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../batch-read.js';
import { pageNumberPages } from '../pagination.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { listProperty, tagsOf } from '../references.js';
import { routesThrough } from './route-entry.js';

const { DeleteVpnConnectionRequest, DeleteVpnGatewayRequest, DescribeVpnConnectionsRequest, DescribeVpnGatewaysRequest } = vpcSdk;

const TYPE = 'vpc.vpn-gateway';
/** DescribeVpnGateways and DescribeVpnConnections PageSize: 1 to 50 (API docs). */
const PAGE_SIZE = 50;

/** VPN gateway times are epoch milliseconds. */
const msTime = (ms: number | undefined): string | undefined => (ms ? new Date(ms).toISOString() : undefined);

function toResource(g: DescribeVpnGatewaysResponseBodyVpnGatewaysVpnGateway, region: string, connectionIds: readonly string[]): Resource {
  return {
    type: TYPE,
    region,
    id: g.vpnGatewayId ?? '',
    name: g.name || undefined,
    createdAt: msTime(g.createTime),
    tags: tagsOf(g.tags?.tag),
    properties: {
      status: g.status ?? null,
      businessStatus: g.businessStatus ?? null,
      chargeType: g.chargeType ?? null,
      expiredTime: g.chargeType === 'PrePay' ? (msTime(g.endTime) ?? null) : null,
      vpcId: g.vpcId ?? null,
      vSwitchId: g.vSwitchId || null,
      vpnConnectionIds: [...connectionIds],
    },
  };
}

/** The IPsec-VPN connections of one gateway: "You cannot delete a VPN gateway that is associated with an IPsec-VPN connection" (API docs: DeleteVpnGateway). */
async function connectionsOf(ctx: ScanContext, vpnGatewayId: string): Promise<string[]> {
  const ids: string[] = [];
  const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
    const res = await ctx.clients
      .vpc(ctx.region)
      .describeVpnConnections(new DescribeVpnConnectionsRequest({ regionId: ctx.region, vpnGatewayId, pageNumber, pageSize }));
    const page = res.body?.vpnConnections?.vpnConnection ?? [];
    return { page, count: page.length, totalCount: res.body?.totalCount };
  });
  for await (const page of pages) for (const c of page) if (c.vpnConnectionId) ids.push(c.vpnConnectionId);
  return ids.sort();
}

async function describeGateway(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients
    .vpc(ctx.region)
    .describeVpnGateways(new DescribeVpnGatewaysRequest({ regionId: ctx.region, vpnGatewayId: id }));
  const g = res.body?.vpnGateways?.vpnGateway?.find((x) => x.vpnGatewayId === id);
  return g ? toResource(g, ctx.region, await connectionsOf(ctx, id)) : undefined;
}

/**
 * VpnGatewayId and VpnConnectionId take one id each (metadata: vpc/DescribeVpnGateways,
 * vpc/DescribeVpnConnections): many gateways are re-read from one page of the region's
 * gateways and one of its connections (PageSize 1 to 50, with TotalCount; each connection names
 * its VpnGatewayId). A gateway's connections come from its own listing when the region's
 * connections do not fit in that page.
 */
async function firstPage(ctx: ScanContext, asked: ReadonlySet<string>): Promise<ListingPage> {
  const vpc = ctx.clients.vpc(ctx.region);
  const res = await vpc.describeVpnGateways(new DescribeVpnGatewaysRequest({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE }));
  const page = (res.body?.vpnGateways?.vpnGateway ?? []).filter((g) => g.vpnGatewayId && asked.has(g.vpnGatewayId));
  const complete = isWholeListing(res.body?.vpnGateways?.vpnGateway?.length ?? 0, PAGE_SIZE, res.body?.totalCount);
  if (page.length === 0) return { found: [], complete };
  const conns = await vpc.describeVpnConnections(
    new DescribeVpnConnectionsRequest({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE }),
  );
  const connList = conns.body?.vpnConnections?.vpnConnection ?? [];
  const allConnections = isWholeListing(connList.length, PAGE_SIZE, conns.body?.totalCount);
  const byGateway = new Map<string, string[]>();
  for (const c of connList)
    if (c.vpnConnectionId && c.vpnGatewayId) byGateway.set(c.vpnGatewayId, [...(byGateway.get(c.vpnGatewayId) ?? []), c.vpnConnectionId]);
  const found: Resource[] = [];
  for (const g of page) {
    const id = g.vpnGatewayId ?? '';
    const connections = allConnections ? [...(byGateway.get(id) ?? [])].sort() : await connectionsOf(ctx, id);
    found.push(toResource(g, ctx.region, connections));
  }
  return { found, complete };
}

export const vpcVpnGateway: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  tags: { source: "DescribeVpnGateways (each gateway's Tags)" },
  resourceCenterTypes: ['ACS::VPN::VpnGateway'],
  // UNCONFIRMED BSS product code of VPN gateways.
  billingProductCodes: ['vpn'],
  description: 'VPN gateways, with their IPsec-VPN connections (after routes that point at them)',
  stepSummary: ['delete-connections', 'delete'],
  dependsOn: ['vpc.route-entry'],
  hints: {
    ForbiddenRelease:
      'the VPN gateway is a subscription still within its term: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire',
    'VpnGateway.Configuring': 'the VPN gateway is being configured; it is retried',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .vpc(ctx.region)
        .describeVpnGateways(new DescribeVpnGatewaysRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.vpnGateways?.vpnGateway ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    const withId = async function* () {
      for await (const g of eachItem(pages)) if (g.vpnGatewayId) yield g;
    };
    // Several gateways' connections at once (the scan's call caps hold): one after another made
    // this listing the last task of a scan to finish (docs/benchmarks.md).
    yield* mapConcurrently(withId(), detailConcurrency(ctx), async (g) =>
      toResource(g, ctx.region, await connectionsOf(ctx, g.vpnGatewayId ?? '')),
    );
  },

  dependencies: (r, inventory) => routesThrough(inventory, r.region, r.id),

  steps(r) {
    if (r.properties.chargeType === 'PrePay') {
      const expires = typeof r.properties.expiredTime === 'string' ? ` (expires ${r.properties.expiredTime})` : '';
      // DeleteVpnGateway refuses a subscription within its term: ForbiddenRelease (403) (API docs).
      return [
        {
          action: 'delete',
          description: `subscription VPN gateway${expires}`,
          blocked: `subscription VPN gateway${expires}: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire`,
        },
      ];
    }
    const steps: Step[] = [];
    const connections = listProperty(r, 'vpnConnectionIds');
    if (connections.length > 0)
      steps.push({ action: 'delete-connections', description: `delete its IPsec-VPN connections ${connections.join(', ')}` });
    steps.push({ action: 'delete', description: 'delete the VPN gateway' });
    return steps;
  },

  async run(step, r, ctx) {
    const vpc = ctx.clients.vpc(ctx.region);
    switch (step.action) {
      case 'delete-connections':
        // `r` was re-read just before the steps: its connections are the ones there are now.
        for (const vpnConnectionId of listProperty(r, 'vpnConnectionIds'))
          await vpc.deleteVpnConnection(new DeleteVpnConnectionRequest({ regionId: ctx.region, vpnConnectionId }));
        await ctx.waitUntil(
          `VPN gateway ${r.id} to have no IPsec-VPN connections`,
          async () => (await connectionsOf(ctx, r.id)).length === 0,
        );
        return;
      case 'delete':
        // Unknown ids answer InvalidVpnGatewayInstanceId.NotFound (404) (API docs: DeleteVpnGateway).
        await vpc.deleteVpnGateway(new DeleteVpnGatewayRequest({ regionId: ctx.region, vpnGatewayId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeGateway(r.id, ctx),

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      (asked) => firstPage(ctx, asked),
      (r) => describeGateway(r.id, ctx),
    ),
};
