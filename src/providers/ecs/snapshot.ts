import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeSnapshotsResponseBodySnapshotsSnapshot } from '@alicloud/ecs20140526';
import { addressOf, type Inventory, type Resource, type ResourceType } from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { dependenciesOn, isoTime, stringProperty, tagsOf } from '../references.js';

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

/**
 * The disk whose release takes this snapshot along: an automatic snapshot (`SnapshotType`
 * auto) of a disk with DeleteAutoSnapshot=true ("If DeleteAutoSnapshot=false, automatic
 * snapshots are retained. Otherwise, they are released along with the instance", ECS
 * DeleteInstance API docs; the same holds when the disk itself is released, ECS "Delete a
 * snapshot": automatic snapshots "deleted when their source disks are released"). Only one
 * nothing was built from (`Usage` none): the docs name snapshots that are not deleted with
 * their disk, and one behind an image or disks is not taken for released. Any other snapshot
 * is deleted by its own step.
 */
function releasingDisk(r: Resource, inventory: Inventory): string | undefined {
  const diskId = stringProperty(r, 'sourceDiskId');
  if (r.properties.snapshotType !== 'auto' || r.properties.usage !== 'none' || !diskId) return undefined;
  const address = addressOf('ecs.disk', r.region, diskId);
  return inventory.get(address)?.properties.deleteAutoSnapshot === true ? address : undefined;
}

export const ecsSnapshot: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::Snapshot'],
  tags: { source: "DescribeSnapshots (each snapshot's Tags)" },
  description:
    'ECS disk snapshots (after the custom images built on them); automatic snapshots of a disk with DeleteAutoSnapshot are released with it',
  stepSummary: ['delete', 'released-with-owner'],
  dependsOn: ['ecs.image', 'ecs.disk'],
  ownedBy: ['ecs.disk'],
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
    const images = dependenciesOn(inventory, 'ecs.image', 'snapshotIds', r.id, 'custom image built from this snapshot');
    const disk = releasingDisk(r, inventory);
    return disk
      ? [...images, { address: disk, reason: 'automatic snapshot of this disk, which releases it (DeleteAutoSnapshot)', owner: true }]
      : images;
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
