/**
 * NAT gateways and their SNAT entries (API docs: VPC DescribeNatGateways, DeleteNatGateway,
 * DescribeSnatTableEntries; terraform-provider-alicloud alicloud/resource_alicloud_nat_gateway.go).
 */
import { SandboxApiError, bool, pageByNumber, required, type RpcHandler, type World } from '../../framework.js';
import { unassociateLater } from './eips.js';
import { inRegion, natWireTags, vpcState, type NatGateway } from './state.js';

const DELETE_MS = 10_000;

const NAT_NOT_FOUND = (): SandboxApiError =>
  new SandboxApiError(404, 'InvalidNatGatewayId.NotFound', 'The specified NAT gateway does not exist.');

function boundEips(world: World, n: NatGateway) {
  return [...vpcState(world).eips.values()].filter((e) => e.instanceType === 'Nat' && e.instanceId === n.id);
}

function wireNat(world: World, n: NatGateway): Record<string, unknown> {
  const eips = boundEips(world, n);
  return {
    NatGatewayId: n.id,
    Name: n.name,
    Description: '',
    RegionId: n.region,
    VpcId: n.vpcId,
    Status: n.status,
    BusinessStatus: 'Normal',
    NatType: n.natType,
    NetworkType: n.networkType,
    Spec: n.spec,
    InstanceChargeType: n.chargeType,
    InternetChargeType: 'PayByLcu',
    AutoPay: false,
    DeletionProtection: n.deletionProtection,
    CreationTime: n.createdAt,
    ExpiredTime: n.expiredTime,
    EipBindMode: 'MULTI_BINDED',
    EcsMetricEnabled: false,
    IcmpReplyEnabled: true,
    PrivateLinkEnabled: false,
    SecurityProtectionEnabled: false,
    ResourceGroupId: '',
    SnatTableIds: { SnatTableId: [n.snatTableId] },
    ForwardTableIds: { ForwardTableId: [n.forwardTableId] },
    FullNatTableIds: { FullNatTableId: [] },
    IpLists: {
      IpList: eips.map((e) => ({
        AllocationId: e.id,
        IpAddress: e.ipAddress,
        UsingStatus: n.snatEntries.some((s) => s.snatIp === e.ipAddress) ? 'UsedBySnatTable' : 'Idle',
        SnatEntryEnabled: n.snatEntries.some((s) => s.snatIp === e.ipAddress),
        PrivateIpAddress: '',
      })),
    },
    NatGatewayPrivateInfo: {
      VswitchId: n.vSwitchId,
      IzNo: n.zoneId,
      EniInstanceId: '',
      EniType: 'indirect',
      PrivateIpAddress: '',
      MaxBandwidth: 5120,
    },
    Tags: natWireTags(n.tags),
  };
}

const describeNatGateways: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const matches = [...vpcState(world).natGateways.values()].filter(
    (n) =>
      n.region === region &&
      (!params.NatGatewayId || n.id === params.NatGatewayId) &&
      (!params.VpcId || n.vpcId === params.VpcId) &&
      (!params.Status || n.status === params.Status) &&
      (!params.Name || n.name === params.Name) &&
      (!params.InstanceChargeType || n.chargeType === params.InstanceChargeType),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return {
    NatGateways: { NatGateway: p.page.map((n) => wireNat(world, n)) },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

const describeSnatTableEntries: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const nats = [...vpcState(world).natGateways.values()].filter(
    (n) =>
      n.region === region &&
      (!params.NatGatewayId || n.id === params.NatGatewayId) &&
      (!params.SnatTableId || n.snatTableId === params.SnatTableId),
  );
  if (!params.NatGatewayId && !params.SnatTableId) required(params, 'SnatTableId');
  const entries = nats.flatMap((n) =>
    n.snatEntries
      .filter(
        (e) =>
          (!params.SnatEntryId || e.id === params.SnatEntryId) && (!params.SourceVSwitchId || e.sourceVSwitchId === params.SourceVSwitchId),
      )
      .map((e) => ({
        SnatEntryId: e.id,
        SnatEntryName: '',
        SnatTableId: n.snatTableId,
        NatGatewayId: n.id,
        SnatIp: e.snatIp,
        SourceCIDR: e.sourceCidr,
        SourceVSwitchId: e.sourceVSwitchId,
        Status: 'Available',
        EipAffinity: '0',
        NetworkInterfaceId: '',
      })),
  );
  const p = pageByNumber(entries, params, { defaultSize: 10, maxSize: 50 });
  return { SnatTableEntries: { SnatTableEntry: p.page }, PageNumber: p.pageNumber, PageSize: p.pageSize, TotalCount: p.totalCount };
};

/**
 * Without Force, refused while SNAT/DNAT entries or EIPs remain (DependencyViolation.SnatEntry,
 * .ForwardEntry, .EIPS, 400); with Force the entries are removed and the EIPs unbound. A
 * protected gateway answers InvalidOperation.DeletionProtection and a subscription one
 * Forbidden.PrePaidNatGateway (both 400) (API docs: DeleteNatGateway). While it is being
 * deleted, calls answer IncorrectStatus.NatGateway (terraform treats it as gone).
 */
const deleteNatGateway: RpcHandler = ({ params }, world) => {
  const s = vpcState(world);
  const n = inRegion(s.natGateways.get(required(params, 'NatGatewayId')), required(params, 'RegionId'));
  if (!n) throw NAT_NOT_FOUND();
  if (n.status === 'Deleting') throw new SandboxApiError(404, 'IncorrectStatus.NatGateway', 'The NAT gateway is being deleted.');
  if (n.deletionProtection)
    throw new SandboxApiError(400, 'InvalidOperation.DeletionProtection', 'The NAT gateway has deletion protection enabled.');
  if (n.chargeType === 'PrePaid')
    throw new SandboxApiError(400, 'Forbidden.PrePaidNatGateway', 'A subscription NAT gateway cannot be deleted.');
  const eips = boundEips(world, n);
  if (!bool(params.Force)) {
    if (n.snatEntries.length > 0)
      throw new SandboxApiError(400, 'DependencyViolation.SnatEntry', 'The NAT gateway still has SNAT entries.');
    if (n.forwardEntries.length > 0)
      throw new SandboxApiError(400, 'DependencyViolation.ForwardEntry', 'The NAT gateway still has DNAT entries.');
    if (eips.length > 0) throw new SandboxApiError(400, 'DependencyViolation.EIPS', 'The NAT gateway still has EIPs associated.');
  }
  n.snatEntries = [];
  n.forwardEntries = [];
  for (const e of eips) unassociateLater(world, e);
  n.status = 'Deleting';
  world.after(DELETE_MS, () => {
    s.natGateways.delete(n.id);
  });
  return {};
};

export const natGatewayActions: Readonly<Record<string, RpcHandler>> = {
  DescribeNatGateways: describeNatGateways,
  DescribeSnatTableEntries: describeSnatTableEntries,
  DeleteNatGateway: deleteNatGateway,
};
