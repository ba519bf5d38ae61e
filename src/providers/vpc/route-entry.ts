import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry } from '@alicloud/vpc20160428';
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { nextTokenPages, pageNumberPages } from '../pagination.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { stringProperty } from '../references.js';

const { DeleteRouteEntryRequest, DescribeRouteEntryListRequest, DescribeRouteTableListRequest } = vpcSdk;

const TYPE = 'vpc.route-entry';
/** DescribeRouteTableList PageSize: at most 50 (API docs). */
const TABLE_PAGE = 50;
/** DescribeRouteEntryList MaxResult: 1 to 100 (API docs). */
const ENTRY_PAGE = 100;

function toResource(e: DescribeRouteEntryListResponseBodyRouteEntrysRouteEntry, region: string, vpcId: string | undefined): Resource {
  const hops = e.nextHops?.nextHop ?? [];
  return {
    type: TYPE,
    region,
    id: e.routeEntryId ?? '',
    name: e.routeEntryName || undefined,
    properties: {
      routeTableId: e.routeTableId ?? null,
      vpcId: vpcId ?? null,
      destinationCidrBlock: e.destinationCidrBlock ?? null,
      status: e.status ?? null,
      nextHopTypes: hops.map((h) => h.nextHopType ?? '').filter((t) => t !== ''),
      nextHopIds: hops.map((h) => h.nextHopId ?? '').filter((id) => id !== ''),
    },
  };
}

/** Custom entries of one route table, every page. */
async function* customEntries(ctx: ScanContext, routeTableId: string, routeEntryId?: string) {
  yield* nextTokenPages(async (nextToken) => {
    const res = await ctx.clients.vpc(ctx.region).describeRouteEntryList(
      new DescribeRouteEntryListRequest({
        regionId: ctx.region,
        routeTableId,
        routeEntryId,
        routeEntryType: 'Custom',
        maxResult: ENTRY_PAGE,
        nextToken,
      }),
    );
    return { page: res.body?.routeEntrys?.routeEntry ?? [], nextToken: res.body?.nextToken };
  });
}

export const vpcRouteEntry: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  tags: { none: true, keepInstead: 'keep route entries by id, or keep their route table' },
  description: 'custom route entries of VPC route tables (system, BGP and CEN routes go with what created them)',
  stepSummary: ['delete'],
  dependsOn: [],
  hints: {
    IncorrectRouteEntryStatus: 'the route entry (or another one in its table) is changing state; it is retried',
    TaskConflict: 'another route change is in progress in this VPC; it is retried',
  },

  async *list(ctx) {
    // Every route table of the region (system ones too: custom entries are added to them),
    // then the custom entries of each (DescribeRouteEntryList requires RouteTableId; API docs).
    const tables = pageNumberPages(TABLE_PAGE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .vpc(ctx.region)
        .describeRouteTableList(new DescribeRouteTableListRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.routerTableList?.routerTableListType ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    // The tables' entries are listed several tables at once (the scan's call caps hold): one
    // table after another made this listing the tail of a whole scan (docs/benchmarks.md).
    const withId = async function* () {
      for await (const t of eachItem(tables)) if (t.routeTableId) yield t;
    };
    for await (const entries of mapConcurrently(withId(), detailConcurrency(ctx), async (t) => {
      const out: Resource[] = [];
      for await (const page of customEntries(ctx, t.routeTableId ?? ''))
        for (const e of page) if (e.routeEntryId && e.type === 'Custom') out.push(toResource(e, ctx.region, t.vpcId));
      return out;
    }))
      yield* entries;
  },

  dependencies: () => [],

  steps: (r) => [
    {
      action: 'delete',
      description: `delete the route to ${stringProperty(r, 'destinationCidrBlock') ?? '?'} in route table ${stringProperty(r, 'routeTableId') ?? '?'}`,
    },
  ],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    // Deleting an entry that is gone answers InvalidRouteEntry.NotFound (terraform-provider-alicloud
    // alicloud/resource_alicloud_route_entry.go treats it as deleted). DeleteRouteEntry is
    // asynchronous: the entry reads Deleting until it disappears (API docs: DeleteRouteEntry).
    await ctx.clients
      .vpc(ctx.region)
      .deleteRouteEntry(
        new DeleteRouteEntryRequest({ regionId: ctx.region, routeEntryId: r.id, routeTableId: stringProperty(r, 'routeTableId') }),
      );
  },

  async read(r, ctx) {
    const table = stringProperty(r, 'routeTableId');
    if (!table) return undefined;
    for await (const entries of customEntries(ctx, table, r.id))
      for (const e of entries) if (e.routeEntryId === r.id) return toResource(e, ctx.region, stringProperty(r, 'vpcId'));
    return undefined;
  },
};

/** Route entries whose next hop is `id` (an instance, ENI, HaVip, VPN gateway...), as dependencies. */
export function routesThrough(inventory: { byType(type: string): readonly Resource[] }, region: string, id: string) {
  return inventory
    .byType(TYPE)
    .filter(
      (e) => e.region === region && Array.isArray(e.properties.nextHopIds) && (e.properties.nextHopIds as readonly string[]).includes(id),
    )
    .map((e) => ({ address: `${TYPE}/${e.region}/${e.id}`, reason: 'route entry whose next hop is this resource' }));
}
