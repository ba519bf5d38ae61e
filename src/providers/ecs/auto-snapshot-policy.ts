import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeAutoSnapshotPolicyExResponseBodyAutoSnapshotPoliciesAutoSnapshotPolicy } from '@alicloud/ecs20140526';
import { addressOf, type Resource, type ResourceType, type ScanContext } from '../contract.js';
import { nextTokenPages, pageNumberPages } from '../pagination.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../batch-read.js';
import { isoTime, listProperty, tagsOf } from '../references.js';

const { DeleteAutoSnapshotPolicyRequest, DescribeAutoSnapshotPolicyAssociationsRequest, DescribeAutoSnapshotPolicyExRequest } = ecsSdk;

const TYPE = 'ecs.auto-snapshot-policy';
/** DescribeAutoSnapshotPolicyEx PageSize: 1 to 100 (API docs). */
const PAGE_SIZE = 100;
/** DescribeAutoSnapshotPolicyAssociations MaxResults: at most 100 (API docs). */
const ASSOCIATIONS_PAGE = 100;

function toResource(
  p: DescribeAutoSnapshotPolicyExResponseBodyAutoSnapshotPoliciesAutoSnapshotPolicy,
  region: string,
  diskIds: readonly string[],
): Resource {
  return {
    type: TYPE,
    region,
    id: p.autoSnapshotPolicyId ?? '',
    name: p.autoSnapshotPolicyName || undefined,
    createdAt: isoTime(p.creationTime),
    tags: tagsOf(p.tags?.tag),
    properties: {
      status: p.status ?? null,
      diskNums: p.diskNums ?? 0,
      diskIds: [...diskIds].sort(),
    },
  };
}

/** Which disks each policy is applied to, for one policy or the whole region. */
async function associations(ctx: ScanContext, policyId?: string): Promise<Map<string, string[]>> {
  const byPolicy = new Map<string, string[]>();
  const pages = nextTokenPages(async (nextToken) => {
    const res = await ctx.clients.ecs(ctx.region).describeAutoSnapshotPolicyAssociations(
      new DescribeAutoSnapshotPolicyAssociationsRequest({
        regionId: ctx.region,
        autoSnapshotPolicyId: policyId,
        maxResults: ASSOCIATIONS_PAGE,
        nextToken,
      }),
    );
    return { page: res.body?.autoSnapshotPolicyAssociations?.autoSnapshotPolicyAssociation ?? [], nextToken: res.body?.nextToken };
  });
  for await (const page of pages)
    for (const a of page)
      if (a.autoSnapshotPolicyId && a.diskId)
        byPolicy.set(a.autoSnapshotPolicyId, [...(byPolicy.get(a.autoSnapshotPolicyId) ?? []), a.diskId]);
  return byPolicy;
}

async function describePolicy(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients
    .ecs(ctx.region)
    .describeAutoSnapshotPolicyEx(new DescribeAutoSnapshotPolicyExRequest({ regionId: ctx.region, autoSnapshotPolicyId: id }));
  const p = res.body?.autoSnapshotPolicies?.autoSnapshotPolicy?.find((x) => x.autoSnapshotPolicyId === id);
  if (!p) return undefined;
  const applied = await associations(ctx, id);
  return toResource(p, ctx.region, applied.get(id) ?? []);
}

/**
 * AutoSnapshotPolicyId takes one id (metadata: ecs/DescribeAutoSnapshotPolicyEx): many
 * policies are re-read from one page of the region's policies (PageSize 1 to 100, with
 * TotalCount) and one page of the region's associations (MaxResults 100); a policy's disks
 * come from its own associations when the region's do not fit in that page (a NextToken).
 */
async function firstPage(ctx: ScanContext, asked: ReadonlySet<string>): Promise<ListingPage> {
  const ecs = ctx.clients.ecs(ctx.region);
  const res = await ecs.describeAutoSnapshotPolicyEx(
    new DescribeAutoSnapshotPolicyExRequest({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE }),
  );
  const all = res.body?.autoSnapshotPolicies?.autoSnapshotPolicy ?? [];
  const complete = isWholeListing(all.length, PAGE_SIZE, res.body?.totalCount);
  const page = all.filter((p) => p.autoSnapshotPolicyId && asked.has(p.autoSnapshotPolicyId));
  if (page.length === 0) return { found: [], complete };
  const assoc = await ecs.describeAutoSnapshotPolicyAssociations(
    new DescribeAutoSnapshotPolicyAssociationsRequest({ regionId: ctx.region, maxResults: ASSOCIATIONS_PAGE }),
  );
  const regionWide = !assoc.body?.nextToken;
  const byPolicy = new Map<string, string[]>();
  for (const a of assoc.body?.autoSnapshotPolicyAssociations?.autoSnapshotPolicyAssociation ?? [])
    if (a.autoSnapshotPolicyId && a.diskId)
      byPolicy.set(a.autoSnapshotPolicyId, [...(byPolicy.get(a.autoSnapshotPolicyId) ?? []), a.diskId]);
  const found: Resource[] = [];
  for (const p of page) {
    const id = p.autoSnapshotPolicyId ?? '';
    const disks = regionWide ? (byPolicy.get(id) ?? []) : ((await associations(ctx, id)).get(id) ?? []);
    found.push(toResource(p, ctx.region, disks));
  }
  return { found, complete };
}

export const ecsAutoSnapshotPolicy: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  tags: { source: "DescribeAutoSnapshotPolicyEx (each policy's Tags)" },
  resourceCenterTypes: ['ACS::ECS::AutoSnapshotPolicy'],
  description: 'ECS automatic snapshot policies (the disks they apply to stop taking automatic snapshots)',
  stepSummary: ['delete'],
  dependsOn: [],
  // Deleting a policy changes the disks it applies to: "the policy is no longer applied to the
  // disks on which the policy previously took effect" (API docs: DeleteAutoSnapshotPolicy).
  touchesTypes: ['ecs.disk'],

  async *list(ctx) {
    const applied = await associations(ctx);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeAutoSnapshotPolicyEx(new DescribeAutoSnapshotPolicyExRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.autoSnapshotPolicies?.autoSnapshotPolicy ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages)
      for (const p of page) if (p.autoSnapshotPolicyId) yield toResource(p, ctx.region, applied.get(p.autoSnapshotPolicyId) ?? []);
  },

  // Not an order: the disks keep working, only their policy is removed — so a kept disk blocks
  // the policy instead of being changed behind the user's back.
  dependencies: (r, inventory) =>
    listProperty(r, 'diskIds')
      .map((id) => inventory.get(addressOf('ecs.disk', r.region, id)))
      .filter((d): d is Resource => d !== undefined)
      .map((d) => ({ address: addressOf(d.type, d.region, d.id), reason: 'disk this policy applies to', touches: true })),

  steps: (r) => {
    const disks = listProperty(r, 'diskIds').length;
    return [
      {
        action: 'delete',
        description: `delete the automatic snapshot policy${disks > 0 ? ` (${disks} disk${disks === 1 ? '' : 's'} stop taking automatic snapshots; existing snapshots stay)` : ''}`,
      },
    ];
  },

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    // A policy that is already gone answers 404 ParameterInvalid (API docs: DeleteAutoSnapshotPolicy),
    // which the 404 makes "gone".
    await ctx.clients
      .ecs(ctx.region)
      .deleteAutoSnapshotPolicy(new DeleteAutoSnapshotPolicyRequest({ regionId: ctx.region, autoSnapshotPolicyId: r.id }));
  },

  read: (r, ctx) => describePolicy(r.id, ctx),

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      (asked) => firstPage(ctx, asked),
      (r) => describePolicy(r.id, ctx),
    ),
};
