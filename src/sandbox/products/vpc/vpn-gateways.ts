/**
 * VPN gateways and their IPsec-VPN connections (API docs: VPC DescribeVpnGateways,
 * DeleteVpnGateway, DescribeVpnConnections, DeleteVpnConnection). "You cannot delete a VPN
 * gateway that is associated with an IPsec-VPN connection"; the refusal code is not
 * documented, so the sandbox answers VpnGateway.Configuring (400), the documented "the
 * specified service is configuring" (UNCONFIRMED). A subscription gateway within its term
 * answers ForbiddenRelease (403); an unknown one InvalidVpnGatewayInstanceId.NotFound (404).
 * Times are epoch milliseconds, as in the real responses.
 */
import { SandboxApiError, pageByNumber, required, type RpcHandler, type World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { inRegion, vpcState, wireTags, type Tag } from './state.js';

const DELETE_MS = 10_000;

export interface VpnGateway {
  readonly id: string;
  readonly region: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly name: string;
  readonly chargeType: 'PostPay' | 'PrePay';
  readonly endTime: number;
  status: 'active' | 'deleting';
  readonly createdAt: number;
  readonly tags: Tag[];
}

export interface VpnConnection {
  readonly id: string;
  readonly vpnGatewayId: string;
  readonly name: string;
  status: 'ike_sa_not_established' | 'deleting';
  readonly createdAt: number;
}

export class VpnState {
  readonly gateways = new Map<string, VpnGateway>();
  readonly connections = new Map<string, VpnConnection>();
}

export function vpnState(world: World): VpnState {
  return world.slice('vpc.vpn', () => new VpnState());
}

const notFound = (): SandboxApiError =>
  new SandboxApiError(404, 'InvalidVpnGatewayInstanceId.NotFound', 'The specified vpn gateway instance id does not exist.');

const describeVpnGateways: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const matches = [...vpnState(world).gateways.values()].filter(
    (g) =>
      g.region === region &&
      (!params.VpnGatewayId || g.id === params.VpnGatewayId) &&
      (!params.VpcId || g.vpcId === params.VpcId) &&
      (!params.Status || g.status === params.Status),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return {
    VpnGateways: {
      VpnGateway: p.page.map((g) => ({
        VpnGatewayId: g.id,
        Name: g.name,
        Description: '',
        VpcId: g.vpcId,
        VSwitchId: g.vSwitchId,
        Status: g.status,
        BusinessStatus: 'Normal',
        ChargeType: g.chargeType,
        EndTime: g.endTime,
        CreateTime: g.createdAt,
        Spec: '10M',
        InternetIp: '47.96.200.1',
        IpsecVpn: 'enable',
        SslVpn: 'disable',
        SslMaxConnections: 0,
        EnableBgp: false,
        AutoPropagate: false,
        GatewayType: 'Normal',
        NetworkType: 'public',
        VpnType: 'Normal',
        ResourceGroupId: '',
        Tags: wireTags(g.tags),
      })),
    },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

const deleteVpnGateway: RpcHandler = ({ params }, world) => {
  const s = vpnState(world);
  const g = inRegion(s.gateways.get(required(params, 'VpnGatewayId')), required(params, 'RegionId'));
  if (!g) throw notFound();
  if (g.chargeType === 'PrePay' && g.endTime > world.now())
    throw new SandboxApiError(403, 'ForbiddenRelease', 'Forbidden to release a prepaid instance within validity period');
  if (g.status === 'deleting' || [...s.connections.values()].some((c) => c.vpnGatewayId === g.id))
    throw new SandboxApiError(400, 'VpnGateway.Configuring', 'The specified service is configuring.');
  g.status = 'deleting';
  world.after(DELETE_MS, () => s.gateways.delete(g.id));
  return {};
};

const describeVpnConnections: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const s = vpnState(world);
  const matches = [...s.connections.values()].filter(
    (c) =>
      s.gateways.get(c.vpnGatewayId)?.region === region &&
      (!params.VpnGatewayId || c.vpnGatewayId === params.VpnGatewayId) &&
      (!params.VpnConnectionId || c.id === params.VpnConnectionId),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return {
    VpnConnections: {
      VpnConnection: p.page.map((c) => ({
        VpnConnectionId: c.id,
        VpnGatewayId: c.vpnGatewayId,
        Name: c.name,
        Status: c.status,
        CreateTime: c.createdAt,
        CustomerGatewayId: '',
        LocalSubnet: '10.0.0.0/16',
        RemoteSubnet: '192.168.0.0/16',
        EffectImmediately: false,
        EnableDpd: true,
        EnableNatTraversal: true,
        Spec: '1000M',
        NetworkType: 'public',
      })),
    },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

const deleteVpnConnection: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const s = vpnState(world);
  const c = s.connections.get(required(params, 'VpnConnectionId'));
  if (!c || s.gateways.get(c.vpnGatewayId)?.region !== region)
    throw new SandboxApiError(404, 'InvalidVpnConnectionInstanceId.NotFound', 'The specified vpn connection instance id does not exist.');
  c.status = 'deleting';
  world.after(DELETE_MS / 2, () => s.connections.delete(c.id));
  return {};
};

export const vpnGatewayActions: Readonly<Record<string, RpcHandler>> = {
  DescribeVpnGateways: describeVpnGateways,
  DeleteVpnGateway: deleteVpnGateway,
  DescribeVpnConnections: describeVpnConnections,
  DeleteVpnConnection: deleteVpnConnection,
};

export function seedVpnGateways(world: World, scenario: ScenarioRecord): void {
  const s = vpnState(world);
  for (const r of SectionReader.section(scenario, 'vpc').list('vpnGateways')) {
    const id = r.str('id');
    const vpcId = r.str('vpcId');
    const vpc = vpcState(world).vpcs.get(vpcId);
    if (!vpc) throw new Error(`scenario ${r.path}.vpcId: no VPC ${vpcId} in the vpc section`);
    const chargeType = r.oneOf('chargeType', ['PostPay', 'PrePay'], 'PostPay');
    s.gateways.set(id, {
      id,
      region: vpc.region,
      vpcId,
      vSwitchId: r.str('vSwitchId', ''),
      name: r.str('name', id),
      chargeType,
      endTime: chargeType === 'PrePay' ? Date.parse(r.str('expiredTime')) : 0,
      status: 'active',
      createdAt: Date.parse(r.str('createdAt', world.nowIso())),
      tags: r.tags(),
    });
    for (const c of r.list('connections')) {
      const cid = c.str('id');
      s.connections.set(cid, {
        id: cid,
        vpnGatewayId: id,
        name: c.str('name', cid),
        status: 'ike_sa_not_established',
        createdAt: world.now(),
      });
    }
  }
}

export function registerVpnOccupancy(world: World): void {
  world.addOccupancy((container, id) =>
    [...vpnState(world).gateways.values()]
      .filter((g) => (container === 'vpc' && g.vpcId === id) || (container === 'vswitch' && g.vSwitchId === id))
      .map((g) => ({ product: 'vpc', kind: 'VpnGateway', id: g.id })),
  );
}
