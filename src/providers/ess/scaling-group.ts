/**
 * Auto Scaling (ESS 2014-08-28; no npm SDK for it, so the generic OpenAPI call) scaling groups.
 *
 * A scaling group owns the ECS instances it created: deleting one of them only makes the group
 * launch a replacement while it is below its minimum size. So the group is deleted first, with
 * ForceDelete, which "removes and releases" the instances it created and removes (keeps) the
 * ones attached by hand (API docs: DeleteScalingGroup,
 * https://www.alibabacloud.com/help/en/auto-scaling/developer-reference/api-deletescalinggroup).
 * Its scaling configurations, rules and activities are deleted with it (same page), so they
 * are not nodes of their own. ecs.instance reads `instanceIds` / `attachedInstanceIds` here to
 * put the instances under their group in the plan.
 */
import type { Dependency, Inventory, Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { resourceAddress } from '../contract.js';
import { detailConcurrency, mapConcurrently } from '../concurrency.js';
import { nextTokenPages, pageNumberPages } from '../pagination.js';
import { isoTime, listProperty } from '../references.js';
import { tagReadFailure, withTags, type TagRead } from '../tags.js';
import { clusterDependencies } from '../cs/cluster.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const TYPE = 'ess.scaling-group';
/** DescribeScalingGroups and DescribeScalingInstances PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;
/** ListTagResources ResourceId.N: N from 1 to 50 (API docs: ESS ListTagResources). */
const TAG_BATCH = 50;

/**
 * One `ScalingGroups.ScalingGroup[]` entry of DescribeScalingGroups (2014-08-28; field names as
 * in terraform-provider-alicloud alicloud/service_alicloud_ess.go and the API docs:
 * https://www.alibabacloud.com/help/en/auto-scaling/developer-reference/api-describescalinggroups).
 */
interface ScalingGroupWire {
  readonly ScalingGroupId?: unknown;
  readonly ScalingGroupName?: unknown;
  /** Active | Inactive | Deleting */
  readonly LifecycleState?: unknown;
  readonly MinSize?: unknown;
  readonly MaxSize?: unknown;
  readonly TotalCapacity?: unknown;
  readonly VpcId?: unknown;
  readonly VSwitchId?: unknown;
  readonly VSwitchIds?: { readonly VSwitchId?: unknown };
  readonly GroupDeletionProtection?: unknown;
  readonly ActiveScalingConfigurationId?: unknown;
  readonly CreationTime?: unknown;
}

/** One `ScalingInstances.ScalingInstance[]` entry of DescribeScalingInstances. */
interface ScalingInstanceWire {
  readonly InstanceId?: unknown;
  /** AutoCreated | Attached | Managed */
  readonly CreationType?: unknown;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

function listOf<T>(body: Record<string, unknown>, wrapper: string, item: string): T[] {
  const w = body[wrapper] as Record<string, unknown> | undefined;
  const list = w?.[item];
  return Array.isArray(list) ? (list as T[]) : [];
}

interface GroupInstances {
  /** Created by the group: released by DeleteScalingGroup ForceDelete. */
  readonly created: readonly string[];
  /** Attached by hand (or managed): only removed from the group. */
  readonly attached: readonly string[];
}

async function groupInstances(id: string, ctx: ScanContext): Promise<GroupInstances> {
  const ess = ctx.clients.generic('ess', ctx.region);
  const created: string[] = [];
  const attached: string[] = [];
  const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
    const body = await ess.call('DescribeScalingInstances', {
      RegionId: ctx.region,
      ScalingGroupId: id,
      PageNumber: pageNumber,
      PageSize: pageSize,
    });
    const page = listOf<ScalingInstanceWire>(body, 'ScalingInstances', 'ScalingInstance');
    return { page, count: page.length, totalCount: num(body.TotalCount) ?? undefined };
  });
  for await (const page of pages)
    for (const i of page) {
      const instanceId = text(i.InstanceId);
      if (!instanceId) continue;
      (i.CreationType === 'AutoCreated' ? created : attached).push(instanceId);
    }
  return { created, attached };
}

function toResource(g: ScalingGroupWire, region: string, instances: GroupInstances): Resource {
  const vSwitchIds = [...new Set([...texts(g.VSwitchIds?.VSwitchId), ...(text(g.VSwitchId) ? [text(g.VSwitchId)!] : [])])];
  return {
    type: TYPE,
    region,
    id: text(g.ScalingGroupId) ?? '',
    name: text(g.ScalingGroupName) ?? undefined,
    createdAt: isoTime(text(g.CreationTime) ?? undefined),
    properties: {
      status: text(g.LifecycleState),
      minSize: num(g.MinSize),
      maxSize: num(g.MaxSize),
      totalCapacity: num(g.TotalCapacity),
      deletionProtection: g.GroupDeletionProtection === true,
      vpcId: text(g.VpcId),
      vSwitchIds,
      scalingConfigurationId: text(g.ActiveScalingConfigurationId),
      instanceIds: [...instances.created],
      attachedInstanceIds: [...instances.attached],
    },
  };
}

/** One `TagResources.TagResource[]` entry of ListTagResources (2014-08-28, as the Go SDK's model and terraform read it). */
interface TagResourceWire {
  readonly ResourceId?: unknown;
  readonly TagKey?: unknown;
  readonly TagValue?: unknown;
}

/**
 * The tags of up to 50 groups a call (ResourceType scalinggroup), following NextToken: one row
 * per tag, so a group the successful answer does not name has no tags (API docs: ESS
 * ListTagResources; terraform-provider-alicloud service_alicloud_ess.go reads
 * `TagResources.TagResource[]`). A failed call leaves its groups "tags unknown".
 */
async function readTags(ctx: ScanContext, ids: readonly string[]): Promise<Map<string, TagRead>> {
  const ess = ctx.clients.generic('ess', ctx.region);
  const out = new Map<string, TagRead>();
  for (let i = 0; i < ids.length; i += TAG_BATCH) {
    const batch = ids.slice(i, i + TAG_BATCH);
    try {
      const tags = new Map<string, Record<string, string>>(batch.map((id) => [id, {}]));
      const resourceIds = Object.fromEntries(batch.map((id, n) => [`ResourceId.${n + 1}`, id]));
      const pages = nextTokenPages(async (nextToken) => {
        const body = await ess.call('ListTagResources', {
          RegionId: ctx.region,
          ResourceType: 'scalinggroup',
          ...resourceIds,
          ...(nextToken ? { NextToken: nextToken } : {}),
        });
        return { page: listOf<TagResourceWire>(body, 'TagResources', 'TagResource'), nextToken: text(body.NextToken) ?? undefined };
      });
      for await (const page of pages)
        for (const t of page) {
          const id = text(t.ResourceId);
          const key = text(t.TagKey);
          const group = id ? tags.get(id) : undefined;
          if (group && key) group[key] = typeof t.TagValue === 'string' ? t.TagValue : '';
        }
      for (const [id, t] of tags) out.set(id, { tags: t });
    } catch (err) {
      const failed = tagReadFailure(err);
      for (const id of batch) out.set(id, failed);
    }
  }
  return out;
}

async function describeGroup(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const body = await ctx.clients.generic('ess', ctx.region).call('DescribeScalingGroups', { RegionId: ctx.region, 'ScalingGroupId.1': id });
  const g = listOf<ScalingGroupWire>(body, 'ScalingGroups', 'ScalingGroup').find((x) => x.ScalingGroupId === id);
  if (!g) return undefined;
  const [instances, tags] = await Promise.all([groupInstances(id, ctx), readTags(ctx, [id])]);
  return withTags(toResource(g, ctx.region, instances), tags.get(id) ?? { tags: {} });
}

/**
 * For ecs.instance: the scaling group that created `instanceId` owns it (released with the
 * group); one it was attached to must be gone first (it is removed from the group, kept, and
 * the group would otherwise replace it as soon as it went).
 */
export function scalingGroupDependencies(instance: Resource, inventory: Inventory): Dependency[] {
  const out: Dependency[] = [];
  for (const g of inventory.byType(TYPE)) {
    if (g.region !== instance.region) continue;
    if (listProperty(g, 'instanceIds').includes(instance.id))
      out.push({ address: resourceAddress(g), reason: 'created by this scaling group, which releases it', owner: true });
    else if (listProperty(g, 'attachedInstanceIds').includes(instance.id))
      out.push({ address: resourceAddress(g), reason: 'attached to this scaling group, which would replace it' });
  }
  return out;
}

export const essScalingGroup: ResourceType = {
  type: TYPE,
  service: 'ess',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ESS::ScalingGroup'],
  tags: { source: 'ListTagResources (50 groups per call)' },
  description:
    'Auto Scaling groups, before the instances they launched (ForceDelete releases them; configurations and rules go with the group)',
  stepSummary: ['disable-deletion-protection', 'delete'],
  dependsOn: ['cs.cluster'],
  // An ACK node pool is a scaling group: it goes with its cluster (see cs/cluster.ts).
  ownedBy: ['cs.cluster'],
  deleteTimeoutMs: 30 * 60_000, // terraform: DefaultLongTimeout for the group to disappear
  hints: {
    'InvalidOperation.Conflict': 'a scaling activity is in progress; it is retried',
  },

  async *list(ctx) {
    const ess = ctx.clients.generic('ess', ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const body = await ess.call('DescribeScalingGroups', { RegionId: ctx.region, PageNumber: pageNumber, PageSize: pageSize });
      const page = listOf<ScalingGroupWire>(body, 'ScalingGroups', 'ScalingGroup');
      return { page, count: page.length, totalCount: num(body.TotalCount) ?? undefined };
    });
    // Tags: one ListTagResources call per page of groups. The group's instances put them under
    // it in the plan (see scalingGroupDependencies): one listing per group, several groups at
    // once (the scan's call caps hold).
    const tagged = async function* () {
      for await (const page of pages) {
        const groups = page.filter((g) => text(g.ScalingGroupId));
        const tags = await readTags(
          ctx,
          groups.map((g) => text(g.ScalingGroupId) ?? ''),
        );
        for (const g of groups) yield { g, tags: tags.get(text(g.ScalingGroupId) ?? '') ?? { tags: {} } };
      }
    };
    yield* mapConcurrently(tagged(), detailConcurrency(ctx), async ({ g, tags }) =>
      withTags(toResource(g, ctx.region, await groupInstances(text(g.ScalingGroupId) ?? '', ctx)), tags),
    );
  },

  dependencies: (r, inventory) => clusterDependencies(r, inventory),

  steps(r, ctx) {
    const steps: Step[] = [];
    // "If you enabled deletion protection ... you cannot delete the scaling group ... by using
    // this operation" (API docs: DeleteScalingGroup); SetGroupDeletionProtection turns it off.
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    const created = listProperty(r, 'instanceIds').length;
    const attached = listProperty(r, 'attachedInstanceIds').length;
    const parts = [
      ...(created > 0 ? [`releases the ${created} instance${created === 1 ? '' : 's'} it created`] : []),
      ...(attached > 0 ? [`removes the ${attached} attached by hand`] : []),
    ];
    steps.push({
      action: 'delete',
      description: `delete the scaling group with its configurations and rules (ForceDelete${parts.length > 0 ? `: ${parts.join(', ')}` : ''})`,
    });
    return steps;
  },

  async run(step, r, ctx) {
    const ess = ctx.clients.generic('ess', ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await ess.call('SetGroupDeletionProtection', { RegionId: ctx.region, ScalingGroupId: r.id, GroupDeletionProtection: false });
        return;
      case 'delete':
        await ess.call('DeleteScalingGroup', { RegionId: ctx.region, ScalingGroupId: r.id, ForceDelete: true });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeGroup(r.id, ctx),
};
