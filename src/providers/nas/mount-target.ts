/**
 * NAS mount targets (NAS 2017-06-26). Each sits in a vswitch of a VPC and keeps its file system
 * from being deleted, so it goes before both. DeleteMountTarget is asynchronous (the target shows
 * Deleting, then is gone); while the target is changing it answers OperationDenied.InvalidState or
 * VolumeStatusForbidOperation, which terraform-provider-alicloud retries
 * (resource_alicloud_nas_mount_target.go), as does apply. Gone: InvalidMountTarget.NotFound, or
 * Forbidden.NasNotFound once the file system itself is gone.
 */
import { isGone } from '../../cloud/errors.js';
import { addressOf, type Resource, type ResourceType, type ScanContext } from '../contract.js';
import { readThroughListing } from '../batch-read.js';
import { fileSystems, firstFileSystemPage, listOf, text, type MountTargetWire } from './file-system.js';

const TYPE = 'nas.mount-target';

function toResource(m: MountTargetWire, fileSystemId: string, region: string): Resource {
  return {
    type: TYPE,
    region,
    // The mount target's domain is its id (DeleteMountTarget takes it with the file system id).
    id: text(m.MountTargetDomain) ?? '',
    properties: {
      fileSystemId,
      // Active | Inactive | Pending | Deleting | Hibernating | Hibernated
      status: text(m.Status),
      networkType: text(m.NetworkType),
      vpcId: text(m.VpcId),
      vSwitchId: text(m.VswId),
      accessGroup: text(m.AccessGroupName) ?? text(m.AccessGroup),
    },
  };
}

async function describeMountTarget(r: Resource, ctx: ScanContext): Promise<Resource | undefined> {
  try {
    const body = await ctx.clients.generic('nas', ctx.region).call('DescribeMountTargets', {
      RegionId: ctx.region,
      FileSystemId: String(r.properties.fileSystemId),
      MountTargetDomain: r.id,
    });
    const m = listOf<MountTargetWire>(body, 'MountTargets', 'MountTarget').find((x) => x.MountTargetDomain === r.id);
    return m ? toResource(m, String(r.properties.fileSystemId), ctx.region) : undefined;
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

export const nasMountTarget: ResourceType = {
  type: TYPE,
  service: 'nas',
  scope: 'regional',
  description: 'NAS mount targets (before their file system and their vswitch)',
  stepSummary: ['delete'],
  dependsOn: [],
  // A mount target is part of its file system: a kept file system keeps its mount targets.
  touchesTypes: ['nas.file-system'],
  attachmentProperties: ['fileSystemId', 'vSwitchId'],
  tags: { none: true, keepInstead: 'keep its file system (a kept file system keeps its mount targets)' },
  hints: {
    'OperationDenied.InvalidState': 'the mount target is changing state; it is retried',
    VolumeStatusForbidOperation: 'the file system is changing state; it is retried',
  },

  async *list(ctx) {
    for await (const f of fileSystems(ctx))
      for (const m of f.MountTargets?.MountTarget ?? [])
        if (text(m.MountTargetDomain)) yield toResource(m, text(f.FileSystemId) ?? '', ctx.region);
  },

  dependencies: (r, inventory) => {
    const fileSystem = addressOf('nas.file-system', r.region, String(r.properties.fileSystemId));
    return inventory.get(fileSystem) ? [{ address: fileSystem, reason: 'mount target of this file system', keptWith: true }] : [];
  },

  steps: (r) => [{ action: 'delete', description: `delete the mount target of ${String(r.properties.fileSystemId)}` }],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients
      .generic('nas', ctx.region)
      .call('DeleteMountTarget', { RegionId: ctx.region, FileSystemId: String(r.properties.fileSystemId), MountTargetDomain: r.id });
  },

  read: (r, ctx) => describeMountTarget(r, ctx),

  // DescribeFileSystems answers each file system with its MountTargets (as the scan lists them):
  // one page of the region's file systems re-reads many mount targets.
  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      async () => {
        const { page, complete } = await firstFileSystemPage(ctx);
        const found = page.flatMap((f) =>
          (f.MountTargets?.MountTarget ?? [])
            .filter((m) => text(m.MountTargetDomain))
            .map((m) => toResource(m, text(f.FileSystemId) ?? '', ctx.region)),
        );
        return { found, complete };
      },
      (r) => describeMountTarget(r, ctx),
    ),
};
