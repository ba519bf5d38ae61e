import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeHaVipsResponseBodyHaVipsHaVip } from '@alicloud/vpc20160428';
import { addressOf, type Dependency, type Resource, type ResourceType, type ScanContext, type Step } from '../contract.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../batch-read.js';
import { pageNumberPages } from '../pagination.js';
import { dependenciesOn, isoTime, listProperty, stringProperty, tagsOf } from '../references.js';
import { routesThrough } from './route-entry.js';

const { DeleteHaVipRequest, DescribeHaVipsRequest, DescribeHaVipsRequestFilter, UnassociateHaVipRequest } = vpcSdk;

const TYPE = 'vpc.havip';
/** DescribeHaVips PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;

function toResource(h: DescribeHaVipsResponseBodyHaVipsHaVip, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: h.haVipId ?? '',
    name: h.name || undefined,
    createdAt: isoTime(h.createTime),
    tags: tagsOf(h.tags?.tag),
    properties: {
      status: h.status ?? null,
      vpcId: h.vpcId ?? null,
      vSwitchId: h.vSwitchId ?? null,
      ipAddress: h.ipAddress ?? null,
      associatedInstanceType: h.associatedInstanceType ?? null,
      associatedInstances: h.associatedInstances?.associatedInstance ?? [],
      associatedEips: h.associatedEipAddresses?.associatedEipAddresse ?? [],
    },
  };
}

async function describeHaVip(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients
    .vpc(ctx.region)
    .describeHaVips(
      new DescribeHaVipsRequest({ regionId: ctx.region, filter: [new DescribeHaVipsRequestFilter({ key: 'HaVipId', value: [id] })] }),
    );
  const h = res.body?.haVips?.haVip?.find((x) => x.haVipId === id);
  return h ? toResource(h, ctx.region) : undefined;
}

/** Many HaVips are re-read from one page of the region's HaVips (PageSize at most 50, with TotalCount; metadata: vpc/DescribeHaVips). */
async function firstPage(ctx: ScanContext): Promise<ListingPage> {
  const res = await ctx.clients
    .vpc(ctx.region)
    .describeHaVips(new DescribeHaVipsRequest({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE }));
  const page = res.body?.haVips?.haVip ?? [];
  return {
    found: page.filter((h) => h.haVipId).map((h) => toResource(h, ctx.region)),
    complete: isWholeListing(page.length, PAGE_SIZE, res.body?.totalCount),
  };
}

/** The teardown type of what a HaVip is associated with (AssociatedInstanceType). */
const HOLDER_TYPES: Readonly<Record<string, string>> = { EcsInstance: 'ecs.instance', NetworkInterface: 'ecs.network-interface' };

export const vpcHaVip: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  tags: { source: "DescribeHaVips (each HaVip's Tags)" },
  resourceCenterTypes: ['ACS::VPC::HaVip'],
  description: 'high-availability virtual IPs (HaVips), after their EIPs and routes; unassociated from their instances first',
  stepSummary: ['unassociate', 'delete'],
  dependsOn: ['vpc.eip', 'vpc.route-entry'],
  touchesTypes: ['ecs.instance', 'ecs.network-interface'],
  hints: {
    IncorrectStatus: 'the HaVip is changing state or still associated; it is retried',
    IncorrectHaVipStatus: 'the HaVip is changing state; it is retried',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .vpc(ctx.region)
        .describeHaVips(new DescribeHaVipsRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.haVips?.haVip ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const h of page) if (h.haVipId) yield toResource(h, ctx.region);
  },

  dependencies(r, inventory) {
    const deps: Dependency[] = [
      // A bound EIP is unassociated (InstanceType HaVip) and released by its own type first.
      ...dependenciesOn(inventory, 'vpc.eip', 'instanceId', r.id, 'EIP bound to this HaVip'),
      ...routesThrough(inventory, r.region, r.id),
    ];
    const holderType = HOLDER_TYPES[stringProperty(r, 'associatedInstanceType') ?? ''];
    if (holderType)
      for (const id of listProperty(r, 'associatedInstances')) {
        const address = addressOf(holderType, r.region, id);
        if (inventory.get(address))
          deps.push({ address, reason: 'instance this HaVip is associated with (unassociated first)', touches: true });
      }
    return deps;
  },

  steps(r) {
    const steps: Step[] = [];
    const instances = listProperty(r, 'associatedInstances');
    if (instances.length > 0) steps.push({ action: 'unassociate', description: `unassociate from ${instances.join(', ')}` });
    steps.push({ action: 'delete', description: 'delete the HaVip' });
    return steps;
  },

  async run(step, r, ctx) {
    const vpc = ctx.clients.vpc(ctx.region);
    switch (step.action) {
      case 'unassociate': {
        // `r` was re-read just before the steps: its associations are the ones there are now.
        // Force: without it the HaVip cannot leave its primary (master) instance (API docs: UnassociateHaVip).
        for (const instanceId of listProperty(r, 'associatedInstances'))
          await vpc.unassociateHaVip(
            new UnassociateHaVipRequest({
              regionId: ctx.region,
              haVipId: r.id,
              instanceId,
              instanceType: stringProperty(r, 'associatedInstanceType'),
              force: 'True',
            }),
          );
        await ctx.waitUntil(`HaVip ${r.id} to have no associated instances`, async () => {
          const h = await describeHaVip(r.id, ctx);
          return h === undefined || listProperty(h, 'associatedInstances').length === 0;
        });
        return;
      }
      case 'delete':
        // Unknown ids answer InvalidHaVipId.NotFound (404); a HaVip that is neither Available nor
        // InUse answers IncorrectStatus (400) (API docs: DeleteHaVip).
        await vpc.deleteHaVip(new DeleteHaVipRequest({ regionId: ctx.region, haVipId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeHaVip(r.id, ctx),

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      () => firstPage(ctx),
      (r) => describeHaVip(r.id, ctx),
    ),
};
