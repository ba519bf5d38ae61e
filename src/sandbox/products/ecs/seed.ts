/**
 * Loads the `ecs` section of a scenario (format: docs/sandbox-ecs-vpc.md). An instance's VPC
 * and zone default to those of its vswitch in the `vpc` section; every instance gets a system
 * disk and a primary ENI unless the section declares them.
 */
import type { World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { ecsState, ecsTime, keyPairKey, POSTPAID_EXPIRY, type EcsState } from './state.js';

function ipFor(n: number): string {
  return `10.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
}

function macFor(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `00:16:3e:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function fingerprintFor(name: string): string {
  let h = 0;
  for (const c of name) h = (h * 131 + c.charCodeAt(0)) >>> 0;
  return Array.from({ length: 16 }, (_, n) => (((h >>> ((n % 4) * 8)) + n * 37) & 0xff).toString(16).padStart(2, '0')).join(':');
}

export function seedEcs(world: World, scenario: ScenarioRecord): void {
  const s = ecsState(world);
  const account = SectionReader.section(scenario, 'account');
  s.regions = account.strings('regions');
  const vSwitches = new Map(
    SectionReader.section(scenario, 'vpc')
      .list('vSwitches')
      .map((v) => [v.str('id'), { vpcId: v.str('vpcId'), zoneId: v.str('zoneId', '') }] as const),
  );
  const ecs = SectionReader.section(scenario, 'ecs');
  const now = ecsTime(world.nowIso());
  let ipSeq = 0;

  for (const r of ecs.list('securityGroups')) {
    const id = r.str('id');
    s.securityGroups.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      vpcId: r.str('vpcId'),
      type: r.oneOf('type', ['normal', 'enterprise'], 'normal'),
      serviceManaged: r.bool('serviceManaged', false),
      rules: r.list('rules').map((rule, n) => ({
        ruleId: rule.str('id', `sgr-${id.replace(/^sg-/, '')}-${n + 1}`),
        direction: rule.oneOf('direction', ['ingress', 'egress'], 'ingress'),
        ipProtocol: rule.oneOf('ipProtocol', ['TCP', 'UDP', 'ICMP', 'GRE', 'ALL'], 'TCP'),
        portRange: rule.str('portRange', '-1/-1'),
        policy: rule.oneOf('policy', ['Accept', 'Drop'], 'Accept'),
        priority: String(rule.num('priority', 1)),
        sourceCidrIp: rule.str('sourceCidrIp', ''),
        sourceGroupId: rule.str('sourceGroupId', ''),
        destCidrIp: rule.str('destCidrIp', ''),
        destGroupId: rule.str('destGroupId', ''),
        description: rule.str('description', ''),
        createdAt: now,
      })),
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  for (const r of ecs.list('keyPairs')) {
    const name = r.str('name');
    const region = r.str('region');
    s.keyPairs.set(keyPairKey(region, name), {
      name,
      region,
      fingerprint: r.str('fingerprint', fingerprintFor(name)),
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  for (const r of ecs.list('instances')) {
    const id = r.str('id');
    const region = r.str('region');
    const vSwitchId = r.str('vSwitchId');
    const vsw = vSwitches.get(vSwitchId);
    const chargeType = r.oneOf('chargeType', ['PostPaid', 'PrePaid'], 'PostPaid');
    const zoneId = r.str('zoneId', vsw?.zoneId || `${region}-a`);
    const vpcId = r.str('vpcId', vsw?.vpcId ?? '');
    if (vpcId === '') throw new Error(`scenario ${r.path}.vpcId: required when vswitch ${vSwitchId} is not in the vpc section`);
    const privateIp = r.str('privateIp', ipFor(ipSeq++));
    const createdAt = r.str('createdAt', now);
    const securityGroupIds = r.strings('securityGroupIds');
    s.instances.set(id, {
      id,
      region,
      name: r.str('name', id),
      zoneId,
      vpcId,
      vSwitchId,
      privateIp,
      securityGroupIds,
      status: r.oneOf('status', ['Running', 'Stopped'], 'Running'),
      chargeType,
      expiredTime: chargeType === 'PrePaid' ? r.str('expiredTime') : POSTPAID_EXPIRY,
      deletionProtection: r.bool('deletionProtection', false),
      keyPairName: r.str('keyPairName', ''),
      instanceType: r.str('instanceType', 'ecs.g7.large'),
      imageId: r.str('imageId', 'aliyun_3_x64_20G_alibase_20240528.vhd'),
      createdAt,
      tags: r.tags(),
      releasing: false,
    });
    const systemDiskId = r.str('systemDiskId', world.nextId('d'));
    s.disks.set(systemDiskId, {
      id: systemDiskId,
      region,
      zoneId,
      name: `${id}-system`,
      type: 'system',
      category: 'cloud_essd',
      size: 40,
      instanceId: id,
      status: 'In_use',
      deleteWithInstance: true,
      deleteAutoSnapshot: true,
      chargeType,
      sourceSnapshotId: '',
      createdAt,
      tags: [],
    });
    const primaryEniId = r.str('primaryEniId', world.nextId('eni'));
    s.networkInterfaces.set(primaryEniId, {
      id: primaryEniId,
      region,
      name: '',
      type: 'Primary',
      zoneId,
      vpcId,
      vSwitchId,
      privateIp,
      macAddress: macFor(primaryEniId),
      securityGroupIds: [...securityGroupIds],
      instanceId: id,
      status: 'InUse',
      deleteOnRelease: true,
      createdAt,
      tags: [],
    });
  }

  for (const r of ecs.list('disks')) {
    const id = r.str('id');
    const region = r.str('region');
    const instanceId = r.str('instanceId', '');
    const instance = s.instances.get(instanceId);
    if (instanceId !== '' && !instance) throw new Error(`scenario ${r.path}.instanceId: no instance ${instanceId} in the ecs section`);
    s.disks.set(id, {
      id,
      region,
      zoneId: r.str('zoneId', instance?.zoneId ?? `${region}-a`),
      name: r.str('name', id),
      type: r.oneOf('type', ['system', 'data'], 'data'),
      category: r.str('category', 'cloud_essd'),
      size: r.num('size', 100),
      instanceId,
      status: instanceId === '' ? 'Available' : 'In_use',
      deleteWithInstance: r.bool('deleteWithInstance', instanceId !== ''),
      deleteAutoSnapshot: r.bool('deleteAutoSnapshot', true),
      chargeType: r.oneOf('chargeType', ['PostPaid', 'PrePaid'], 'PostPaid'),
      sourceSnapshotId: r.str('sourceSnapshotId', ''),
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  for (const r of ecs.list('snapshots')) {
    const id = r.str('id');
    const sourceDiskId = r.str('sourceDiskId');
    const disk = s.disks.get(sourceDiskId);
    s.snapshots.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      snapshotType: r.oneOf('snapshotType', ['auto', 'user'], 'user'),
      sourceDiskId,
      sourceDiskSize: disk?.size ?? 40,
      sourceDiskType: disk?.type ?? 'data',
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  for (const r of ecs.list('images')) {
    const id = r.str('id');
    s.images.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      status: r.oneOf('status', ['Creating', 'Waiting', 'Available', 'UnAvailable', 'CreateFailed', 'Deprecated'], 'Available'),
      snapshotIds: r.strings('snapshotIds'),
      sharedWith: r.strings('sharedWith').map((accountId) => ({ accountId, sharedAt: now })),
      size: r.num('size', 40),
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  for (const r of ecs.list('networkInterfaces')) {
    const id = r.str('id');
    const region = r.str('region');
    const vSwitchId = r.str('vSwitchId');
    const vsw = vSwitches.get(vSwitchId);
    const instanceId = r.str('instanceId', '');
    if (instanceId !== '' && !s.instances.has(instanceId))
      throw new Error(`scenario ${r.path}.instanceId: no instance ${instanceId} in the ecs section`);
    s.networkInterfaces.set(id, {
      id,
      region,
      name: r.str('name', id),
      type: 'Secondary',
      zoneId: r.str('zoneId', vsw?.zoneId || `${region}-a`),
      vpcId: r.str('vpcId', vsw?.vpcId ?? ''),
      vSwitchId,
      privateIp: r.str('privateIp', ipFor(ipSeq++)),
      macAddress: macFor(id),
      securityGroupIds: r.strings('securityGroupIds'),
      instanceId,
      status: instanceId === '' ? 'Available' : 'InUse',
      deleteOnRelease: r.bool('deleteOnRelease', false),
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }
}

/** A JSON view of the slice for the admin API, sorted by id. */
export function dumpEcs(s: EcsState): Record<string, unknown> {
  const sorted = <T>(m: Map<string, T>): T[] => [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, v]) => v);
  return {
    regions: s.regions,
    instances: sorted(s.instances),
    disks: sorted(s.disks),
    snapshots: sorted(s.snapshots),
    images: sorted(s.images),
    securityGroups: sorted(s.securityGroups),
    keyPairs: sorted(s.keyPairs),
    networkInterfaces: sorted(s.networkInterfaces),
  };
}
