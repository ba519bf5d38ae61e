import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeRouteTableListResponseBodyRouterTableListRouterTableListType } from '@alicloud/vpc20160428';
import { addressOf, type Resource, type ResourceType, type ScanContext, type Step } from '../contract.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../batch-read.js';
import { pageNumberPages } from '../pagination.js';
import { dependenciesOn, isoTime, listProperty, tagsOf } from '../references.js';

const { DeleteRouteTableRequest, DescribeRouteTableListRequest, UnassociateRouteTableRequest } = vpcSdk;

const TYPE = 'vpc.route-table';
/** DescribeRouteTableList PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;

function toResource(t: DescribeRouteTableListResponseBodyRouterTableListRouterTableListType, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: t.routeTableId ?? '',
    name: t.routeTableName || undefined,
    createdAt: isoTime(t.creationTime),
    tags: tagsOf(t.tags?.tag),
    properties: {
      status: t.status ?? null,
      vpcId: t.vpcId ?? null,
      associateType: t.associateType ?? null,
      vSwitchIds: t.vSwitchIds?.vSwitchId ?? [],
      gatewayIds: t.gatewayIds?.gatewayIds ?? [],
    },
  };
}

async function describeTable(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients
    .vpc(ctx.region)
    .describeRouteTableList(new DescribeRouteTableListRequest({ regionId: ctx.region, routeTableId: id }));
  const t = res.body?.routerTableList?.routerTableListType?.find((x) => x.routeTableId === id);
  return t ? toResource(t, ctx.region) : undefined;
}

/**
 * RouteTableId takes one id (metadata: vpc/DescribeRouteTableList): many custom tables are
 * re-read from one page of the region's custom tables, PageSize at most 50, with TotalCount.
 */
async function firstPage(ctx: ScanContext): Promise<ListingPage> {
  const res = await ctx.clients
    .vpc(ctx.region)
    .describeRouteTableList(
      new DescribeRouteTableListRequest({ regionId: ctx.region, routeTableType: 'Custom', pageNumber: 1, pageSize: PAGE_SIZE }),
    );
  const page = res.body?.routerTableList?.routerTableListType ?? [];
  return {
    found: page.filter((t) => t.routeTableId).map((t) => toResource(t, ctx.region)),
    complete: isWholeListing(page.length, PAGE_SIZE, res.body?.totalCount),
  };
}

export const vpcRouteTable: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  tags: { source: "DescribeRouteTableList (each route table's Tags)" },
  // UNCONFIRMED Resource Center type name (not in the resource-group transfer list of types).
  resourceCenterTypes: ['ACS::VPC::RouteTable'],
  description: 'custom VPC route tables (vswitches unassociated first; system route tables go with their VPC)',
  stepSummary: ['unassociate-vswitches', 'delete'],
  dependsOn: ['vpc.route-entry'],
  // Unassociating puts the vswitch back on the VPC's system route table: a change to the vswitch.
  touchesTypes: ['vpc.vswitch'],
  hints: {
    'IncorrectRouteTableStatus.RouteEntryExist': 'custom route entries remain in the route table; it is retried while they go',
    'DependencyViolation.RouteEntry': 'custom route entries remain in the route table; it is retried while they go',
    'OperationDenied.GatewayAssociated':
      'the route table is associated with a gateway (IPv4 gateway or VPN): dissociate it in the VPC console (Route Tables), then run again',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .vpc(ctx.region)
        .describeRouteTableList(
          new DescribeRouteTableListRequest({ regionId: ctx.region, routeTableType: 'Custom', pageNumber, pageSize }),
        );
      const page = res.body?.routerTableList?.routerTableListType ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    // Only custom tables can be deleted: DeleteRouteTable refuses others with IncorrectRouteTableType (400).
    for await (const page of pages)
      for (const t of page) if (t.routeTableId && t.routeTableType === 'Custom') yield toResource(t, ctx.region);
  },

  // DeleteRouteTable refuses while custom entries remain: IncorrectRouteTableStatus.RouteEntryExist
  // (400) / DependencyViolation.RouteEntry (API docs: DeleteRouteTable).
  dependencies: (r, inventory) => [
    ...dependenciesOn(inventory, 'vpc.route-entry', 'routeTableId', r.id, 'custom route entry in this table'),
    ...listProperty(r, 'vSwitchIds')
      .map((id) => inventory.get(addressOf('vpc.vswitch', r.region, id)))
      .filter((v): v is Resource => v !== undefined)
      .map((v) => ({
        address: addressOf(v.type, v.region, v.id),
        reason: 'vswitch associated with this table (unassociated first)',
        touches: true,
      })),
  ],

  steps(r) {
    const gateways = listProperty(r, 'gatewayIds');
    if (r.properties.associateType === 'Gateway' && gateways.length > 0)
      return [
        {
          action: 'delete',
          description: `custom route table associated with gateway ${gateways.join(', ')}`,
          blocked: `associated with gateway ${gateways.join(', ')}: dissociate it in the VPC console (Route Tables), then run again`,
        },
      ];
    const steps: Step[] = [];
    const vswitches = listProperty(r, 'vSwitchIds');
    if (vswitches.length > 0)
      steps.push({
        action: 'unassociate-vswitches',
        description: `unassociate ${vswitches.join(', ')} (they fall back to the VPC's system route table)`,
      });
    steps.push({ action: 'delete', description: 'delete the custom route table' });
    return steps;
  },

  async run(step, r, ctx) {
    const vpc = ctx.clients.vpc(ctx.region);
    switch (step.action) {
      case 'unassociate-vswitches': {
        // `r` was re-read just before the steps: its vswitches are the ones associated now.
        for (const vSwitchId of listProperty(r, 'vSwitchIds'))
          await vpc.unassociateRouteTable(new UnassociateRouteTableRequest({ regionId: ctx.region, routeTableId: r.id, vSwitchId }));
        // UnassociateRouteTable is asynchronous: the vswitch leaves VSwitchIds when done (API docs).
        await ctx.waitUntil(`route table ${r.id} to have no vswitches`, async () => {
          const t = await describeTable(r.id, ctx);
          return t === undefined || listProperty(t, 'vSwitchIds').length === 0;
        });
        return;
      }
      case 'delete':
        // Asynchronous: the table reads Deleting until it disappears (API docs: DeleteRouteTable).
        await vpc.deleteRouteTable(new DeleteRouteTableRequest({ regionId: ctx.region, routeTableId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeTable(r.id, ctx),

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      () => firstPage(ctx),
      (r) => describeTable(r.id, ctx),
    ),
};
