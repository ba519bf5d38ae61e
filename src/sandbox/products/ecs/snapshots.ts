/** ECS snapshots (API docs: ECS DescribeSnapshots, DeleteSnapshot). */
import { SandboxApiError, bool, jsonList, required, type RpcHandler, type World } from '../../framework.js';
import { ecsPage } from './paging.js';
import { ecsState, notFound, wireTags, type EcsDisk, type EcsSnapshot } from './state.js';

/** `image`, `disk`, `image_disk` or `none`, as DescribeSnapshots reports `Usage`. */
export function snapshotUsage(world: World, snapshotId: string): 'image' | 'disk' | 'image_disk' | 'none' {
  const s = ecsState(world);
  const byImage = [...s.images.values()].some((m) => m.snapshotIds.includes(snapshotId));
  const byDisk = [...s.disks.values()].some((d) => d.sourceSnapshotId === snapshotId);
  if (byImage && byDisk) return 'image_disk';
  return byImage ? 'image' : byDisk ? 'disk' : 'none';
}

/**
 * A disk is released (DeleteDisk, or with its instance): its automatic snapshots go with it
 * when its DeleteAutoSnapshot is true (ECS DeleteInstance API docs: "If DeleteAutoSnapshot=false,
 * automatic snapshots are retained. Otherwise, they are released along with the instance"),
 * except one an image or a disk was built from (ECS "Delete a snapshot" names snapshots that
 * are not deleted with their source disk; which ones exactly is UNCONFIRMED).
 */
export function releaseDisk(world: World, d: EcsDisk): void {
  const s = ecsState(world);
  s.disks.delete(d.id);
  if (!d.deleteAutoSnapshot) return;
  for (const sn of [...s.snapshots.values()])
    if (sn.sourceDiskId === d.id && sn.snapshotType === 'auto' && snapshotUsage(world, sn.id) === 'none') s.snapshots.delete(sn.id);
}

function wireSnapshot(world: World, sn: EcsSnapshot): Record<string, unknown> {
  return {
    SnapshotId: sn.id,
    SnapshotName: sn.name,
    RegionId: sn.region,
    Status: 'accomplished',
    Available: true,
    Progress: '100%',
    Category: 'standard',
    SnapshotType: sn.snapshotType,
    Usage: snapshotUsage(world, sn.id),
    SourceDiskId: sn.sourceDiskId,
    SourceDiskSize: String(sn.sourceDiskSize),
    SourceDiskType: sn.sourceDiskType,
    SourceStorageType: 'disk',
    Encrypted: false,
    RetentionDays: 0,
    CreationTime: sn.createdAt,
    LastModifiedTime: sn.createdAt,
    Tags: wireTags(sn.tags),
  };
}

const describeSnapshots: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = params.SnapshotIds !== undefined ? jsonList(params.SnapshotIds, 'SnapshotIds') : undefined;
  const matches = [...ecsState(world).snapshots.values()].filter(
    (sn) =>
      sn.region === region &&
      (ids === undefined || ids.includes(sn.id)) &&
      (!params.DiskId || sn.sourceDiskId === params.DiskId) &&
      (!params.Usage || snapshotUsage(world, sn.id) === params.Usage),
  );
  const page = ecsPage(matches, params, { defaultSize: 10, maxResults: 100, maxPageSize: 100 });
  return { Snapshots: { Snapshot: page.items.map((sn) => wireSnapshot(world, sn)) }, ...page.fields };
};

/**
 * A snapshot behind a custom image cannot go until the image is gone (SnapshotCreatedImage);
 * one that created disks needs Force (SnapshotCreatedDisk) (API docs: ECS DeleteSnapshot).
 */
const deleteSnapshot: RpcHandler = ({ params }, world) => {
  const s = ecsState(world);
  const sn = s.snapshots.get(required(params, 'SnapshotId'));
  if (!sn) throw notFound('InvalidSnapshotId.NotFound', 'snapshot');
  const usage = snapshotUsage(world, sn.id);
  if (usage === 'image' || usage === 'image_disk')
    throw new SandboxApiError(403, 'SnapshotCreatedImage', 'The snapshot has been used to create user defined image(s).');
  if (usage === 'disk' && !bool(params.Force))
    throw new SandboxApiError(403, 'SnapshotCreatedDisk', 'The snapshot has been used to create disk(s). Use Force to delete it.');
  s.snapshots.delete(sn.id);
  return {};
};

export const snapshotActions: Readonly<Record<string, RpcHandler>> = {
  DescribeSnapshots: describeSnapshots,
  DeleteSnapshot: deleteSnapshot,
};
