/**
 * High-availability virtual IPs (API docs: VPC DescribeHaVips, UnassociateHaVip, DeleteHaVip).
 * A HaVip sits in a vswitch (DeleteVSwitch answers DependencyViolation.HaVip, 400, while it is
 * there), may be associated with ECS instances or ENIs and bound to EIPs (the EIP side lives in
 * ./eips.ts, InstanceType HaVip). Unknown ids answer InvalidHaVipId.NotFound (404). DeleteHaVip
 * refuses while instances are still associated with IncorrectStatus (400) — the documented code
 * for a HaVip whose state forbids deletion (UNCONFIRMED that association is such a state).
 */
import { SandboxApiError, pageByNumber, repeatList, required, type RpcHandler, type World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { inRegion, vpcState, wireTags, type Tag } from './state.js';

const UNASSOCIATE_MS = 3_000;
const DELETE_MS = 3_000;

export interface HaVip {
  readonly id: string;
  readonly region: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  readonly name: string;
  readonly ipAddress: string;
  instanceType: 'EcsInstance' | 'NetworkInterface' | '';
  instances: string[];
  status: 'Available' | 'InUse' | 'Deleting';
  readonly createdAt: string;
  readonly tags: Tag[];
}

export function haVips(world: World): Map<string, HaVip> {
  return world.slice('vpc.havips', () => new Map<string, HaVip>());
}

const notFound = (): SandboxApiError =>
  new SandboxApiError(404, 'InvalidHaVipId.NotFound', 'The specified HaVip does not exist in the specified region.');

function wire(world: World, h: HaVip): Record<string, unknown> {
  const eips = [...vpcState(world).eips.values()]
    .filter((e) => e.instanceType === 'HaVip' && e.instanceId === h.id)
    .map((e) => e.ipAddress);
  return {
    HaVipId: h.id,
    RegionId: h.region,
    VpcId: h.vpcId,
    VSwitchId: h.vSwitchId,
    IpAddress: h.ipAddress,
    Status: h.status,
    MasterInstanceId: h.instances[0] ?? '',
    Name: h.name,
    Description: '',
    ChargeType: 'PostPaid',
    CreateTime: h.createdAt,
    ResourceGroupId: '',
    AssociatedInstanceType: h.instanceType,
    AssociatedInstances: { associatedInstance: [...h.instances] },
    AssociatedEipAddresses: { associatedEipAddresse: eips },
    Tags: wireTags(h.tags),
  };
}

/** `Filter.N.Key` = HaVipId | VpcId | VSwitchId | Status | HaVipAddress..., `Filter.N.Value.M` (API docs: DescribeHaVips). */
function filters(params: Readonly<Record<string, string>>): Array<{ key: string; values: string[] }> {
  const out: Array<{ key: string; values: string[] }> = [];
  for (let n = 1; params[`Filter.${n}.Key`] !== undefined; n++)
    out.push({ key: params[`Filter.${n}.Key`] ?? '', values: repeatList(params, `Filter.${n}.Value`) });
  return out;
}

const FILTER_FIELDS: Readonly<Record<string, (h: HaVip) => string>> = {
  HaVipId: (h) => h.id,
  VpcId: (h) => h.vpcId,
  VSwitchId: (h) => h.vSwitchId,
  Status: (h) => h.status,
  HaVipAddress: (h) => h.ipAddress,
  Name: (h) => h.name,
};

const describeHaVips: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const fs = filters(params);
  for (const f of fs)
    if (!FILTER_FIELDS[f.key]) throw new SandboxApiError(400, 'InvalidParameter', `The specified filter key ${f.key} is not valid.`);
  const matches = [...haVips(world).values()].filter(
    (h) => h.region === region && fs.every((f) => f.values.includes(FILTER_FIELDS[f.key]?.(h) ?? '')),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return { HaVips: { HaVip: p.page.map((h) => wire(world, h)) }, PageNumber: p.pageNumber, PageSize: p.pageSize, TotalCount: p.totalCount };
};

const unassociateHaVip: RpcHandler = ({ params }, world) => {
  const h = inRegion(haVips(world).get(required(params, 'HaVipId')), required(params, 'RegionId'));
  if (!h) throw notFound();
  const instanceId = required(params, 'InstanceId');
  if (!h.instances.includes(instanceId))
    throw new SandboxApiError(404, 'InvalidInstanceId.NotFound', 'The specified instance is not associated with the HaVip.');
  // Without Force the primary (master) instance cannot be disassociated (API docs: UnassociateHaVip Force).
  if (h.instances[0] === instanceId && h.instances.length > 1 && params.Force !== 'True' && params.Force !== 'true')
    throw new SandboxApiError(
      400,
      'IncorrectHaVipStatus',
      "HaVip can be operated by this action only when it's status is Available or InUse.",
    );
  world.after(UNASSOCIATE_MS, () => {
    h.instances = h.instances.filter((id) => id !== instanceId);
    if (h.instances.length === 0) Object.assign(h, { status: 'Available', instanceType: '' });
  });
  return {};
};

const deleteHaVip: RpcHandler = ({ params }, world) => {
  const all = haVips(world);
  const h = inRegion(all.get(required(params, 'HaVipId')), required(params, 'RegionId'));
  if (!h) throw notFound();
  if (h.status === 'Deleting' || h.instances.length > 0)
    throw new SandboxApiError(400, 'IncorrectStatus', "HaVip can be deleted only when it's status is Available or InUse.");
  h.status = 'Deleting';
  world.after(DELETE_MS, () => all.delete(h.id));
  return {};
};

export const haVipActions: Readonly<Record<string, RpcHandler>> = {
  DescribeHaVips: describeHaVips,
  UnassociateHaVip: unassociateHaVip,
  DeleteHaVip: deleteHaVip,
};

export function seedHaVips(world: World, scenario: ScenarioRecord): void {
  const all = haVips(world);
  let ip = 200;
  for (const r of SectionReader.section(scenario, 'vpc').list('haVips')) {
    const id = r.str('id');
    const vSwitchId = r.str('vSwitchId');
    const vsw = vpcState(world).vSwitches.get(vSwitchId);
    if (!vsw) throw new Error(`scenario ${r.path}.vSwitchId: no vswitch ${vSwitchId} in the vpc section`);
    const instances = r.strings('instanceIds');
    all.set(id, {
      id,
      region: vsw.region,
      vpcId: vsw.vpcId,
      vSwitchId,
      name: r.str('name', id),
      ipAddress: r.str('ipAddress', `10.0.1.${ip++}`),
      instanceType: instances.length > 0 ? r.oneOf('instanceType', ['EcsInstance', 'NetworkInterface'], 'EcsInstance') : '',
      instances,
      status: instances.length > 0 ? 'InUse' : 'Available',
      createdAt: r.str('createdAt', world.nowIso()),
      tags: r.tags(),
    });
  }
}

export function registerHaVipOccupancy(world: World): void {
  world.addOccupancy((container, id) =>
    [...haVips(world).values()]
      .filter((h) => (container === 'vswitch' && h.vSwitchId === id) || (container === 'vpc' && h.vpcId === id))
      .map((h) => ({ product: 'vpc', kind: 'HaVip', id: h.id })),
  );
}
