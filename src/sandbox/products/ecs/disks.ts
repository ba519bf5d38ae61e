/** ECS disks (API docs: ECS DescribeDisks, DetachDisk, DeleteDisk). */
import { SandboxApiError, bool, jsonList, required, type RpcHandler, type World } from '../../framework.js';
import { INSTANCE_NOT_FOUND } from './instances.js';
import { releaseDisk } from './snapshots.js';
import { ecsPage } from './paging.js';
import { ecsState, inRegion, notFound, POSTPAID_EXPIRY, wireTags, type EcsDisk } from './state.js';

const DETACH_MS = 10_000;

function incorrectDiskStatus(): SandboxApiError {
  return new SandboxApiError(403, 'IncorrectDiskStatus', 'The current disk status does not support this operation.');
}

function wireDisk(world: World, d: EcsDisk): Record<string, unknown> {
  const attached = d.instanceId !== '';
  return {
    DiskId: d.id,
    DiskName: d.name,
    RegionId: d.region,
    ZoneId: d.zoneId,
    Type: d.type,
    Category: d.category,
    Size: d.size,
    Status: d.status,
    InstanceId: d.instanceId,
    Device: attached ? (d.type === 'system' ? '/dev/xvda' : '/dev/xvdb') : '',
    AttachedTime: attached ? d.createdAt : '',
    Attachments: {
      Attachment: attached
        ? [{ InstanceId: d.instanceId, Device: d.type === 'system' ? '/dev/xvda' : '/dev/xvdb', AttachedTime: d.createdAt }]
        : [],
    },
    DeleteWithInstance: d.deleteWithInstance,
    DeleteAutoSnapshot: d.deleteAutoSnapshot,
    DiskChargeType: d.chargeType,
    ExpiredTime:
      d.chargeType === 'PostPaid' ? POSTPAID_EXPIRY : (ecsState(world).instances.get(d.instanceId)?.expiredTime ?? POSTPAID_EXPIRY),
    Portable: d.type === 'data',
    Encrypted: false,
    SourceSnapshotId: d.sourceSnapshotId,
    CreationTime: d.createdAt,
    OperationLocks: { OperationLock: [] },
    MultiAttach: 'Disabled',
    Tags: wireTags(d.tags),
  };
}

const describeDisks: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = params.DiskIds !== undefined ? jsonList(params.DiskIds, 'DiskIds') : undefined;
  const status = params.Status && params.Status !== 'All' ? params.Status : undefined;
  const type = params.DiskType && params.DiskType !== 'all' ? params.DiskType : undefined;
  const matches = [...ecsState(world).disks.values()].filter(
    (d) =>
      d.region === region &&
      (ids === undefined || ids.includes(d.id)) &&
      (!params.InstanceId || d.instanceId === params.InstanceId) &&
      (status === undefined || d.status === status) &&
      (type === undefined || d.type === type) &&
      (!params.DiskChargeType || d.chargeType === params.DiskChargeType) &&
      (!params.Category || d.category === params.Category),
  );
  const page = ecsPage(matches, params, { defaultSize: 10, maxResults: 500, clampMin: 10, maxPageSize: 100 });
  return { Disks: { Disk: page.items.map((d) => wireDisk(world, d)) }, ...page.fields };
};

const detachDisk: RpcHandler = ({ params }, world) => {
  const s = ecsState(world);
  const d = s.disks.get(required(params, 'DiskId'));
  if (!d) throw notFound('InvalidDiskId.NotFound', 'disk');
  const i = s.instances.get(required(params, 'InstanceId'));
  if (!i || i.releasing) throw INSTANCE_NOT_FOUND();
  if (d.instanceId !== i.id || d.status !== 'In_use') throw incorrectDiskStatus();
  // The instance must be Running or Stopped; a system disk only comes off a Stopped instance
  // (API docs: DetachDisk).
  if (i.status !== 'Running' && i.status !== 'Stopped')
    throw new SandboxApiError(403, 'IncorrectInstanceStatus', 'The current status of the resource does not support this operation.');
  if (d.type === 'system' && i.status !== 'Stopped')
    throw new SandboxApiError(403, 'IncorrectInstanceStatus', 'The current status of the resource does not support this operation.');
  if (params.DeleteWithInstance !== undefined && params.DeleteWithInstance !== '') d.deleteWithInstance = bool(params.DeleteWithInstance);
  d.status = 'Detaching';
  world.after(DETACH_MS, () => {
    if (d.status !== 'Detaching') return;
    d.status = 'Available';
    d.instanceId = '';
  });
  return {};
};

/** "If the specified DiskId parameter does not exist, the request is ignored." (API docs: DeleteDisk) */
const deleteDisk: RpcHandler = ({ params }, world) => {
  const s = ecsState(world);
  const d = inRegion(s.disks.get(required(params, 'DiskId')), params.RegionId);
  if (!d) return {};
  if (d.status !== 'Available') throw incorrectDiskStatus();
  releaseDisk(world, d);
  return {};
};

export const diskActions: Readonly<Record<string, RpcHandler>> = {
  DescribeDisks: describeDisks,
  DetachDisk: detachDisk,
  DeleteDisk: deleteDisk,
};
