/**
 * Custom images and their sharing (API docs: ECS DescribeImages, DescribeImageSharePermission,
 * ModifyImageSharePermission, DeleteImage). The sandbox holds no public/system images: the
 * account's own images are all there is to tear down.
 */
import { SandboxApiError, bool, pageByNumber, repeatList, required, type RpcHandler, type World } from '../../framework.js';
import { ecsState, inRegion, notFound, wireTags, type EcsImage } from './state.js';

const IMAGE_NOT_FOUND = (): SandboxApiError => notFound('InvalidImageId.NotFound', 'ImageId');

function wireImage(world: World, m: EcsImage): Record<string, unknown> {
  const s = ecsState(world);
  const inUse = [...s.instances.values()].some((i) => i.imageId === m.id);
  return {
    ImageId: m.id,
    ImageName: m.name,
    ImageOwnerAlias: 'self',
    ImageOwnerId: Number(world.accountId),
    Status: m.status,
    Progress: m.status === 'Available' ? '100%' : '0%',
    CreationTime: m.createdAt,
    Size: m.size,
    OSType: 'linux',
    OSName: 'Alibaba Cloud Linux 3',
    OSNameEn: 'Alibaba Cloud Linux 3',
    Platform: 'Aliyun',
    Architecture: 'x86_64',
    BootMode: 'UEFI',
    IsSelfShared: m.sharedWith.length > 0 ? 'True' : 'False',
    IsPublic: false,
    IsCopied: false,
    IsSubscribed: false,
    IsSupportCloudinit: true,
    IsSupportIoOptimized: true,
    Usable: true,
    Usage: inUse ? 'instance' : 'none',
    DiskDeviceMappings: {
      DiskDeviceMapping: m.snapshotIds.map((snapshotId, n) => ({
        SnapshotId: snapshotId,
        Size: String(m.size),
        Device: n === 0 ? '/dev/xvda' : `/dev/xvd${String.fromCharCode(98 + n - 1)}`,
        Type: n === 0 ? 'system' : 'data',
      })),
    },
    Tags: wireTags(m.tags),
  };
}

/** Comma-separated multi-value parameter (`Status=Creating,Available`). */
function commaList(raw: string | undefined): string[] | undefined {
  return raw
    ? raw
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : undefined;
}

const describeImages: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  // Without Status, only Available images are returned (metadata ecs/2014-05-26 DescribeImages Status).
  const statuses = commaList(params.Status) ?? ['Available'];
  const ids = commaList(params.ImageId);
  const owner = params.ImageOwnerAlias;
  const ours = owner === undefined || owner === '' || owner === 'self';
  const matches = ours
    ? [...ecsState(world).images.values()].filter(
        (m) =>
          m.region === region &&
          statuses.includes(m.status) &&
          (ids === undefined || ids.includes(m.id)) &&
          (!params.ImageName || m.name === params.ImageName) &&
          (!params.SnapshotId || m.snapshotIds.includes(params.SnapshotId)),
      )
    : [];
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 100 });
  return {
    RegionId: region,
    Images: { Image: p.page.map((m) => wireImage(world, m)) },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

function findImage(world: World, params: Readonly<Record<string, string>>): EcsImage {
  const m = inRegion(ecsState(world).images.get(required(params, 'ImageId')), required(params, 'RegionId'));
  if (!m) throw IMAGE_NOT_FOUND();
  return m;
}

const describeImageSharePermission: RpcHandler = ({ params }, world) => {
  const m = findImage(world, params);
  const p = pageByNumber(m.sharedWith, params, { defaultSize: 10, maxSize: 100 });
  return {
    ImageId: m.id,
    RegionId: m.region,
    Accounts: { Account: p.page.map((a) => ({ AliyunId: a.accountId, SharedTime: a.sharedAt })) },
    ShareGroups: { ShareGroup: [] },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

/** At most 10 accounts per list; "the excess account IDs are ignored" (metadata ModifyImageSharePermission). */
const modifyImageSharePermission: RpcHandler = ({ params }, world) => {
  const m = findImage(world, params);
  const remove = new Set(repeatList(params, 'RemoveAccount').slice(0, 10));
  const add = repeatList(params, 'AddAccount').slice(0, 10);
  m.sharedWith = m.sharedWith.filter((a) => !remove.has(a.accountId));
  for (const accountId of add)
    if (!m.sharedWith.some((a) => a.accountId === accountId)) m.sharedWith.push({ accountId, sharedAt: world.nowIso() });
  return {};
};

/**
 * Shared images must be unshared first (ImageUseShared, 403, even with Force); Force only
 * overrides instances created from the image (ImageUsingByInstance, 403) (API docs: ECS DeleteImage).
 */
const deleteImage: RpcHandler = ({ params }, world) => {
  const m = findImage(world, params);
  const s = ecsState(world);
  if (m.status === 'Creating' || m.status === 'Waiting')
    throw new SandboxApiError(403, 'ImageIsCreating', 'The specified image is being created.');
  if (m.sharedWith.length > 0) throw new SandboxApiError(403, 'ImageUseShared', 'The specified image has been shared to others.');
  if (!bool(params.Force) && [...s.instances.values()].some((i) => i.imageId === m.id))
    throw new SandboxApiError(403, 'ImageUsingByInstance', 'The specified image has been used to create instances.');
  s.images.delete(m.id);
  return {};
};

export const imageActions: Readonly<Record<string, RpcHandler>> = {
  DescribeImages: describeImages,
  DescribeImageSharePermission: describeImageSharePermission,
  ModifyImageSharePermission: modifyImageSharePermission,
  DeleteImage: deleteImage,
};
