/**
 * The ECS slice of the sandbox world: every ECS resource of the account, keyed by id, each
 * carrying its region. Handlers in the sibling files read and mutate it; `registerEcsOccupancy`
 * tells container products (VPC) what ECS resources sit in a VPC, vswitch or security group.
 */
import { SandboxApiError, type World } from '../../framework.js';

export type InstanceStatus = 'Pending' | 'Running' | 'Starting' | 'Stopping' | 'Stopped';
export type ChargeType = 'PrePaid' | 'PostPaid';
export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface EcsInstance {
  readonly id: string;
  readonly region: string;
  name: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly privateIp: string;
  securityGroupIds: string[];
  status: InstanceStatus;
  chargeType: ChargeType;
  /** ISO time; PostPaid instances report the far future, as the real API does. */
  expiredTime: string;
  deletionProtection: boolean;
  keyPairName: string;
  readonly instanceType: string;
  readonly imageId: string;
  readonly createdAt: string;
  readonly tags: Tag[];
  /** Set once DeleteInstance was accepted: the instance is on its way out (async). */
  releasing: boolean;
}

export type DiskStatus = 'In_use' | 'Available' | 'Attaching' | 'Detaching' | 'Creating' | 'ReIniting';
export interface EcsDisk {
  readonly id: string;
  readonly region: string;
  readonly zoneId: string;
  name: string;
  readonly type: 'system' | 'data';
  readonly category: string;
  readonly size: number;
  instanceId: string;
  status: DiskStatus;
  deleteWithInstance: boolean;
  /** Whether its automatic snapshots are released with it (DescribeDisks `DeleteAutoSnapshot`). */
  deleteAutoSnapshot: boolean;
  chargeType: ChargeType;
  readonly sourceSnapshotId: string;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export interface EcsSnapshot {
  readonly id: string;
  readonly region: string;
  name: string;
  /** `auto` (an automatic snapshot policy took it) or `user` (DescribeSnapshots `SnapshotType`). */
  readonly snapshotType: 'auto' | 'user';
  readonly sourceDiskId: string;
  readonly sourceDiskSize: number;
  readonly sourceDiskType: 'system' | 'data';
  readonly createdAt: string;
  readonly tags: Tag[];
}

export type ImageStatus = 'Creating' | 'Waiting' | 'Available' | 'UnAvailable' | 'CreateFailed' | 'Deprecated';
export interface EcsImage {
  readonly id: string;
  readonly region: string;
  name: string;
  status: ImageStatus;
  readonly snapshotIds: string[];
  /** Account ids the image is shared with. */
  sharedWith: Array<{ readonly accountId: string; readonly sharedAt: string }>;
  readonly size: number;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export interface SecurityGroupRule {
  readonly ruleId: string;
  readonly direction: 'ingress' | 'egress';
  readonly ipProtocol: string;
  readonly portRange: string;
  readonly policy: 'Accept' | 'Drop';
  readonly priority: string;
  readonly sourceCidrIp: string;
  readonly sourceGroupId: string;
  readonly destCidrIp: string;
  readonly destGroupId: string;
  readonly description: string;
  readonly createdAt: string;
}

export interface EcsSecurityGroup {
  readonly id: string;
  readonly region: string;
  name: string;
  readonly vpcId: string;
  readonly type: 'normal' | 'enterprise';
  /** Created and owned by another cloud service (e.g. an ACK cluster). */
  readonly serviceManaged: boolean;
  rules: SecurityGroupRule[];
  readonly createdAt: string;
  readonly tags: Tag[];
}

export interface EcsKeyPair {
  readonly name: string;
  readonly region: string;
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export type EniStatus = 'Available' | 'Attaching' | 'InUse' | 'Detaching' | 'Deleting';
export interface EcsNetworkInterface {
  readonly id: string;
  readonly region: string;
  name: string;
  readonly type: 'Primary' | 'Secondary';
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly privateIp: string;
  readonly macAddress: string;
  securityGroupIds: string[];
  instanceId: string;
  status: EniStatus;
  /** A secondary ENI with this flag goes with its instance; otherwise it is detached and kept. */
  readonly deleteOnRelease: boolean;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export class EcsState {
  regions: string[] = [];
  readonly instances = new Map<string, EcsInstance>();
  readonly disks = new Map<string, EcsDisk>();
  readonly snapshots = new Map<string, EcsSnapshot>();
  readonly images = new Map<string, EcsImage>();
  readonly securityGroups = new Map<string, EcsSecurityGroup>();
  /** Key pair names are unique per region: key = `<region>/<name>`. */
  readonly keyPairs = new Map<string, EcsKeyPair>();
  readonly networkInterfaces = new Map<string, EcsNetworkInterface>();
}

export function ecsState(world: World): EcsState {
  return world.slice('ecs', () => new EcsState());
}

export const keyPairKey = (region: string, name: string): string => `${region}/${name}`;

/** Far-future expiry the real API reports for pay-as-you-go resources. */
export const POSTPAID_EXPIRY = '2099-12-31T15:59Z';

/** ECS prints times to the minute: `2017-12-10T04:04Z`. */
export function ecsTime(iso: string): string {
  return iso.replace(/:\d{2}(\.\d+)?Z$/, 'Z');
}

/** Milliseconds since epoch of an ECS time (with or without seconds). */
export function parseEcsTime(t: string): number {
  return Date.parse(/T\d{2}:\d{2}Z$/.test(t) ? t.replace(/Z$/, ':00Z') : t);
}

export function wireTags(tags: readonly Tag[]): { Tag: Array<{ TagKey: string; TagValue: string }> } {
  return { Tag: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) };
}

export function notFound(code: string, what: string): SandboxApiError {
  return new SandboxApiError(404, code, `The specified ${what} does not exist.`);
}

/** A resource of another region is invisible, exactly as if it did not exist. */
export function inRegion<T extends { readonly region: string }>(r: T | undefined, region: string | undefined): T | undefined {
  if (r === undefined) return undefined;
  return region === undefined || region === '' || r.region === region ? r : undefined;
}

/**
 * Containers occupied by ECS resources: instances and ENIs sit in their vswitch, VPC and
 * security groups; security groups sit in their VPC. Primary ENIs are part of their
 * instance and are not reported separately.
 */
export function registerEcsOccupancy(world: World): void {
  const s = ecsState(world);
  world.addOccupancy((container, id) => {
    const out: Array<{ product: string; kind: string; id: string }> = [];
    for (const i of s.instances.values()) {
      const inside =
        (container === 'vpc' && i.vpcId === id) ||
        (container === 'vswitch' && i.vSwitchId === id) ||
        (container === 'security-group' && i.securityGroupIds.includes(id));
      if (inside) out.push({ product: 'ecs', kind: 'Instance', id: i.id });
    }
    for (const n of s.networkInterfaces.values()) {
      if (n.type === 'Primary') continue;
      const inside =
        (container === 'vpc' && n.vpcId === id) ||
        (container === 'vswitch' && n.vSwitchId === id) ||
        (container === 'security-group' && n.securityGroupIds.includes(id));
      if (inside) out.push({ product: 'ecs', kind: 'NetworkInterface', id: n.id });
    }
    if (container === 'vpc')
      for (const g of s.securityGroups.values()) if (g.vpcId === id) out.push({ product: 'ecs', kind: 'SecurityGroup', id: g.id });
    return out;
  });
}
