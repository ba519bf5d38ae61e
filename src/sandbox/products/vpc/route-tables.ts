/**
 * Route tables and their custom route entries (API docs: VPC DescribeRouteTableList,
 * UnassociateRouteTable, DeleteRouteTable, DescribeRouteEntryList, DeleteRouteEntry).
 *
 * Every VPC has its system route table (`Vpc.routeTableId`); custom tables are seeded from the
 * scenario. Custom entries live in either. DeleteRouteTable refuses a table that still has
 * custom entries (IncorrectRouteTableStatus.RouteEntryExist, 400) or is associated with a
 * gateway (OperationDenied.GatewayAssociated, 400); with vswitches still associated it answers
 * IncorrectRouteTableStatus (404) — the documented "current status of the route table does not
 * support this operation" (UNCONFIRMED which code the real service picks for that case).
 * Deleting a vswitch still associated with a custom table answers DependencyViolation.RouteTable
 * (API docs: DeleteVSwitch). Route deletions are asynchronous (Deleting, then gone).
 */
import { SandboxApiError, pageByNumber, pageByToken, required, type RpcHandler, type World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { inRegion, vpcState, wireTags, type Tag } from './state.js';

const DELETE_MS = 5_000;

export interface RouteTable {
  readonly id: string;
  readonly region: string;
  readonly vpcId: string;
  readonly name: string;
  vSwitchIds: string[];
  readonly gatewayIds: string[];
  status: 'Available' | 'Deleting';
  readonly createdAt: string;
  readonly tags: Tag[];
}

export interface RouteEntry {
  readonly id: string;
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  readonly nextHopType: string;
  readonly nextHopId: string;
  status: 'Available' | 'Deleting';
}

export class RouteState {
  readonly tables = new Map<string, RouteTable>();
  readonly entries = new Map<string, RouteEntry>();
}

export function routeState(world: World): RouteState {
  return world.slice('vpc.routes', () => new RouteState());
}

/** The table a route table id names: a custom one, or the system table of a VPC. */
function tableView(world: World, id: string): { region: string; vpcId: string; custom: RouteTable | undefined } | undefined {
  const custom = routeState(world).tables.get(id);
  if (custom) return { region: custom.region, vpcId: custom.vpcId, custom };
  const vpc = [...vpcState(world).vpcs.values()].find((v) => v.routeTableId === id);
  return vpc ? { region: vpc.region, vpcId: vpc.id, custom: undefined } : undefined;
}

const describeRouteTableList: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const system = [...vpcState(world).vpcs.values()]
    .filter((v) => v.region === region)
    .map((v) => ({
      RouteTableId: v.routeTableId,
      RouteTableName: '',
      RouteTableType: 'System',
      RouterId: v.vRouterId,
      RouterType: 'VRouter',
      VpcId: v.id,
      Status: 'Available',
      AssociateType: 'VSwitch',
      CreationTime: v.createdAt,
      Description: '',
      ResourceGroupId: '',
      RoutePropagationEnable: true,
      VSwitchIds: {
        VSwitchId: [...vpcState(world).vSwitches.values()]
          .filter((w) => w.vpcId === v.id && ![...routeState(world).tables.values()].some((t) => t.vSwitchIds.includes(w.id)))
          .map((w) => w.id),
      },
      GatewayIds: { GatewayIds: [] },
      Tags: { Tag: [] },
    }));
  const custom = [...routeState(world).tables.values()]
    .filter((t) => t.region === region)
    .map((t) => ({
      RouteTableId: t.id,
      RouteTableName: t.name,
      RouteTableType: 'Custom',
      RouterId: vpcState(world).vpcs.get(t.vpcId)?.vRouterId ?? '',
      RouterType: 'VRouter',
      VpcId: t.vpcId,
      Status: t.status,
      AssociateType: t.gatewayIds.length > 0 ? 'Gateway' : 'VSwitch',
      CreationTime: t.createdAt,
      Description: '',
      ResourceGroupId: '',
      RoutePropagationEnable: true,
      VSwitchIds: { VSwitchId: [...t.vSwitchIds] },
      GatewayIds: { GatewayIds: [...t.gatewayIds] },
      Tags: wireTags(t.tags),
    }));
  const matches = [...system, ...custom].filter(
    (t) =>
      (!params.RouteTableId || t.RouteTableId === params.RouteTableId) &&
      (!params.RouteTableType || t.RouteTableType === params.RouteTableType) &&
      (!params.VpcId || t.VpcId === params.VpcId) &&
      (!params.RouteTableName || t.RouteTableName === params.RouteTableName),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return { RouterTableList: { RouterTableListType: p.page }, PageNumber: p.pageNumber, PageSize: p.pageSize, TotalCount: p.totalCount };
};

const unassociateRouteTable: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const t = inRegion(routeState(world).tables.get(required(params, 'RouteTableId')), region);
  // terraform-provider-alicloud treats InvalidRouteTableId.NotFound as gone (alicloud/resource_alicloud_route_table_attachment.go).
  if (!t) throw new SandboxApiError(404, 'InvalidRouteTableId.NotFound', 'The specified route table does not exist.');
  const vSwitchId = required(params, 'VSwitchId');
  if (!t.vSwitchIds.includes(vSwitchId))
    throw new SandboxApiError(404, 'InvalidVSwitchId.NotFound', 'The specified vSwitch is not associated with the route table.');
  world.after(DELETE_MS, () => {
    t.vSwitchIds = t.vSwitchIds.filter((id) => id !== vSwitchId);
  });
  return {};
};

const deleteRouteTable: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const s = routeState(world);
  const t = inRegion(s.tables.get(required(params, 'RouteTableId')), region);
  if (!t) {
    if (tableView(world, params.RouteTableId ?? ''))
      throw new SandboxApiError(400, 'IncorrectRouteTableType', "Route table can be deleted by this action only when it's type is custom.");
    throw new SandboxApiError(404, 'InvalidRouteTableId.NotFound', 'The specified route table does not exist.');
  }
  if (t.status === 'Deleting') return {};
  if (t.gatewayIds.length > 0)
    throw new SandboxApiError(
      400,
      'OperationDenied.GatewayAssociated',
      'You cannot delete the specified route table because it still associates with gateway.',
    );
  if ([...s.entries.values()].some((e) => e.routeTableId === t.id))
    throw new SandboxApiError(
      400,
      'IncorrectRouteTableStatus.RouteEntryExist',
      'You cannot delete the specified route table because it still has custom route entry.',
    );
  if (t.vSwitchIds.length > 0)
    throw new SandboxApiError(404, 'IncorrectRouteTableStatus', 'The current status of the route table does not support this operation.');
  t.status = 'Deleting';
  world.after(DELETE_MS, () => s.tables.delete(t.id));
  return {};
};

const describeRouteEntryList: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const tableId = required(params, 'RouteTableId');
  const view = tableView(world, tableId);
  if (!view || view.region !== region)
    throw new SandboxApiError(404, 'InvalidRouteTableId.NotFound', 'The specified route table does not exist.');
  const type = params.RouteEntryType;
  const rows = [...routeState(world).entries.values()]
    .filter(
      (e) =>
        e.routeTableId === tableId &&
        (!type || type === 'Custom') &&
        (!params.RouteEntryId || e.id === params.RouteEntryId) &&
        (!params.NextHopId || e.nextHopId === params.NextHopId),
    )
    .map((e) => ({
      RouteEntryId: e.id,
      RouteEntryName: '',
      RouteTableId: e.routeTableId,
      DestinationCidrBlock: e.destinationCidrBlock,
      Type: 'Custom',
      Status: e.status,
      IpVersion: 'ipv4',
      Description: '',
      Origin: '',
      ServiceType: '',
      GmtModified: '',
      NextHops: { NextHop: [{ NextHopType: e.nextHopType, NextHopId: e.nextHopId, Enabled: 1, Weight: 0, NextHopRegionId: region }] },
    }));
  const max = params.MaxResult ?? '10';
  const p = pageByToken(rows, { ...params, MaxResults: max }, { defaultSize: 10, maxSize: 100 });
  return { RouteEntrys: { RouteEntry: p.page }, NextToken: p.nextToken };
};

const deleteRouteEntry: RpcHandler = ({ params }, world) => {
  const s = routeState(world);
  const id = required(params, 'RouteEntryId');
  const e = s.entries.get(id);
  // terraform-provider-alicloud treats InvalidRouteEntry.NotFound as deleted (alicloud/resource_alicloud_route_entry.go).
  if (!e) throw new SandboxApiError(404, 'InvalidRouteEntry.NotFound', 'The specified route entry does not exist.');
  if (params.RouteTableId && params.RouteTableId !== e.routeTableId)
    throw new SandboxApiError(404, 'InvalidRouteEntry.NotFound', 'The specified route entry does not exist.');
  if (e.status === 'Deleting')
    throw new SandboxApiError(400, 'IncorrectRouteEntryStatus', 'Some route entry status blocked this operation.');
  e.status = 'Deleting';
  world.after(DELETE_MS, () => s.entries.delete(e.id));
  return {};
};

export const routeTableActions: Readonly<Record<string, RpcHandler>> = {
  DescribeRouteTableList: describeRouteTableList,
  UnassociateRouteTable: unassociateRouteTable,
  DeleteRouteTable: deleteRouteTable,
  DescribeRouteEntryList: describeRouteEntryList,
  DeleteRouteEntry: deleteRouteEntry,
};

export function seedRoutes(world: World, scenario: ScenarioRecord): void {
  const s = routeState(world);
  const vpc = SectionReader.section(scenario, 'vpc');
  for (const r of vpc.list('routeTables')) {
    const id = r.str('id');
    const vpcId = r.str('vpcId');
    const parent = vpcState(world).vpcs.get(vpcId);
    if (!parent) throw new Error(`scenario ${r.path}.vpcId: no VPC ${vpcId} in the vpc section`);
    s.tables.set(id, {
      id,
      region: parent.region,
      vpcId,
      name: r.str('name', id),
      vSwitchIds: r.strings('vSwitchIds'),
      gatewayIds: r.strings('gatewayIds'),
      status: 'Available',
      createdAt: r.str('createdAt', world.nowIso()),
      tags: r.tags(),
    });
  }
  for (const r of vpc.list('routeEntries')) {
    const id = r.str('id');
    const routeTableId = r.str('routeTableId');
    if (!tableView(world, routeTableId))
      throw new Error(`scenario ${r.path}.routeTableId: no route table ${routeTableId} (custom, or a VPC's routeTableId)`);
    s.entries.set(id, {
      id,
      routeTableId,
      destinationCidrBlock: r.str('destinationCidrBlock'),
      nextHopType: r.oneOf(
        'nextHopType',
        ['Instance', 'HaVip', 'NetworkInterface', 'VpnGateway', 'RouterInterface', 'Ipv4Gateway'],
        'Instance',
      ),
      nextHopId: r.str('nextHopId'),
      status: 'Available',
    });
  }
}

/** What custom route tables and entries occupy: their VPC and vswitches, and their next hops. */
export function registerRouteOccupancy(world: World): void {
  world.addOccupancy((container, id) => {
    const s = routeState(world);
    const out: Array<{ product: string; kind: string; id: string }> = [];
    for (const t of s.tables.values())
      if ((container === 'vpc' && t.vpcId === id) || (container === 'vswitch' && t.vSwitchIds.includes(id)))
        out.push({ product: 'vpc', kind: 'RouteTable', id: t.id });
    for (const e of s.entries.values()) {
      if (container === 'next-hop' && e.nextHopId === id) out.push({ product: 'vpc', kind: 'RouteEntry', id: e.id });
      if (container === 'vpc' && tableView(world, e.routeTableId)?.vpcId === id && !s.tables.has(e.routeTableId))
        out.push({ product: 'vpc', kind: 'RouteEntry', id: e.id });
    }
    return out;
  });
}
