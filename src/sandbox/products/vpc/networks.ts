/**
 * VPCs and vswitches (API docs: VPC DescribeVpcs, DescribeVSwitches, DeleteVpc, DeleteVSwitch;
 * terraform-provider-alicloud alicloud/resource_alicloud_vpc.go, resource_alicloud_vswitch.go).
 */
import { SandboxApiError, pageByNumber, required, type Occupant, type RpcHandler, type World } from '../../framework.js';
import { inRegion, vpcState, wireTags, type Vpc, type VSwitch } from './state.js';

const VPC_DELETE_MS = 5_000;
const VSWITCH_DELETE_MS = 3_000;

function commaList(raw: string | undefined): string[] | undefined {
  return raw
    ? raw
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : undefined;
}

function wireVpc(world: World, v: Vpc): Record<string, unknown> {
  const s = vpcState(world);
  return {
    VpcId: v.id,
    VpcName: v.name,
    RegionId: v.region,
    Status: v.status,
    CidrBlock: v.cidrBlock,
    Description: '',
    CreationTime: v.createdAt,
    IsDefault: v.isDefault,
    VRouterId: v.vRouterId,
    EnabledIpv6: false,
    Ipv6CidrBlock: '',
    OwnerId: Number(world.accountId),
    ResourceGroupId: '',
    CenStatus: 'Detached',
    DnsHostnameStatus: 'DISABLED',
    VSwitchIds: { VSwitchId: [...s.vSwitches.values()].filter((w) => w.vpcId === v.id).map((w) => w.id) },
    RouterTableIds: { RouterTableIds: [v.routeTableId] },
    NatGatewayIds: { NatGatewayIds: [...s.natGateways.values()].filter((n) => n.vpcId === v.id).map((n) => n.id) },
    SecondaryCidrBlocks: { SecondaryCidrBlock: [] },
    UserCidrs: { UserCidr: [] },
    Tags: wireTags(v.tags),
  };
}

const describeVpcs: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = commaList(params.VpcId);
  if (ids !== undefined && ids.length > 20)
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "VpcId" is not valid.');
  const matches = [...vpcState(world).vpcs.values()].filter(
    (v) =>
      v.region === region &&
      (ids === undefined || ids.includes(v.id)) &&
      (!params.VpcName || v.name === params.VpcName) &&
      (params.IsDefault === undefined || params.IsDefault === '' || String(v.isDefault) === params.IsDefault),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return { Vpcs: { Vpc: p.page.map((v) => wireVpc(world, v)) }, PageNumber: p.pageNumber, PageSize: p.pageSize, TotalCount: p.totalCount };
};

function wireVSwitch(world: World, w: VSwitch): Record<string, unknown> {
  const vpc = vpcState(world).vpcs.get(w.vpcId);
  const occupants = world.occupantsOf('vswitch', w.id);
  // The custom route table it is associated with, else its VPC's system table.
  const custom = occupants.find((o) => o.kind === 'RouteTable');
  return {
    VSwitchId: w.id,
    VSwitchName: w.name,
    VpcId: w.vpcId,
    ZoneId: w.zoneId,
    CidrBlock: w.cidrBlock,
    Status: w.status,
    Description: '',
    CreationTime: w.createdAt,
    IsDefault: false,
    AvailableIpAddressCount: 250 - occupants.filter((o) => o.kind !== 'RouteTable').length,
    OwnerId: Number(world.accountId),
    ResourceGroupId: '',
    EnabledIpv6: false,
    Ipv6CidrBlock: '',
    NetworkAclId: '',
    ShareType: 'Sharing',
    RouteTable: custom
      ? { RouteTableId: custom.id, RouteTableType: 'Custom' }
      : { RouteTableId: vpc?.routeTableId ?? '', RouteTableType: 'System' },
    Tags: wireTags(w.tags),
  };
}

/** At least one of RegionId and VpcId (metadata vpc/2016-04-28 DescribeVSwitches VpcId). */
const describeVSwitches: RpcHandler = ({ params }, world) => {
  if (!params.RegionId && !params.VpcId) required(params, 'RegionId');
  const matches = [...vpcState(world).vSwitches.values()].filter(
    (w) =>
      (!params.RegionId || w.region === params.RegionId) &&
      (!params.VpcId || w.vpcId === params.VpcId) &&
      (!params.VSwitchId || w.id === params.VSwitchId) &&
      (!params.ZoneId || w.zoneId === params.ZoneId) &&
      (!params.VSwitchName || w.name === params.VSwitchName),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return {
    VSwitches: { VSwitch: p.page.map((w) => wireVSwitch(world, w)) },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

/** The DependencyViolation sub-code DeleteVpc answers for an occupant (API docs: DeleteVpc). */
function vpcDependencyCode(o: Occupant): string {
  switch (o.kind) {
    case 'VSwitch':
      return 'DependencyViolation.VSwitch';
    case 'SecurityGroup':
      return 'DependencyViolation.SecurityGroup';
    case 'NatGateway':
      return 'DependencyViolation.NatGateway';
    case 'RouteEntry':
      return 'DependencyViolation.RouteEntry';
    default:
      return 'DependencyViolation.Instance';
  }
}

/** Vswitches are reported first: nothing else can be in a VPC without being in one of them. */
const VPC_OCCUPANT_ORDER = ['VSwitch', 'NatGateway', 'SecurityGroup', 'RouteEntry'];

const deleteVpc: RpcHandler = ({ params }, world) => {
  const s = vpcState(world);
  const v = inRegion(s.vpcs.get(required(params, 'VpcId')), required(params, 'RegionId'));
  if (!v) throw new SandboxApiError(404, 'InvalidVpcId.NotFound', 'Specified VPC does not exist.');
  if (v.status === 'Deleting') return {};
  if (v.status !== 'Available')
    throw new SandboxApiError(400, 'IncorrectVpcStatus', 'The current status of the VPC does not support this operation.');
  const rank = (o: Occupant): number => {
    const n = VPC_OCCUPANT_ORDER.indexOf(o.kind);
    return n === -1 ? VPC_OCCUPANT_ORDER.length : n;
  };
  const first = world.occupantsOf('vpc', v.id).sort((a, b) => rank(a) - rank(b))[0];
  if (first)
    throw new SandboxApiError(400, vpcDependencyCode(first), `Specified object has dependent resources: ${first.kind} ${first.id}.`);
  v.status = 'Deleting';
  world.after(VPC_DELETE_MS, () => {
    s.vpcs.delete(v.id);
  });
  return {};
};

/**
 * Refused with DependencyViolation (400) while anything sits in the vswitch; a HaVip or an
 * associated custom route table have their own sub-codes (API docs: DeleteVSwitch).
 */
const deleteVSwitch: RpcHandler = ({ params }, world) => {
  const s = vpcState(world);
  const w = inRegion(s.vSwitches.get(required(params, 'VSwitchId')), required(params, 'RegionId'));
  if (!w) throw new SandboxApiError(404, 'InvalidVSwitchId.NotFound', 'Specified virtual switch does not exist.');
  // A vswitch being deleted reports Pending until it is gone (API docs: DeleteVSwitch).
  if (w.status === 'Pending') return {};
  const occupants = world.occupantsOf('vswitch', w.id);
  const special = occupants.find((o) => o.kind === 'HaVip' || o.kind === 'RouteTable');
  if (special)
    throw new SandboxApiError(
      400,
      special.kind === 'HaVip' ? 'DependencyViolation.HaVip' : 'DependencyViolation.RouteTable',
      special.kind === 'HaVip'
        ? 'VSwitch cannot be deleted when there are some HaVip dependent with it.'
        : `The vSwitch is still associated with route table ${special.id}.`,
    );
  if (occupants.length > 0)
    throw new SandboxApiError(
      400,
      'DependencyViolation',
      `Specified object has dependent resources: ${occupants.map((o) => `${o.kind} ${o.id}`).join(', ')}.`,
    );
  w.status = 'Pending';
  world.after(VSWITCH_DELETE_MS, () => {
    s.vSwitches.delete(w.id);
  });
  return {};
};

export const networkActions: Readonly<Record<string, RpcHandler>> = {
  DescribeVpcs: describeVpcs,
  DescribeVSwitches: describeVSwitches,
  DeleteVpc: deleteVpc,
  DeleteVSwitch: deleteVSwitch,
};
