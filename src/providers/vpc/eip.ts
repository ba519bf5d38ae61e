import { vpcSdk } from '../../cloud/sdk.js';
import type { DescribeEipAddressesResponseBodyEipAddressesEipAddress } from '@alicloud/vpc20160428';
import { addressOf, type Dependency, type Resource, type ResourceType, type ScanContext, type Step } from '../contract.js';
import { isoTime, stringProperty, tagsOf } from '../references.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { pageNumberPages } from '../pagination.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const { DeletionProtectionRequest, DescribeEipAddressesRequest, ReleaseEipAddressRequest, UnassociateEipAddressRequest } = vpcSdk;

const TYPE = 'vpc.eip';
/** DescribeEipAddresses PageSize: 1–100 (API docs). */
const PAGE_SIZE = 100;

function toResource(e: DescribeEipAddressesResponseBodyEipAddressesEipAddress, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: e.allocationId ?? '',
    name: e.name || undefined,
    createdAt: isoTime(e.allocationTime),
    tags: tagsOf(e.tags?.tag),
    properties: {
      status: e.status ?? null,
      ipAddress: e.ipAddress ?? null,
      instanceId: e.instanceId || null,
      instanceType: e.instanceType || null,
      chargeType: e.chargeType ?? null,
      expiredTime: e.chargeType === 'PrePaid' ? (e.expiredTime ?? null) : null,
      deletionProtection: e.deletionProtection ?? false,
      bandwidthPackageId: e.bandwidthPackageId || null,
    },
  };
}

/** DescribeEipAddresses takes up to 50 comma-separated ids in AllocationId (VPC API docs: DescribeEipAddresses). */
const DESCRIBE_MAX = 50;

async function describeEips(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  return describeInChunks(ids, DESCRIBE_MAX, async (chunk) => {
    const res = await ctx.clients
      .vpc(ctx.region)
      .describeEipAddresses(
        new DescribeEipAddressesRequest({ regionId: ctx.region, allocationId: chunk.join(','), pageSize: DESCRIBE_MAX }),
      );
    return (res.body?.eipAddresses?.eipAddress ?? []).filter((e) => e.allocationId).map((e) => toResource(e, ctx.region));
  });
}

async function describeEip(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  return (await describeEips([id], ctx)).get(id);
}

/** EIP InstanceType → the catalogue type of the resource it is bound to. */
const HOLDER_TYPES: Readonly<Record<string, string>> = {
  EcsInstance: 'ecs.instance',
  SlbInstance: 'slb.load-balancer',
  NetworkInterface: 'ecs.network-interface',
  HaVip: 'vpc.havip',
};

export const vpcEip: ResourceType = {
  type: TYPE,
  service: 'vpc',
  scope: 'regional',
  resourceCenterTypes: ['ACS::VPC::EIP', 'ACS::EIP::EipAddress'],
  billingProductCodes: ['eip'],
  tags: { source: "DescribeEipAddresses (each address's Tags)" },
  // What it is bound to: one that appeared since the plan (moved to an instance this plan does
  // not destroy, perhaps a kept one) makes apply skip it rather than unassociate it from there.
  attachmentProperties: ['instanceId'],
  description: 'Elastic IP addresses (protection off, unassociated, then released)',
  stepSummary: ['disable-deletion-protection', 'unassociate', 'release'],
  dependsOn: ['vpc.nat-gateway'],
  touchesTypes: ['ecs.instance', 'slb.load-balancer', 'ecs.network-interface', 'vpc.havip'],
  hints: {
    'Forbidden.ChargeTypeIsPrepaid': 'the EIP is a subscription: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire',
    'InvalidOperation.DeletionProtection': 'deletion protection is on: turn it off in the EIP console',
    IncorrectEipStatus: 'the EIP is still associated or changing state; it is retried',
    'OperationFailed.EipInBandwidthPackage':
      'the EIP is in an Internet Shared Bandwidth package: remove it from the package in the console, then run again',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .vpc(ctx.region)
        .describeEipAddresses(new DescribeEipAddressesRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.eipAddresses?.eipAddress ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    // Service-managed EIPs (ServiceManaged=1) belong to a cloud service and are released with it.
    for await (const page of pages) for (const e of page) if (e.allocationId && e.serviceManaged !== 1) yield toResource(e, ctx.region);
  },

  /**
   * An EIP bound to a NAT gateway waits for it: DeleteNatGateway Force removes its SNAT/DNAT
   * entries and frees the EIP, whereas unassociating it first would fail while entries use it.
   * Other bindings (instance, ENI, SLB) are undone by this EIP's own `unassociate` step.
   */
  dependencies(r, inventory): Dependency[] {
    const instanceId = stringProperty(r, 'instanceId');
    if (!instanceId) return [];
    if (r.properties.instanceType === 'Nat') {
      const address = addressOf('vpc.nat-gateway', r.region, instanceId);
      return inventory.get(address) ? [{ address, reason: 'NAT gateway this EIP is bound to (freed by its deletion)' }] : [];
    }
    // Unassociating changes the holder: a kept (or unselected) holder blocks the EIP instead.
    const holderType = HOLDER_TYPES[stringProperty(r, 'instanceType') ?? ''];
    const address = holderType && addressOf(holderType, r.region, instanceId);
    return address && inventory.get(address)
      ? [{ address, reason: 'resource this EIP is bound to (unassociated first)', touches: true }]
      : [];
  },

  steps(r, ctx) {
    const steps: Step[] = [];
    if (r.properties.chargeType === 'PrePaid') {
      const expires = typeof r.properties.expiredTime === 'string' ? ` (expires ${r.properties.expiredTime})` : '';
      // There is no API to turn a subscription EIP into pay-as-you-go; ReleaseEipAddress refuses it
      // with Forbidden.ChargeTypeIsPrepaid (400) (API docs: ReleaseEipAddress).
      steps.push({
        action: 'release',
        description: `subscription EIP${expires}`,
        blocked: `subscription EIP${expires}: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire`,
      });
      return steps;
    }
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    const instanceId = stringProperty(r, 'instanceId');
    if (instanceId)
      steps.push({
        action: 'unassociate',
        description: `unassociate from ${stringProperty(r, 'instanceType') ?? 'instance'} ${instanceId} (if still bound)`,
      });
    steps.push({ action: 'release', description: 'release the EIP' });
    return steps;
  },

  async run(step, r, ctx) {
    const vpc = ctx.clients.vpc(ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await vpc.deletionProtection(
          new DeletionProtectionRequest({ regionId: ctx.region, instanceId: r.id, type: 'EIP', protectionEnable: false }),
        );
        return;
      case 'unassociate': {
        // Deleting the NAT gateway or instance it was bound to may have freed it already.
        const now = await describeEip(r.id, ctx);
        const instanceId = now && stringProperty(now, 'instanceId');
        if (!now || !instanceId || now.properties.status === 'Available') return;
        await vpc.unassociateEipAddress(
          new UnassociateEipAddressRequest({
            regionId: ctx.region,
            allocationId: r.id,
            instanceId,
            instanceType: stringProperty(now, 'instanceType'),
          }),
        );
        await ctx.waitUntil(`EIP ${r.id} to become Available`, async () => {
          const e = await describeEip(r.id, ctx);
          return e === undefined || e.properties.status === 'Available';
        });
        return;
      }
      case 'release':
        await vpc.releaseEipAddress(new ReleaseEipAddressRequest({ regionId: ctx.region, allocationId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeEip(r.id, ctx),

  async readMany(rs, ctx) {
    return byAddress(
      TYPE,
      rs,
      await describeEips(
        rs.map((r) => r.id),
        ctx,
      ),
    );
  },
};
