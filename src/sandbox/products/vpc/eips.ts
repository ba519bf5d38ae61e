/**
 * Elastic IP addresses (API docs: VPC DescribeEipAddresses, UnassociateEipAddress,
 * ReleaseEipAddress, DeletionProtection; terraform-provider-alicloud
 * alicloud/resource_alicloud_eip_address.go).
 */
import { SandboxApiError, bool, pageByNumber, required, type RpcHandler, type World } from '../../framework.js';
import { inRegion, vpcState, wireTags, type Eip } from './state.js';

const UNASSOCIATE_MS = 3_000;
const RELEASE_MS = 3_000;

export const EIP_NOT_FOUND = (): SandboxApiError =>
  new SandboxApiError(404, 'InvalidAllocationId.NotFound', 'Specified allocation ID is not found.');

function incorrectEipStatus(): SandboxApiError {
  return new SandboxApiError(400, 'IncorrectEipStatus', 'The current status of the EIP does not support this operation.');
}

function commaList(raw: string | undefined): string[] | undefined {
  return raw
    ? raw
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '')
    : undefined;
}

function wireEip(e: Eip): Record<string, unknown> {
  return {
    AllocationId: e.id,
    IpAddress: e.ipAddress,
    Name: e.name,
    Description: '',
    Status: e.status,
    InstanceId: e.instanceId,
    InstanceType: e.instanceType,
    InstanceRegionId: e.instanceId !== '' ? e.region : '',
    RegionId: e.region,
    ChargeType: e.chargeType,
    InternetChargeType: e.internetChargeType,
    Bandwidth: String(e.bandwidth),
    EipBandwidth: String(e.bandwidth),
    BandwidthPackageId: '',
    BandwidthPackageType: '',
    BandwidthPackageBandwidth: '',
    DeletionProtection: e.deletionProtection,
    AllocationTime: e.createdAt,
    ExpiredTime: e.expiredTime,
    ISP: 'BGP',
    Mode: 'NAT',
    Netmode: 'public',
    BusinessStatus: 'Normal',
    OperationLocks: { LockReason: [] },
    ResourceGroupId: '',
    ServiceManaged: 0,
    SecondLimited: false,
    HDMonitorStatus: 'OFF',
    HasReservationData: 'false',
    Tags: wireTags(e.tags),
  };
}

const describeEipAddresses: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = commaList(params.AllocationId);
  const addresses = commaList(params.EipAddress);
  if (ids !== undefined && ids.length > 50)
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "AllocationId" is not valid.');
  const matches = [...vpcState(world).eips.values()].filter(
    (e) =>
      e.region === region &&
      (ids === undefined || ids.includes(e.id)) &&
      (addresses === undefined || addresses.includes(e.ipAddress)) &&
      (!params.Status || e.status === params.Status) &&
      (!params.AssociatedInstanceId || e.instanceId === params.AssociatedInstanceId) &&
      (!params.AssociatedInstanceType || e.instanceType === params.AssociatedInstanceType) &&
      (!params.ChargeType || e.chargeType === params.ChargeType) &&
      (!params.EipName || e.name === params.EipName),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 100 });
  return { EipAddresses: { EipAddress: p.page.map(wireEip) }, PageNumber: p.pageNumber, PageSize: p.pageSize, TotalCount: p.totalCount };
};

function findEip(world: World, params: Readonly<Record<string, string>>): Eip {
  const e = inRegion(vpcState(world).eips.get(required(params, 'AllocationId')), required(params, 'RegionId'));
  if (!e) throw EIP_NOT_FOUND();
  return e;
}

/** Moves an EIP through Unassociating to Available, as every unbinding path does. */
export function unassociateLater(world: World, e: Eip): void {
  e.status = 'Unassociating';
  world.after(UNASSOCIATE_MS, () => {
    if (e.status !== 'Unassociating') return;
    Object.assign(e, { status: 'Available', instanceId: '', instanceType: '' });
  });
}

const unassociateEipAddress: RpcHandler = ({ params }, world) => {
  const e = findEip(world, params);
  if (e.status === 'Unassociating') return {};
  if (e.status !== 'InUse') throw incorrectEipStatus();
  const type = params.InstanceType || 'EcsInstance';
  if ((params.InstanceId && params.InstanceId !== e.instanceId) || type !== e.instanceType)
    throw new SandboxApiError(
      400,
      'InvalidParameter',
      `The EIP is not associated with ${type} ${params.InstanceId ?? ''}.`.replace(/ \.$/, '.'),
    );
  unassociateLater(world, e);
  return {};
};

/**
 * Only an Available pay-as-you-go EIP without deletion protection can be released
 * (API docs: ReleaseEipAddress: IncorrectEipStatus, Forbidden.ChargeTypeIsPrepaid,
 * InvalidOperation.DeletionProtection, all 400). Asynchronous: Releasing → gone.
 */
const releaseEipAddress: RpcHandler = ({ params }, world) => {
  const e = findEip(world, params);
  if (e.status === 'Releasing') return {};
  if (e.deletionProtection)
    throw new SandboxApiError(
      400,
      'InvalidOperation.DeletionProtection',
      'The EIP has deletion protection enabled. Disable it before releasing the EIP.',
    );
  if (e.chargeType === 'PrePaid') throw new SandboxApiError(400, 'Forbidden.ChargeTypeIsPrepaid', 'A subscription EIP cannot be released.');
  if (e.status !== 'Available') throw incorrectEipStatus();
  e.status = 'Releasing';
  world.after(RELEASE_MS, () => {
    vpcState(world).eips.delete(e.id);
  });
  return {};
};

/** Type EIP or NATGW (CBWP bandwidth plans are not emulated). */
const deletionProtection: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const id = required(params, 'InstanceId');
  const enable = bool(required(params, 'ProtectionEnable'));
  const type = required(params, 'Type');
  const s = vpcState(world);
  if (type === 'EIP') {
    const e = inRegion(s.eips.get(id), region);
    if (!e) throw EIP_NOT_FOUND();
    e.deletionProtection = enable;
  } else if (type === 'NATGW') {
    const n = inRegion(s.natGateways.get(id), region);
    if (!n) throw new SandboxApiError(404, 'InvalidNatGatewayId.NotFound', 'The specified NAT gateway does not exist.');
    n.deletionProtection = enable;
  } else {
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "Type" is not valid.');
  }
  return {};
};

export const eipActions: Readonly<Record<string, RpcHandler>> = {
  DescribeEipAddresses: describeEipAddresses,
  UnassociateEipAddress: unassociateEipAddress,
  ReleaseEipAddress: releaseEipAddress,
  DeletionProtection: deletionProtection,
};
