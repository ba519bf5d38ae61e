import { clusterDependencies } from '../cs/cluster.js';
import { isGone } from '../../cloud/errors.js';
import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { isoTime } from '../references.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { pageNumberPages } from '../pagination.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const TYPE = 'slb.load-balancer';
/** DescribeLoadBalancers PageSize: 1–100 (API docs). */
const PAGE_SIZE = 100;

/** One `LoadBalancers.LoadBalancer[]` entry of DescribeLoadBalancers (SLB 2014-05-15; no npm SDK, so no model). */
interface LoadBalancerWire {
  readonly LoadBalancerId?: unknown;
  readonly LoadBalancerName?: unknown;
  readonly LoadBalancerStatus?: unknown;
  readonly PayType?: unknown;
  readonly DeleteProtection?: unknown;
  readonly VpcId?: unknown;
  readonly VSwitchId?: unknown;
  readonly AddressType?: unknown;
  readonly Address?: unknown;
  readonly CreateTime?: unknown;
  readonly Tags?: { readonly Tag?: ReadonlyArray<{ readonly TagKey?: unknown; readonly TagValue?: unknown }> };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function loadBalancersOf(body: Record<string, unknown>): LoadBalancerWire[] {
  const wrapper = body.LoadBalancers as { LoadBalancer?: unknown } | undefined;
  return Array.isArray(wrapper?.LoadBalancer) ? (wrapper.LoadBalancer as LoadBalancerWire[]) : [];
}

/** Backend server ids (ECS instances or ENIs) from DescribeLoadBalancerAttribute's `BackendServers.BackendServer[].ServerId`. */
function backendServerIdsOf(body: Record<string, unknown>): string[] {
  const wrapper = body.BackendServers as { BackendServer?: unknown } | undefined;
  const servers = Array.isArray(wrapper?.BackendServer) ? (wrapper.BackendServer as Array<{ ServerId?: unknown }>) : [];
  return servers.map((s) => text(s.ServerId) ?? '').filter((id) => id !== '');
}

async function backendServerIds(id: string, ctx: ScanContext): Promise<string[]> {
  return backendServerIdsOf(
    await ctx.clients.generic('slb', ctx.region).call('DescribeLoadBalancerAttribute', { RegionId: ctx.region, LoadBalancerId: id }),
  );
}

function toResource(lb: LoadBalancerWire, region: string, backends: readonly string[]): Resource {
  const tags: Record<string, string> = {};
  for (const t of lb.Tags?.Tag ?? []) if (typeof t.TagKey === 'string') tags[t.TagKey] = typeof t.TagValue === 'string' ? t.TagValue : '';
  return {
    type: TYPE,
    region,
    id: text(lb.LoadBalancerId) ?? '',
    name: text(lb.LoadBalancerName) ?? undefined,
    createdAt: isoTime(text(lb.CreateTime) ?? undefined),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      status: text(lb.LoadBalancerStatus),
      // PayOnDemand | PrePay
      chargeType: text(lb.PayType),
      deletionProtection: lb.DeleteProtection === 'on',
      addressType: text(lb.AddressType),
      address: text(lb.Address),
      vpcId: text(lb.VpcId),
      vSwitchId: text(lb.VSwitchId),
      backendServerIds: [...backends],
    },
  };
}

/**
 * LoadBalancerId takes up to 10 ids separated by commas; PageSize 1–100 and only with
 * PageNumber (metadata: slb/DescribeLoadBalancers), so one page of 10 holds a whole chunk.
 */
const IDS_PER_CALL = 10;

/** The load balancers still there, with their backends (one DescribeLoadBalancerAttribute each, side by side). */
async function describeLoadBalancers(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  return describeInChunks(ids, IDS_PER_CALL, async (chunk) => {
    const body = await ctx.clients
      .generic('slb', ctx.region)
      .call('DescribeLoadBalancers', { RegionId: ctx.region, LoadBalancerId: chunk.join(','), PageNumber: 1, PageSize: IDS_PER_CALL });
    const found = await Promise.all(
      loadBalancersOf(body).map(async (lb) => {
        const id = text(lb.LoadBalancerId);
        if (!id || !chunk.includes(id)) return undefined;
        try {
          return toResource(lb, ctx.region, await backendServerIds(id, ctx));
        } catch (err) {
          // Deleted between the two calls.
          if (isGone(err)) return undefined;
          throw err;
        }
      }),
    );
    return found.filter((r): r is Resource => r !== undefined);
  });
}

async function describeLoadBalancer(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  return (await describeLoadBalancers([id], ctx)).get(id);
}

export const slbLoadBalancer: ResourceType = {
  type: TYPE,
  service: 'slb',
  scope: 'regional',
  resourceCenterTypes: ['ACS::SLB::LoadBalancer'],
  billingProductCodes: ['slb'],
  tags: { source: "DescribeLoadBalancers (each load balancer's Tags)" },
  description: 'Classic load balancers (CLB), with their listeners',
  stepSummary: ['disable-deletion-protection', 'delete'],
  dependsOn: ['cs.cluster'],
  // An ACK cluster deletes the load balancers and NAT gateways it created (see cs/cluster.ts).
  ownedBy: ['cs.cluster'],
  hints: {
    'OperationDenied.DeleteProtectionIsOn': 'deletion protection is on: turn it off in the CLB console',
    InvalidChargeType: 'the load balancer is a subscription: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire',
    'OperationDenied.ModificationProtectionIsOn':
      'configuration read-only mode (modification protection) is on: turn it off in the CLB console',
  },

  async *list(ctx) {
    const slb = ctx.clients.generic('slb', ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const body = await slb.call('DescribeLoadBalancers', { RegionId: ctx.region, PageNumber: pageNumber, PageSize: pageSize });
      const page = loadBalancersOf(body);
      return { page, count: page.length, totalCount: typeof body.TotalCount === 'number' ? body.TotalCount : undefined };
    });
    // Its backend servers let ECS instances wait for it (the teardown order is SLB before ECS):
    // one DescribeLoadBalancerAttribute each, several load balancers at once.
    const withId = async function* () {
      for await (const lb of eachItem(pages)) if (text(lb.LoadBalancerId)) yield lb;
    };
    yield* mapConcurrently(withId(), detailConcurrency(ctx), async (lb) =>
      toResource(lb, ctx.region, await backendServerIds(text(lb.LoadBalancerId) ?? '', ctx)),
    );
  },

  dependencies: (r, inventory) => clusterDependencies(r, inventory),

  steps(r, ctx) {
    if (r.properties.chargeType === 'PrePay')
      // ModifyLoadBalancerPayType is deprecated and only turns pay-as-you-go into a subscription
      // (metadata: slb/2014-05-15 ModifyLoadBalancerPayType); DeleteLoadBalancer refuses a
      // subscription with InvalidChargeType (400) (API docs: DeleteLoadBalancer).
      return [
        {
          action: 'delete',
          description: 'subscription load balancer',
          blocked: 'subscription load balancer: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire',
        },
      ];
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    steps.push({ action: 'delete', description: 'delete the load balancer and its listeners' });
    return steps;
  },

  async run(step, r, ctx) {
    const slb = ctx.clients.generic('slb', ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await slb.call('SetLoadBalancerDeleteProtection', { RegionId: ctx.region, LoadBalancerId: r.id, DeleteProtection: 'off' });
        return;
      case 'delete':
        await slb.call('DeleteLoadBalancer', { RegionId: ctx.region, LoadBalancerId: r.id });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeLoadBalancer(r.id, ctx),

  async readMany(rs, ctx) {
    return byAddress(
      TYPE,
      rs,
      await describeLoadBalancers(
        rs.map((r) => r.id),
        ctx,
      ),
    );
  },
};
