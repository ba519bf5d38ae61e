/**
 * ECS instances: listing, the preconditions of a release, and what a release does to the
 * instance's disks, ENIs and EIP (API docs: ECS DeleteInstance, DeleteInstances).
 */
import { SandboxApiError, bool, jsonList, repeatList, required, type RpcHandler, type World } from '../../framework.js';
import { vpcState } from '../vpc/state.js';
import { ecsPage } from './paging.js';
import { releaseDisk } from './snapshots.js';
import { ecsState, notFound, parseEcsTime, POSTPAID_EXPIRY, wireTags, type EcsInstance } from './state.js';

/** Realistic durations (divided by the world's speed). */
const STOP_MS = 10_000;
const RELEASE_MS = 15_000;
const CHARGE_TYPE_SWITCH_MS = 5_000;

export const INSTANCE_NOT_FOUND = (): SandboxApiError => notFound('InvalidInstanceId.NotFound', 'InstanceId');

function incorrectStatus(): SandboxApiError {
  return new SandboxApiError(403, 'IncorrectInstanceStatus', 'The current status of the resource does not support this operation.');
}

function wireInstance(world: World, i: EcsInstance): Record<string, unknown> {
  const s = ecsState(world);
  const eip = [...vpcState(world).eips.values()].find((e) => e.instanceType === 'EcsInstance' && e.instanceId === i.id);
  const enis = [...s.networkInterfaces.values()].filter((n) => n.instanceId === i.id);
  return {
    InstanceId: i.id,
    InstanceName: i.name,
    HostName: i.name,
    RegionId: i.region,
    ZoneId: i.zoneId,
    Status: i.status,
    InstanceChargeType: i.chargeType,
    InternetChargeType: 'PayByTraffic',
    ExpiredTime: i.expiredTime,
    CreationTime: i.createdAt,
    StartTime: i.createdAt,
    DeletionProtection: i.deletionProtection,
    InstanceType: i.instanceType,
    InstanceTypeFamily: i.instanceType.split('.').slice(0, 2).join('.'),
    ImageId: i.imageId,
    OSType: 'linux',
    OSName: 'Alibaba Cloud Linux 3',
    Cpu: 2,
    Memory: 4096,
    InstanceNetworkType: 'vpc',
    IoOptimized: true,
    VpcAttributes: { VpcId: i.vpcId, VSwitchId: i.vSwitchId, NatIpAddress: '', PrivateIpAddress: { IpAddress: [i.privateIp] } },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: [] },
    SecurityGroupIds: { SecurityGroupId: [...i.securityGroupIds] },
    EipAddress: eip
      ? {
          AllocationId: eip.id,
          IpAddress: eip.ipAddress,
          Bandwidth: eip.bandwidth,
          InternetChargeType: eip.internetChargeType,
          IsSupportUnassociate: true,
        }
      : { AllocationId: '', IpAddress: '', InternetChargeType: '' },
    KeyPairName: i.keyPairName,
    NetworkInterfaces: {
      NetworkInterface: enis.map((n) => ({
        NetworkInterfaceId: n.id,
        Type: n.type,
        PrimaryIpAddress: n.privateIp,
        MacAddress: n.macAddress,
        PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: n.privateIp, Primary: true }] },
      })),
    },
    OperationLocks: { LockReason: [] },
    Tags: wireTags(i.tags),
    Recyclable: false,
    StoppedMode: i.status === 'Stopped' ? 'KeepCharging' : 'Not-applicable',
  };
}

const describeInstances: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = params.InstanceIds !== undefined ? jsonList(params.InstanceIds, 'InstanceIds') : undefined;
  if (ids !== undefined && ids.length > 100)
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "InstanceIds" is not valid.');
  const matches = [...ecsState(world).instances.values()].filter(
    (i) =>
      i.region === region &&
      (ids === undefined || ids.includes(i.id)) &&
      (!params.VpcId || i.vpcId === params.VpcId) &&
      (!params.VSwitchId || i.vSwitchId === params.VSwitchId) &&
      (!params.ZoneId || i.zoneId === params.ZoneId) &&
      (!params.Status || i.status === params.Status) &&
      (!params.InstanceChargeType || i.chargeType === params.InstanceChargeType) &&
      (!params.SecurityGroupId || i.securityGroupIds.includes(params.SecurityGroupId)) &&
      (!params.KeyPairName || i.keyPairName === params.KeyPairName) &&
      (!params.InstanceName || i.name === params.InstanceName),
  );
  const page = ecsPage(matches, params, { defaultSize: 10, maxResults: 100, clampMin: 10, maxPageSize: 100 });
  return { Instances: { Instance: page.items.map((i) => wireInstance(world, i)) }, ...page.fields };
};

/** Checks every precondition of releasing `i`; throws the real error when one fails. */
function assertReleasable(world: World, i: EcsInstance, force: boolean, terminateSubscription: boolean): void {
  if (i.releasing) return;
  if (i.deletionProtection)
    throw new SandboxApiError(
      403,
      'InvalidOperation.DeletionProtection',
      'The specified instance is protected by deletion protection and cannot be released.',
    );
  // A subscription instance can be released only once expired, with TerminateSubscription=true
  // (metadata ecs/2014-05-26 DeleteInstance TerminateSubscription; API docs: ChargeTypeViolation).
  const expired = parseEcsTime(i.expiredTime) <= world.now();
  if (i.chargeType === 'PrePaid' && !(terminateSubscription && expired))
    throw new SandboxApiError(403, 'ChargeTypeViolation', 'The operation is not permitted due to charge type of the instance.');
  if (i.status === 'Running' && !force) throw incorrectStatus();
  if (i.status !== 'Running' && i.status !== 'Stopped') throw incorrectStatus();
  // A custom route whose next hop is the instance (API docs: DeleteInstance error codes).
  if (world.occupantsOf('next-hop', i.id).length > 0)
    throw new SandboxApiError(400, 'DependencyViolation.RouteEntry', 'Specified instance is used by route entry.');
}

/**
 * Starts the asynchronous release. When it completes: system disks and disks with
 * DeleteWithInstance go with the instance, other disks become Available pay-as-you-go disks;
 * the primary ENI goes with it; secondary ENIs are detached (deleted if DeleteOnRelease);
 * the EIP is NOT released, only unbound (API docs: ECS DeleteInstance "EIPs are not released
 * along with the instance") — the VPC module does that on `ecs.instance.released`.
 */
export function startRelease(world: World, i: EcsInstance): void {
  if (i.releasing) return;
  i.releasing = true;
  if (i.status === 'Running') i.status = 'Stopping';
  world.after(RELEASE_MS, () => {
    const s = ecsState(world);
    if (!s.instances.has(i.id)) return;
    s.instances.delete(i.id);
    for (const d of [...s.disks.values()]) {
      if (d.instanceId !== i.id) continue;
      if (d.type === 'system' || d.deleteWithInstance) releaseDisk(world, d);
      else Object.assign(d, { instanceId: '', status: 'Available', chargeType: 'PostPaid' });
    }
    for (const n of [...s.networkInterfaces.values()]) {
      if (n.instanceId !== i.id) continue;
      if (n.type === 'Primary' || n.deleteOnRelease) s.networkInterfaces.delete(n.id);
      else Object.assign(n, { instanceId: '', status: 'Available' });
    }
    world.emit('ecs.instance.released', { instanceId: i.id, regionId: i.region });
  });
}

const deleteInstance: RpcHandler = ({ params }, world) => {
  const i = ecsState(world).instances.get(required(params, 'InstanceId'));
  if (!i) throw INSTANCE_NOT_FOUND();
  assertReleasable(world, i, bool(params.Force), bool(params.TerminateSubscription));
  startRelease(world, i);
  return {};
};

/** All-or-nothing: one instance that cannot be released refuses the whole call. */
const deleteInstances: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = repeatList(params, 'InstanceId');
  if (ids.length === 0) required(params, 'InstanceId');
  if (ids.length > 100) throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "InstanceId" is not valid.');
  const s = ecsState(world);
  const instances = ids.map((id) => {
    const i = s.instances.get(id);
    if (!i || i.region !== region) throw INSTANCE_NOT_FOUND();
    return i;
  });
  for (const i of instances) assertReleasable(world, i, bool(params.Force), bool(params.TerminateSubscription));
  for (const i of instances) startRelease(world, i);
  return {};
};

const modifyInstanceChargeType: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = jsonList(required(params, 'InstanceIds'), 'InstanceIds');
  if (ids.length === 0 || ids.length > 20)
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "InstanceIds" is not valid.');
  const target = params.InstanceChargeType || 'PrePaid';
  // The sandbox only emulates the teardown direction; a purchase (→ PrePaid) needs Period etc.
  if (target !== 'PostPaid')
    throw new SandboxApiError(
      400,
      'InvalidParameter',
      'The specified parameter "InstanceChargeType" is not valid: the sandbox converts to PostPaid only.',
    );
  const s = ecsState(world);
  const instances = ids.map((id) => {
    const i = s.instances.get(id);
    if (!i || i.region !== region || i.releasing) throw INSTANCE_NOT_FOUND();
    // Only Running or Stopped instances can switch (API docs: ModifyInstanceChargeType).
    if (i.status !== 'Running' && i.status !== 'Stopped') throw incorrectStatus();
    return i;
  });
  const includeDataDisks = bool(params.IncludeDataDisks);
  world.after(CHARGE_TYPE_SWITCH_MS, () => {
    for (const i of instances) {
      i.chargeType = 'PostPaid';
      i.expiredTime = POSTPAID_EXPIRY;
      for (const d of s.disks.values()) if (d.instanceId === i.id && (d.type === 'system' || includeDataDisks)) d.chargeType = 'PostPaid';
    }
  });
  return {
    OrderId: String(200000000000000 + (world.now() % 1_000_000)),
    FeeOfInstances: { FeeOfInstance: instances.map((i) => ({ InstanceId: i.id, Fee: '0', Currency: 'CNY' })) },
  };
};

const modifyInstanceAttribute: RpcHandler = ({ params }, world) => {
  const i = ecsState(world).instances.get(required(params, 'InstanceId'));
  if (!i || i.releasing) throw INSTANCE_NOT_FOUND();
  if (params.DeletionProtection !== undefined && params.DeletionProtection !== '') i.deletionProtection = bool(params.DeletionProtection);
  if (params.InstanceName) i.name = params.InstanceName;
  return {};
};

const stopInstance: RpcHandler = ({ params }, world) => {
  const i = ecsState(world).instances.get(required(params, 'InstanceId'));
  if (!i || i.releasing) throw INSTANCE_NOT_FOUND();
  if (i.status !== 'Running') throw incorrectStatus();
  i.status = 'Stopping';
  world.after(STOP_MS, () => {
    if (i.status === 'Stopping' && !i.releasing) i.status = 'Stopped';
  });
  return {};
};

export const instanceActions: Readonly<Record<string, RpcHandler>> = {
  DescribeInstances: describeInstances,
  DeleteInstance: deleteInstance,
  DeleteInstances: deleteInstances,
  ModifyInstanceChargeType: modifyInstanceChargeType,
  ModifyInstanceAttribute: modifyInstanceAttribute,
  StopInstance: stopInstance,
};
