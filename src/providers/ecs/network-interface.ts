import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeNetworkInterfacesResponseBodyNetworkInterfaceSetsNetworkInterfaceSet } from '@alicloud/ecs20140526';
import { addressOf, type Resource, type ResourceType, type ScanContext, type Step } from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { isoTime, stringProperty, tagsOf } from '../references.js';
import { routesThrough } from '../vpc/route-entry.js';

const { DeleteNetworkInterfaceRequest, DescribeNetworkInterfacesRequest, DetachNetworkInterfaceRequest } = ecsSdk;

const TYPE = 'ecs.network-interface';
/** DescribeNetworkInterfaces MaxResults: 10–500 (API docs). */
const PAGE_SIZE = 500;

function toResource(n: DescribeNetworkInterfacesResponseBodyNetworkInterfaceSetsNetworkInterfaceSet, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: n.networkInterfaceId ?? '',
    name: n.networkInterfaceName || undefined,
    createdAt: isoTime(n.creationTime),
    tags: tagsOf(n.tags?.tag),
    properties: {
      status: n.status ?? null,
      instanceId: n.instanceId || null,
      vpcId: n.vpcId ?? null,
      vSwitchId: n.vSwitchId ?? null,
      securityGroupIds: n.securityGroupIds?.securityGroupId ?? [],
      privateIpAddress: n.privateIpAddress ?? null,
    },
  };
}

async function describeInterface(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients
    .ecs(ctx.region)
    .describeNetworkInterfaces(new DescribeNetworkInterfacesRequest({ regionId: ctx.region, networkInterfaceId: [id] }));
  const n = res.body?.networkInterfaceSets?.networkInterfaceSet?.find((x) => x.networkInterfaceId === id);
  return n ? toResource(n, ctx.region) : undefined;
}

export const ecsNetworkInterface: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::NetworkInterface'],
  tags: { source: "DescribeNetworkInterfaces (each interface's Tags)" },
  // What it is bound to: one that appeared since the plan (moved to an instance this plan does
  // not destroy, perhaps a kept one) makes apply skip it rather than detach it from there.
  attachmentProperties: ['instanceId'],
  description: 'Secondary elastic network interfaces (detached, then deleted; primary ones go with their instance)',
  stepSummary: ['detach', 'delete'],
  dependsOn: ['vpc.route-entry'],
  touchesTypes: ['ecs.instance'],
  hints: {
    'InvalidOperation.InvalidEniState': 'the interface is changing state; it is retried',
    'Forbidden.NotAllowedInState':
      'the interface cannot be detached in the instance\u2019s current state; it is retried, or stop the instance',
  },

  async *list(ctx) {
    const pages = nextTokenPages(async (nextToken) => {
      // Primary ENIs are released with their instance; service-managed ones belong to a cloud service.
      const res = await ctx.clients.ecs(ctx.region).describeNetworkInterfaces(
        new DescribeNetworkInterfacesRequest({
          regionId: ctx.region,
          type: 'Secondary',
          serviceManaged: false,
          maxResults: PAGE_SIZE,
          nextToken,
        }),
      );
      return { page: res.body?.networkInterfaceSets?.networkInterfaceSet ?? [], nextToken: res.body?.nextToken };
    });
    for await (const page of pages)
      for (const n of page) if (n.networkInterfaceId && n.type !== 'Primary' && n.serviceManaged !== true) yield toResource(n, ctx.region);
  },

  // Detaching changes the instance: a kept (or unselected) instance blocks its secondary
  // interfaces instead. Not an ordering: the interface goes before its instance.
  dependencies(r, inventory) {
    const instanceId = stringProperty(r, 'instanceId');
    const address = instanceId && addressOf('ecs.instance', r.region, instanceId);
    return [
      ...(address && inventory.get(address)
        ? [{ address, reason: 'instance this interface is attached to (detached first)', touches: true }]
        : []),
      // A custom route may use the interface as its next hop (NextHopType NetworkInterface).
      ...routesThrough(inventory, r.region, r.id),
    ];
  },

  steps(r) {
    const steps: Step[] = [];
    const instanceId = stringProperty(r, 'instanceId');
    if (instanceId) steps.push({ action: 'detach', description: `detach from instance ${instanceId}` });
    steps.push({ action: 'delete', description: 'delete the network interface' });
    return steps;
  },

  async run(step, r, ctx) {
    const ecs = ctx.clients.ecs(ctx.region);
    switch (step.action) {
      case 'detach': {
        const now = await describeInterface(r.id, ctx);
        const instanceId = now && stringProperty(now, 'instanceId');
        if (!now || !instanceId || now.properties.status === 'Available') return;
        await ecs.detachNetworkInterface(new DetachNetworkInterfaceRequest({ regionId: ctx.region, networkInterfaceId: r.id, instanceId }));
        await ctx.waitUntil(`network interface ${r.id} to become Available`, async () => {
          const n = await describeInterface(r.id, ctx);
          return n === undefined || n.properties.status === 'Available';
        });
        return;
      }
      case 'delete':
        await ecs.deleteNetworkInterface(new DeleteNetworkInterfaceRequest({ regionId: ctx.region, networkInterfaceId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeInterface(r.id, ctx),
};
