import { clusterDependencies } from '../cs/cluster.js';
import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { detailConcurrency, mapConcurrently } from '../concurrency.js';
import { isoTime } from '../references.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const TYPE = 'alb.load-balancer';
/** ListLoadBalancers MaxResults: 1–100 (API docs: ALB ListLoadBalancers). */
const PAGE_SIZE = 100;
/** Ids per ListLoadBalancers call when re-reading (LoadBalancerIds: up to 20). */
const IDS_PER_CALL = 20;

/**
 * ALB (2020-06-16) is called with the generic OpenAPI call, not @alicloud/alb20200616: its
 * requests carry no RegionId — the region is only in the endpoint host — so one client per
 * region must name it; the generic call sends RegionId, which the service ignores and the
 * sandbox routes by. Field names are those of the SDK models (ListLoadBalancersResponseBody,
 * GetLoadBalancerAttributeResponseBody), which the sandbox's responses are checked against.
 */
interface AlbWire {
  readonly LoadBalancerId?: unknown;
  readonly LoadBalancerName?: unknown;
  readonly LoadBalancerStatus?: unknown;
  readonly VpcId?: unknown;
  readonly AddressType?: unknown;
  readonly CreateTime?: unknown;
  readonly DeletionProtectionConfig?: { readonly Enabled?: unknown };
  readonly LoadBalancerBillingConfig?: { readonly PayType?: unknown };
  readonly SecurityGroupIds?: unknown;
  readonly Tags?: ReadonlyArray<{ readonly Key?: unknown; readonly Value?: unknown }>;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

function toResource(lb: AlbWire, region: string, vSwitchIds: readonly string[]): Resource {
  const tags: Record<string, string> = {};
  for (const t of lb.Tags ?? []) if (typeof t.Key === 'string') tags[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  return {
    type: TYPE,
    region,
    id: text(lb.LoadBalancerId) ?? '',
    name: text(lb.LoadBalancerName) ?? undefined,
    createdAt: isoTime(text(lb.CreateTime) ?? undefined),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      status: text(lb.LoadBalancerStatus),
      addressType: text(lb.AddressType),
      chargeType: text(lb.LoadBalancerBillingConfig?.PayType),
      deletionProtection: lb.DeletionProtectionConfig?.Enabled === true,
      vpcId: text(lb.VpcId),
      vSwitchIds: [...vSwitchIds],
      securityGroupIds: texts(lb.SecurityGroupIds),
    },
  };
}

/** The vswitches of its zones: only GetLoadBalancerAttribute returns ZoneMappings (API docs). */
async function vSwitchesOf(ctx: ScanContext, id: string): Promise<string[]> {
  const body = await ctx.clients.generic('alb', ctx.region).call('GetLoadBalancerAttribute', { RegionId: ctx.region, LoadBalancerId: id });
  const zones = Array.isArray(body.ZoneMappings) ? (body.ZoneMappings as Array<{ VSwitchId?: unknown }>) : [];
  return zones.map((z) => text(z.VSwitchId) ?? '').filter((v) => v !== '');
}

async function* pages(ctx: ScanContext, ids?: readonly string[]) {
  const idParams: Record<string, string> = {};
  (ids ?? []).forEach((id, i) => (idParams[`LoadBalancerIds.${i + 1}`] = id));
  yield* nextTokenPages(async (nextToken) => {
    const body = await ctx.clients
      .generic('alb', ctx.region)
      .call('ListLoadBalancers', { RegionId: ctx.region, MaxResults: PAGE_SIZE, NextToken: nextToken, ...idParams });
    return {
      page: Array.isArray(body.LoadBalancers) ? (body.LoadBalancers as AlbWire[]) : [],
      nextToken: text(body.NextToken) ?? undefined,
    };
  });
}

export const albLoadBalancer: ResourceType = {
  type: TYPE,
  service: 'alb',
  scope: 'regional',
  tags: { source: "ListLoadBalancers (each load balancer's Tags)" },
  resourceCenterTypes: ['ACS::ALB::LoadBalancer'],
  description: 'Application Load Balancers (ALB), with their listeners; before their vswitches and security groups',
  stepSummary: ['disable-deletion-protection', 'delete'],
  dependsOn: ['cs.cluster'],
  // An ACK cluster deletes the load balancers and NAT gateways it created (see cs/cluster.ts).
  ownedBy: ['cs.cluster'],
  hints: {
    'IncorrectStatus.LoadBalancer': 'the load balancer is changing state; it is retried',
    'ResourceInConfiguring.LoadBalancer': 'the load balancer is being configured; it is retried',
    IdempotenceProcessing: 'an earlier request for the load balancer is still being processed; it is retried',
  },

  async *list(ctx) {
    const live = async function* () {
      for await (const page of pages(ctx))
        for (const lb of page) if (text(lb.LoadBalancerId) && lb.LoadBalancerStatus !== 'Deleted') yield lb;
    };
    // Several load balancers' attributes at once (the scan's call caps hold): one after another
    // made this listing the slowest task of a scan (docs/benchmarks.md).
    yield* mapConcurrently(live(), detailConcurrency(ctx), async (lb) =>
      toResource(lb, ctx.region, await vSwitchesOf(ctx, text(lb.LoadBalancerId) ?? '')),
    );
  },

  dependencies: (r, inventory) => clusterDependencies(r, inventory),

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    steps.push({ action: 'delete', description: 'delete the load balancer (its listeners and rules go with it)' });
    return steps;
  },

  async run(step, r, ctx) {
    const alb = ctx.clients.generic('alb', ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await alb.call('DisableDeletionProtection', { RegionId: ctx.region, ResourceId: r.id });
        return;
      case 'delete':
        // Asynchronous (returns a JobId); unknown ids answer ResourceNotFound.LoadBalancer (404)
        // (API docs: DeleteLoadBalancer; terraform-provider-alicloud resource_alicloud_alb_load_balancer.go).
        await alb.call('DeleteLoadBalancer', { RegionId: ctx.region, LoadBalancerId: r.id });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    for await (const page of pages(ctx, [r.id]))
      for (const lb of page)
        if (lb.LoadBalancerId === r.id && lb.LoadBalancerStatus !== 'Deleted')
          return toResource(lb, ctx.region, r.properties.vSwitchIds as string[]);
    return undefined;
  },

  async readMany(rs, ctx) {
    // LoadBalancerIds: up to 20 ids (ALB API reference ListLoadBalancers; ROS
    // DATASOURCE::ALB::LoadBalancers, which calls it: "You can specify up to 20 IDs"). The
    // vswitches are the plan's, as in read().
    const planned = new Map(rs.map((r) => [r.id, r]));
    const found = await describeInChunks([...planned.keys()], IDS_PER_CALL, async (chunk) => {
      const out: Resource[] = [];
      for await (const page of pages(ctx, chunk))
        for (const lb of page) {
          const id = text(lb.LoadBalancerId);
          if (id && lb.LoadBalancerStatus !== 'Deleted')
            out.push(toResource(lb, ctx.region, (planned.get(id)?.properties.vSwitchIds as string[] | undefined) ?? []));
        }
      return out;
    });
    return byAddress(TYPE, rs, found);
  },
};
