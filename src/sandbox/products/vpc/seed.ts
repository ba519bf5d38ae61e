/** Loads the `vpc` section of a scenario (format: docs/sandbox-ecs-vpc.md). */
import type { World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { vpcState, type VpcState } from './state.js';

export function seedVpc(world: World, scenario: ScenarioRecord): void {
  const s = vpcState(world);
  const vpc = SectionReader.section(scenario, 'vpc');
  // VPC-family APIs print times to the second: `2018-04-18T15:02:37Z`.
  const now = world.nowIso();

  for (const r of vpc.list('vpcs')) {
    const id = r.str('id');
    s.vpcs.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      cidrBlock: r.str('cidrBlock', '10.0.0.0/16'),
      isDefault: r.bool('isDefault', false),
      vRouterId: r.str('vRouterId', world.nextId('vrt')),
      routeTableId: r.str('routeTableId', world.nextId('vtb')),
      status: 'Available',
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  for (const r of vpc.list('vSwitches')) {
    const id = r.str('id');
    const vpcId = r.str('vpcId');
    const parent = s.vpcs.get(vpcId);
    if (!parent) throw new Error(`scenario ${r.path}.vpcId: no VPC ${vpcId} in the vpc section`);
    s.vSwitches.set(id, {
      id,
      region: r.str('region', parent.region),
      name: r.str('name', id),
      vpcId,
      zoneId: r.str('zoneId'),
      cidrBlock: r.str('cidrBlock', '10.0.1.0/24'),
      status: 'Available',
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  let ipSeq = 10;
  for (const r of vpc.list('eips')) {
    const id = r.str('id');
    const instanceId = r.str('instanceId', '');
    const chargeType = r.oneOf('chargeType', ['PostPaid', 'PrePaid'], 'PostPaid');
    s.eips.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      ipAddress: r.str('ipAddress', `47.96.${Math.floor(ipSeq / 250)}.${(ipSeq++ % 250) + 1}`),
      status: instanceId === '' ? 'Available' : 'InUse',
      instanceId,
      instanceType:
        instanceId === '' ? '' : r.oneOf('instanceType', ['EcsInstance', 'SlbInstance', 'NetworkInterface', 'Nat', 'HaVip'], 'EcsInstance'),
      chargeType,
      internetChargeType: r.oneOf('internetChargeType', ['PayByBandwidth', 'PayByTraffic'], 'PayByTraffic'),
      bandwidth: r.num('bandwidth', 5),
      deletionProtection: r.bool('deletionProtection', false),
      expiredTime: chargeType === 'PrePaid' ? r.str('expiredTime') : '',
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  for (const r of vpc.list('natGateways')) {
    const id = r.str('id');
    const vSwitchId = r.str('vSwitchId');
    const vsw = s.vSwitches.get(vSwitchId);
    if (!vsw) throw new Error(`scenario ${r.path}.vSwitchId: no vswitch ${vSwitchId} in the vpc section`);
    const chargeType = r.oneOf('chargeType', ['PostPaid', 'PrePaid'], 'PostPaid');
    s.natGateways.set(id, {
      id,
      region: r.str('region', vsw.region),
      name: r.str('name', id),
      vpcId: vsw.vpcId,
      vSwitchId,
      zoneId: vsw.zoneId,
      natType: 'Enhanced',
      networkType: r.oneOf('networkType', ['internet', 'intranet'], 'internet'),
      chargeType,
      spec: '',
      status: 'Available',
      deletionProtection: r.bool('deletionProtection', false),
      snatTableId: world.nextId('stb'),
      forwardTableId: world.nextId('ftb'),
      snatEntries: r.list('snatEntries').map((e) => ({
        id: e.str('id', world.nextId('snat')),
        sourceVSwitchId: e.str('sourceVSwitchId', ''),
        sourceCidr: e.str(
          'sourceCidr',
          e.has('sourceVSwitchId') ? (s.vSwitches.get(e.str('sourceVSwitchId'))?.cidrBlock ?? '') : '0.0.0.0/0',
        ),
        snatIp: e.str('snatIp', ''),
      })),
      forwardEntries: r.list('forwardEntries').map((e) => ({
        id: e.str('id', world.nextId('fwd')),
        externalIp: e.str('externalIp'),
        externalPort: e.str('externalPort', 'Any'),
        internalIp: e.str('internalIp'),
        internalPort: e.str('internalPort', 'Any'),
        ipProtocol: e.str('ipProtocol', 'Any'),
      })),
      expiredTime: chargeType === 'PrePaid' ? r.str('expiredTime') : '',
      createdAt: r.str('createdAt', now),
      tags: r.tags(),
    });
  }

  // SNAT entries name their EIP by allocation id in the scenario (`snatEip`); resolve to the address.
  for (const [n, r] of vpc.list('natGateways').entries()) {
    const nat = s.natGateways.get(r.str('id'));
    if (!nat) continue;
    nat.snatEntries = nat.snatEntries.map((e, k) => {
      const entry = r.list('snatEntries')[k];
      const eipId = entry?.optStr('snatEip');
      if (eipId === undefined) return e;
      const eip = s.eips.get(eipId);
      if (!eip) throw new Error(`scenario vpc.natGateways[${n}].snatEntries[${k}].snatEip: no EIP ${eipId} in the vpc section`);
      return { ...e, snatIp: eip.ipAddress };
    });
  }
}

export function dumpVpc(s: VpcState): Record<string, unknown> {
  const sorted = <T>(m: Map<string, T>): T[] => [...m.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, v]) => v);
  return { vpcs: sorted(s.vpcs), vSwitches: sorted(s.vSwitches), eips: sorted(s.eips), natGateways: sorted(s.natGateways) };
}
