import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { isoTime } from '../references.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const TYPE = 'nlb.load-balancer';
/** ListLoadBalancers MaxResults: 1–100 (API docs: NLB ListLoadBalancers). */
const PAGE_SIZE = 100;
/** Ids per ListLoadBalancers call when re-reading (LoadBalancerIds: up to 20). */
const IDS_PER_CALL = 20;

/**
 * One `LoadBalancers[]` entry of ListLoadBalancers (NLB 2022-04-30). No SDK package is
 * published on npm, so it is called with the generic OpenAPI call; field names are those of
 * the official model (aliyun/alibabacloud-typescript-sdk nlb-20220430/src/models/ListLoadBalancersResponseBody.ts).
 */
interface NlbWire {
  readonly LoadBalancerId?: unknown;
  readonly LoadBalancerName?: unknown;
  readonly LoadBalancerStatus?: unknown;
  readonly VpcId?: unknown;
  readonly AddressType?: unknown;
  readonly CreateTime?: unknown;
  readonly DeletionProtectionConfig?: { readonly Enabled?: unknown };
  readonly LoadBalancerBillingConfig?: { readonly PayType?: unknown };
  readonly SecurityGroupIds?: unknown;
  readonly ZoneMappings?: ReadonlyArray<{ readonly VSwitchId?: unknown }>;
  readonly Tags?: ReadonlyArray<{ readonly Key?: unknown; readonly Value?: unknown }>;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

function toResource(lb: NlbWire, region: string): Resource {
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
      vSwitchIds: (lb.ZoneMappings ?? []).map((z) => text(z.VSwitchId) ?? '').filter((id) => id !== ''),
      securityGroupIds: texts(lb.SecurityGroupIds),
    },
  };
}

async function* pages(ctx: ScanContext, ids?: readonly string[]) {
  const idParams: Record<string, string> = {};
  (ids ?? []).forEach((id, i) => (idParams[`LoadBalancerIds.${i + 1}`] = id));
  yield* nextTokenPages(async (nextToken) => {
    const body = await ctx.clients
      .generic('nlb', ctx.region)
      .call('ListLoadBalancers', { RegionId: ctx.region, MaxResults: PAGE_SIZE, NextToken: nextToken, ...idParams });
    return {
      page: Array.isArray(body.LoadBalancers) ? (body.LoadBalancers as NlbWire[]) : [],
      nextToken: text(body.NextToken) ?? undefined,
    };
  });
}

export const nlbLoadBalancer: ResourceType = {
  type: TYPE,
  service: 'nlb',
  scope: 'regional',
  tags: { source: "ListLoadBalancers (each load balancer's Tags)" },
  resourceCenterTypes: ['ACS::NLB::LoadBalancer'],
  description: 'Network Load Balancers (NLB), with their listeners and server groups; before their vswitches and security groups',
  stepSummary: ['disable-deletion-protection', 'delete'],
  dependsOn: [],
  hints: {
    'IncorrectStatus.loadBalancer': 'the load balancer is changing state (creating, configuring); it is retried',
    'ResourceInConfiguring.loadbalancer': 'the load balancer is being configured; it is retried',
    'Conflict.Lock': 'another change holds the load balancer; it is retried',
    'OperationDenied.DeletionProtectionEnabled': 'deletion protection is on: turn it off in the NLB console, then run again',
  },

  async *list(ctx) {
    // A deleted NLB may still be listed as Deleting/Deleted for a while (API docs: LoadBalancerStatus).
    for await (const page of pages(ctx))
      for (const lb of page) if (text(lb.LoadBalancerId) && lb.LoadBalancerStatus !== 'Deleted') yield toResource(lb, ctx.region);
  },

  dependencies: () => [],

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    steps.push({
      action: 'delete',
      description: 'delete the load balancer (its listeners go with it; server groups stay until it is gone)',
    });
    return steps;
  },

  async run(step, r, ctx) {
    const nlb = ctx.clients.generic('nlb', ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await nlb.call('UpdateLoadBalancerProtection', { RegionId: ctx.region, LoadBalancerId: r.id, DeletionProtectionEnabled: false });
        return;
      case 'delete':
        // Asynchronous (returns a JobId); the load balancer reads Deleting until it is gone (API docs: DeleteLoadBalancer).
        await nlb.call('DeleteLoadBalancer', { RegionId: ctx.region, LoadBalancerId: r.id });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    for await (const page of pages(ctx, [r.id]))
      for (const lb of page) if (lb.LoadBalancerId === r.id && lb.LoadBalancerStatus !== 'Deleted') return toResource(lb, ctx.region);
    return undefined;
  },

  async readMany(rs, ctx) {
    // LoadBalancerIds.N: up to 20 ids (NLB API reference ListLoadBalancers, as for ALB).
    const found = await describeInChunks(
      rs.map((r) => r.id),
      IDS_PER_CALL,
      async (chunk) => {
        const out: Resource[] = [];
        for await (const page of pages(ctx, chunk))
          for (const lb of page) if (text(lb.LoadBalancerId) && lb.LoadBalancerStatus !== 'Deleted') out.push(toResource(lb, ctx.region));
        return out;
      },
    );
    return byAddress(TYPE, rs, found);
  },
};
