import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeSnapshotsResponseBodySnapshotsSnapshot } from '@alicloud/ecs20140526';
import type { Resource, ResourceType } from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { dependenciesOn, isoTime, tagsOf } from '../references.js';

const { DeleteSnapshotRequest, DescribeSnapshotsRequest } = ecsSdk;

const TYPE = 'ecs.snapshot';
/** DescribeSnapshots MaxResults: at most 100 (API docs). */
const PAGE_SIZE = 100;

/** `Usage` is `image`, `disk`, `image_disk` or `none` (DescribeSnapshots docs). */
function createdDisks(r: Resource): boolean {
  return typeof r.properties.usage === 'string' && r.properties.usage.includes('disk');
}

function toResource(s: DescribeSnapshotsResponseBodySnapshotsSnapshot, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: s.snapshotId ?? '',
    name: s.snapshotName || undefined,
    createdAt: isoTime(s.creationTime),
    tags: tagsOf(s.tags?.tag),
    properties: {
      status: s.status ?? null,
      usage: s.usage ?? null,
      category: s.category ?? null,
      snapshotType: s.snapshotType ?? null,
      sourceDiskId: s.sourceDiskId || null,
    },
  };
}

export const ecsSnapshot: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::Snapshot'],
  tags: { source: "DescribeSnapshots (each snapshot's Tags)" },
  description: 'ECS disk snapshots (after the custom images built on them)',
  stepSummary: ['delete'],
  dependsOn: ['ecs.image'],
  hints: {
    SnapshotCreatedImage: 'a custom image was built from this snapshot: delete the image first (it is retried while the image goes)',
    SnapshotCreatedDisk:
      'disks were created from this snapshot: it is deleted with Force, after which those disks can no longer be re-initialised',
  },

  async *list(ctx) {
    const pages = nextTokenPages(async (nextToken) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeSnapshots(new DescribeSnapshotsRequest({ regionId: ctx.region, maxResults: PAGE_SIZE, nextToken }));
      return { page: res.body?.snapshots?.snapshot ?? [], nextToken: res.body?.nextToken };
    });
    for await (const page of pages) for (const s of page) if (s.snapshotId) yield toResource(s, ctx.region);
  },

  dependencies(r, inventory) {
    // DeleteSnapshot refuses with SnapshotCreatedImage (403) while an image uses it (API docs: DeleteSnapshot).
    return dependenciesOn(inventory, 'ecs.image', 'snapshotIds', r.id, 'custom image built from this snapshot');
  },

  steps(r) {
    return [
      {
        action: 'delete',
        description: createdDisks(r) ? 'delete the snapshot (Force: disks were created from it)' : 'delete the snapshot',
      },
    ];
  },

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    // Without Force a snapshot that created disks is refused with SnapshotCreatedDisk (403).
    await ctx.clients
      .ecs(ctx.region)
      .deleteSnapshot(new DeleteSnapshotRequest({ snapshotId: r.id, ...(createdDisks(r) ? { force: true } : {}) }));
  },

  async read(r, ctx) {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeSnapshots(new DescribeSnapshotsRequest({ regionId: ctx.region, snapshotIds: JSON.stringify([r.id]) }));
    const s = res.body?.snapshots?.snapshot?.find((x) => x.snapshotId === r.id);
    return s ? toResource(s, ctx.region) : undefined;
  },
};
