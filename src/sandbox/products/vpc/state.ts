/**
 * The VPC slice of the sandbox world: VPCs, vswitches, EIPs and NAT gateways, keyed by id,
 * each carrying its region.
 */
import type { World } from '../../framework.js';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export type VpcStatus = 'Pending' | 'Available' | 'Deleting';
export interface Vpc {
  readonly id: string;
  readonly region: string;
  name: string;
  readonly cidrBlock: string;
  readonly isDefault: boolean;
  readonly vRouterId: string;
  readonly routeTableId: string;
  status: VpcStatus;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export type VSwitchStatus = 'Pending' | 'Available';
export interface VSwitch {
  readonly id: string;
  readonly region: string;
  name: string;
  readonly vpcId: string;
  readonly zoneId: string;
  readonly cidrBlock: string;
  status: VSwitchStatus;
  readonly createdAt: string;
  readonly tags: Tag[];
}

/** The instance types an EIP can be bound to, as UnassociateEipAddress names them. */
export type EipInstanceType = 'EcsInstance' | 'SlbInstance' | 'NetworkInterface' | 'Nat' | 'HaVip';
export type EipStatus = 'Associating' | 'Unassociating' | 'InUse' | 'Available' | 'Releasing';
export interface Eip {
  readonly id: string;
  readonly region: string;
  name: string;
  readonly ipAddress: string;
  status: EipStatus;
  instanceId: string;
  instanceType: EipInstanceType | '';
  /** `PostPaid` (pay-as-you-go) or `PrePaid` (subscription). */
  readonly chargeType: 'PostPaid' | 'PrePaid';
  readonly internetChargeType: 'PayByBandwidth' | 'PayByTraffic';
  readonly bandwidth: number;
  deletionProtection: boolean;
  readonly expiredTime: string;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export interface SnatEntry {
  readonly id: string;
  readonly sourceVSwitchId: string;
  readonly sourceCidr: string;
  readonly snatIp: string;
}

export interface ForwardEntry {
  readonly id: string;
  readonly externalIp: string;
  readonly externalPort: string;
  readonly internalIp: string;
  readonly internalPort: string;
  readonly ipProtocol: string;
}

export type NatStatus = 'Creating' | 'Available' | 'Modifying' | 'Deleting' | 'Converting';
export interface NatGateway {
  readonly id: string;
  readonly region: string;
  name: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly zoneId: string;
  readonly natType: 'Enhanced';
  readonly networkType: 'internet' | 'intranet';
  readonly chargeType: 'PostPaid' | 'PrePaid';
  readonly spec: string;
  status: NatStatus;
  deletionProtection: boolean;
  readonly snatTableId: string;
  readonly forwardTableId: string;
  snatEntries: SnatEntry[];
  forwardEntries: ForwardEntry[];
  readonly expiredTime: string;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export class VpcState {
  readonly vpcs = new Map<string, Vpc>();
  readonly vSwitches = new Map<string, VSwitch>();
  readonly eips = new Map<string, Eip>();
  readonly natGateways = new Map<string, NatGateway>();
}

export function vpcState(world: World): VpcState {
  return world.slice('vpc', () => new VpcState());
}

/** A resource of another region is invisible, exactly as if it did not exist. */
export function inRegion<T extends { readonly region: string }>(r: T | undefined, region: string): T | undefined {
  return r !== undefined && r.region === region ? r : undefined;
}

export function wireTags(tags: readonly Tag[]): { Tag: Array<{ Key: string; Value: string }> } {
  return { Tag: tags.map((t) => ({ Key: t.key, Value: t.value })) };
}

export function natWireTags(tags: readonly Tag[]): { Tag: Array<{ TagKey: string; TagValue: string }> } {
  return { Tag: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) };
}

/**
 * Containers occupied by VPC resources: a vswitch and a NAT gateway sit in their VPC; a NAT
 * gateway also sits in its vswitch.
 */
export function registerVpcOccupancy(world: World): void {
  const s = vpcState(world);
  world.addOccupancy((container, id) => {
    const out: Array<{ product: string; kind: string; id: string }> = [];
    if (container === 'vpc')
      for (const v of s.vSwitches.values()) if (v.vpcId === id) out.push({ product: 'vpc', kind: 'VSwitch', id: v.id });
    for (const n of s.natGateways.values()) {
      if ((container === 'vpc' && n.vpcId === id) || (container === 'vswitch' && n.vSwitchId === id))
        out.push({ product: 'vpc', kind: 'NatGateway', id: n.id });
    }
    return out;
  });
}
