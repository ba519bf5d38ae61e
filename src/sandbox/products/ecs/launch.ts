/**
 * Instances launched by another product (an Auto Scaling group, an ACK node pool): the same
 * instance, system disk and primary ENI a scenario's instance has, created at run time.
 */
import type { World } from '../../framework.js';
import { ecsState, ecsTime, POSTPAID_EXPIRY, type Tag } from './state.js';

export interface LaunchSpec {
  readonly region: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly securityGroupIds: readonly string[];
  readonly name: string;
  readonly instanceType?: string;
  readonly imageId?: string;
  readonly tags?: readonly Tag[];
}

/** Creates a running pay-as-you-go instance; returns its id. */
export function launchInstance(world: World, spec: LaunchSpec): string {
  const s = ecsState(world);
  const id = world.nextId('i');
  const createdAt = ecsTime(world.nowIso());
  const privateIp = `10.${(s.instances.size >> 8) & 255}.${s.instances.size & 255}.${100 + (s.instances.size % 100)}`;
  s.instances.set(id, {
    id,
    region: spec.region,
    name: spec.name,
    zoneId: spec.zoneId,
    vpcId: spec.vpcId,
    vSwitchId: spec.vSwitchId,
    privateIp,
    securityGroupIds: [...spec.securityGroupIds],
    status: 'Running',
    chargeType: 'PostPaid',
    expiredTime: POSTPAID_EXPIRY,
    deletionProtection: false,
    keyPairName: '',
    instanceType: spec.instanceType ?? 'ecs.g7.large',
    imageId: spec.imageId ?? 'aliyun_3_x64_20G_alibase_20240528.vhd',
    createdAt,
    tags: [...(spec.tags ?? [])],
    releasing: false,
  });
  const diskId = world.nextId('d');
  s.disks.set(diskId, {
    id: diskId,
    region: spec.region,
    zoneId: spec.zoneId,
    name: `${id}-system`,
    type: 'system',
    category: 'cloud_essd',
    size: 40,
    instanceId: id,
    status: 'In_use',
    deleteWithInstance: true,
    deleteAutoSnapshot: true,
    chargeType: 'PostPaid',
    sourceSnapshotId: '',
    createdAt,
    tags: [],
  });
  const eniId = world.nextId('eni');
  s.networkInterfaces.set(eniId, {
    id: eniId,
    region: spec.region,
    name: '',
    type: 'Primary',
    zoneId: spec.zoneId,
    vpcId: spec.vpcId,
    vSwitchId: spec.vSwitchId,
    privateIp,
    macAddress: `00:16:3e:${eniId.slice(4, 6)}:${eniId.slice(6, 8)}:${eniId.slice(8, 10)}`,
    securityGroupIds: [...spec.securityGroupIds],
    instanceId: id,
    status: 'InUse',
    deleteOnRelease: true,
    createdAt,
    tags: [],
  });
  return id;
}
