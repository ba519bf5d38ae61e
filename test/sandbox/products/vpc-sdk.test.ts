// VPC through the official SDK against a running sandbox: responses parse into their models
// with no unknown keys, dependency refusals carry the real codes, async states progress on
// the clock, and a region can be emptied in the order the real cloud accepts.
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { vpcState } from '../../../src/sandbox/products/vpc/state.js';
import demoAccount from '../../../src/sandbox/scenarios/demo/account.js';
import demoEcs from '../../../src/sandbox/scenarios/demo/ecs.js';
import demoRam from '../../../src/sandbox/scenarios/demo/ram.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { vpcProduct } from '../../../src/sandbox/products/vpc.js';
import { describeConformance } from './conformance.js';
import { demoScenario, refusal, sdkClass, sdkConfig } from './sandbox-rpc.js';

type EcsClient = InstanceType<typeof Ecs.default>;
type VpcClient = InstanceType<typeof Vpc.default>;
const HZ = 'cn-hangzhou';
const SH = 'cn-shanghai';

let sb: RunningSandbox;
let ecs: EcsClient;
let vpc: VpcClient;

beforeEach(async () => {
  sb = await startSandbox({ scenario: { ...demoAccount, ...demoRam, ...demoVpc, ...demoEcs }, speed: 1 });
  ecs = new (sdkClass<EcsClient>(Ecs))(sdkConfig(sb));
  vpc = new (sdkClass<VpcClient>(Vpc))(sdkConfig(sb));
});
afterEach(async () => sb?.close());

const SG = 'ap-southeast-1';
const ECS_VERSION = '2014-05-26';

/**
 * The demo networks plus a custom route table on vsw-hz-db with a route through i-hz-worker,
 * a route in vpc-hz-main's system table through a HaVip associated with i-hz-worker, and a VPN
 * gateway with one IPsec connection.
 */
const withRoutes = (): Record<string, unknown> => ({
  ...demoScenario(),
  ...demoEcs,
  vpc: {
    ...demoVpc.vpc,
    vpcs: demoVpc.vpc.vpcs.map((v) => (v.id === 'vpc-hz-main' ? { ...v, routeTableId: 'vtb-hz-system' } : v)),
    routeTables: [{ id: 'vtb-hz-custom', vpcId: 'vpc-hz-main', name: 'db', vSwitchIds: ['vsw-hz-db'] }],
    routeEntries: [
      { id: 'rte-hz-custom', routeTableId: 'vtb-hz-custom', destinationCidrBlock: '192.168.0.0/16', nextHopId: 'i-hz-worker' },
      {
        id: 'rte-hz-havip',
        routeTableId: 'vtb-hz-system',
        destinationCidrBlock: '172.16.0.0/16',
        nextHopType: 'HaVip',
        nextHopId: 'havip-hz-1',
      },
    ],
    haVips: [{ id: 'havip-hz-1', vSwitchId: 'vsw-hz-web', instanceIds: ['i-hz-worker'] }],
    vpnGateways: [{ id: 'vpn-hz-1', vpcId: 'vpc-hz-main', connections: [{ id: 'vco-hz-1' }] }],
  },
});

describeConformance({
  title: 'VPC',
  product: vpcProduct,
  scenario: withRoutes(),
  models: $Vpc,
  client: (s) => new (sdkClass<VpcClient>(Vpc))(sdkConfig(s)),
  cases: [
    { action: 'DescribeVpcs', params: { RegionId: HZ } },
    { action: 'DescribeVSwitches', params: { RegionId: HZ } },
    { action: 'DescribeVSwitches', params: { VpcId: 'vpc-hz-main', PageSize: '1', PageNumber: '2' } },
    {
      action: 'DeleteVSwitch',
      params: { RegionId: SG, VSwitchId: 'vsw-sg-a' },
      setup: [['DeleteInstance', { InstanceId: 'i-sg-api', Force: 'true' }, ECS_VERSION]],
      settleMs: 60_000,
    },
    { action: 'DeleteVpc', params: { RegionId: SG, VpcId: 'vpc-sg-empty' } },
    { action: 'DescribeEipAddresses', params: { RegionId: HZ } },
    {
      action: 'UnassociateEipAddress',
      params: { RegionId: HZ, AllocationId: 'eip-hz-web1', InstanceId: 'i-hz-web1', InstanceType: 'EcsInstance' },
    },
    {
      action: 'ReleaseEipAddress',
      params: { RegionId: SH, AllocationId: 'eip-sh-free' },
      setup: [['DeletionProtection', { RegionId: SH, InstanceId: 'eip-sh-free', ProtectionEnable: 'false', Type: 'EIP' }]],
    },
    { action: 'DeletionProtection', params: { RegionId: SH, InstanceId: 'eip-sh-free', ProtectionEnable: 'false', Type: 'EIP' } },
    { action: 'DescribeNatGateways', params: { RegionId: HZ } },
    { action: 'DescribeSnatTableEntries', params: { RegionId: HZ, NatGatewayId: 'ngw-hz-main' } },
    { action: 'DeleteNatGateway', params: { RegionId: HZ, NatGatewayId: 'ngw-hz-main', Force: 'true' } },
    { action: 'DescribeRouteTableList', params: { RegionId: HZ, PageSize: '50' } },
    { action: 'DescribeRouteTableList', params: { RegionId: HZ, RouteTableType: 'Custom', RouteTableId: 'vtb-hz-custom' } },
    { action: 'UnassociateRouteTable', params: { RegionId: HZ, RouteTableId: 'vtb-hz-custom', VSwitchId: 'vsw-hz-db' } },
    {
      action: 'DeleteRouteTable',
      params: { RegionId: HZ, RouteTableId: 'vtb-hz-custom' },
      setup: [
        ['DeleteRouteEntry', { RegionId: HZ, RouteEntryId: 'rte-hz-custom' }],
        ['UnassociateRouteTable', { RegionId: HZ, RouteTableId: 'vtb-hz-custom', VSwitchId: 'vsw-hz-db' }],
      ],
      settleMs: 60_000,
    },
    {
      action: 'DescribeRouteEntryList',
      params: { RegionId: HZ, RouteTableId: 'vtb-hz-custom', RouteEntryType: 'Custom', MaxResult: '100' },
    },
    { action: 'DeleteRouteEntry', params: { RegionId: HZ, RouteEntryId: 'rte-hz-custom', RouteTableId: 'vtb-hz-custom' } },
    { action: 'DescribeHaVips', params: { RegionId: HZ, PageSize: '50' } },
    { action: 'DescribeHaVips', params: { RegionId: HZ, 'Filter.1.Key': 'HaVipId', 'Filter.1.Value.1': 'havip-hz-1' } },
    {
      action: 'UnassociateHaVip',
      params: { RegionId: HZ, HaVipId: 'havip-hz-1', InstanceId: 'i-hz-worker', InstanceType: 'EcsInstance', Force: 'True' },
    },
    {
      action: 'DeleteHaVip',
      params: { RegionId: HZ, HaVipId: 'havip-hz-1' },
      setup: [['UnassociateHaVip', { RegionId: HZ, HaVipId: 'havip-hz-1', InstanceId: 'i-hz-worker', Force: 'True' }]],
      settleMs: 60_000,
    },
    { action: 'DescribeVpnGateways', params: { RegionId: HZ, PageSize: '50' } },
    { action: 'DescribeVpnConnections', params: { RegionId: HZ, VpnGatewayId: 'vpn-hz-1', PageSize: '50' } },
    { action: 'DeleteVpnConnection', params: { RegionId: HZ, VpnConnectionId: 'vco-hz-1' } },
    {
      action: 'DeleteVpnGateway',
      params: { RegionId: HZ, VpnGatewayId: 'vpn-hz-1' },
      setup: [['DeleteVpnConnection', { RegionId: HZ, VpnConnectionId: 'vco-hz-1' }]],
      settleMs: 60_000,
    },
  ],
});

describe('VPC route tables, HaVips and VPN gateways', () => {
  it('refuse what still depends on them with the documented codes, and go in the right order', async () => {
    await sb.close();
    sb = await startSandbox({ scenario: withRoutes(), speed: 1 });
    ecs = new (sdkClass<EcsClient>(Ecs))(sdkConfig(sb));
    vpc = new (sdkClass<VpcClient>(Vpc))(sdkConfig(sb));
    const delTable = () => vpc.deleteRouteTable(new $Vpc.DeleteRouteTableRequest({ regionId: HZ, routeTableId: 'vtb-hz-custom' }));
    expect(await refusal(delTable())).toEqual({ code: 'IncorrectRouteTableStatus.RouteEntryExist', statusCode: 400 });
    expect(await refusal(vpc.deleteVSwitch(new $Vpc.DeleteVSwitchRequest({ regionId: HZ, vSwitchId: 'vsw-hz-db' })))).toMatchObject({
      code: expect.stringMatching(/^DependencyViolation/),
    });
    expect(await refusal(ecs.deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: 'i-hz-worker', force: true })))).toEqual({
      code: 'DependencyViolation.RouteEntry',
      statusCode: 400,
    });
    expect(await refusal(vpc.deleteHaVip(new $Vpc.DeleteHaVipRequest({ regionId: HZ, haVipId: 'havip-hz-1' })))).toEqual({
      code: 'IncorrectStatus',
      statusCode: 400,
    });
    expect(await refusal(vpc.deleteVpnGateway(new $Vpc.DeleteVpnGatewayRequest({ regionId: HZ, vpnGatewayId: 'vpn-hz-1' })))).toEqual({
      code: 'VpnGateway.Configuring',
      statusCode: 400,
    });
    const entries = await vpc.describeRouteEntryList(
      new $Vpc.DescribeRouteEntryListRequest({ regionId: HZ, routeTableId: 'vtb-hz-system', routeEntryType: 'Custom' }),
    );
    expect(entries.body?.routeEntrys?.routeEntry?.map((e) => [e.routeEntryId, e.nextHops?.nextHop?.[0]?.nextHopId])).toEqual([
      ['rte-hz-havip', 'havip-hz-1'],
    ]);
    await vpc.deleteRouteEntry(new $Vpc.DeleteRouteEntryRequest({ regionId: HZ, routeEntryId: 'rte-hz-custom' }));
    sb.world.advance(10_000);
    expect(await refusal(delTable())).toEqual({ code: 'IncorrectRouteTableStatus', statusCode: 404 });
    await vpc.unassociateRouteTable(
      new $Vpc.UnassociateRouteTableRequest({ regionId: HZ, routeTableId: 'vtb-hz-custom', vSwitchId: 'vsw-hz-db' }),
    );
    sb.world.advance(10_000);
    const vsw = await vpc.describeVSwitches(new $Vpc.DescribeVSwitchesRequest({ regionId: HZ, vSwitchId: 'vsw-hz-db' }));
    expect(vsw.body?.vSwitches?.vSwitch?.[0]?.routeTable?.routeTableType).toBe('System');
    await delTable();
    sb.world.advance(10_000);
    expect(await refusal(delTable())).toEqual({ code: 'InvalidRouteTableId.NotFound', statusCode: 404 });
  });
});

async function eip(id: string, region = HZ): Promise<$Vpc.DescribeEipAddressesResponseBodyEipAddressesEipAddress | undefined> {
  const r = await vpc.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: region, allocationId: id }));
  return r.body?.eipAddresses?.eipAddress?.[0];
}

async function vpcIds(region: string): Promise<string[]> {
  const r = await vpc.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: region, pageSize: 50 }));
  return (r.body?.vpcs?.vpc ?? []).map((v) => v.vpcId ?? '');
}

describe('VPC reads through the SDK', () => {
  it('the SDK reads the demo networks', async () => {
    expect(await vpcIds('ap-southeast-1')).toEqual(['vpc-sg-main', 'vpc-sg-empty']);
    const main = (await vpc.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: HZ, vpcId: 'vpc-hz-main' }))).body?.vpcs?.vpc?.[0];
    expect(main?.vSwitchIds?.vSwitchId).toEqual(['vsw-hz-web', 'vsw-hz-db']);
    expect(main?.natGatewayIds?.natGatewayIds).toEqual(['ngw-hz-main']);
    const nat = (await vpc.describeNatGateways(new $Vpc.DescribeNatGatewaysRequest({ regionId: HZ }))).body?.natGateways?.natGateway?.[0];
    expect(nat?.ipLists?.ipList?.map((i) => [i.allocationId, i.usingStatus])).toEqual([['eip-hz-nat', 'UsedBySnatTable']]);
    expect(nat?.natGatewayPrivateInfo?.vswitchId).toBe('vsw-hz-web');
    const web1 = await eip('eip-hz-web1');
    expect([web1?.status, web1?.instanceId, web1?.instanceType, web1?.chargeType]).toEqual([
      'InUse',
      'i-hz-web1',
      'EcsInstance',
      'PostPaid',
    ]);
    const free = await eip('eip-sh-free', SH);
    expect([free?.status, free?.deletionProtection]).toEqual(['Available', true]);
  });

  it('paginates by PageNumber/PageSize within the documented maximum', async () => {
    const first = await vpc.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: HZ, pageSize: 1, pageNumber: 1 }));
    const second = await vpc.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: HZ, pageSize: 1, pageNumber: 2 }));
    expect(first.body?.totalCount).toBe(2);
    expect([first.body?.eipAddresses?.eipAddress?.[0]?.allocationId, second.body?.eipAddresses?.eipAddress?.[0]?.allocationId]).toEqual([
      'eip-hz-web1',
      'eip-hz-nat',
    ]);
    const vsw = await vpc.describeVSwitches(new $Vpc.DescribeVSwitchesRequest({ vpcId: 'vpc-hz-main', pageSize: 1, pageNumber: 2 }));
    expect(vsw.body?.vSwitches?.vSwitch?.map((w) => w.vSwitchId)).toEqual(['vsw-hz-db']);
    expect(await refusal(vpc.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: HZ, pageSize: 51 })))).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });
});

describe('VPC preconditions and asynchronous deletion', () => {
  it('EIPs: in use, protected and unknown refuse; unassociate and release go through their states', async () => {
    const release = (id: string, region = HZ) =>
      vpc.releaseEipAddress(new $Vpc.ReleaseEipAddressRequest({ regionId: region, allocationId: id }));
    expect(await refusal(release('eip-hz-web1'))).toEqual({ code: 'IncorrectEipStatus', statusCode: 400 });
    expect(await refusal(release('eip-sh-free', SH))).toEqual({ code: 'InvalidOperation.DeletionProtection', statusCode: 400 });
    expect(await refusal(release('eip-nothing'))).toEqual({ code: 'InvalidAllocationId.NotFound', statusCode: 404 });

    await vpc.unassociateEipAddress(
      new $Vpc.UnassociateEipAddressRequest({
        regionId: HZ,
        allocationId: 'eip-hz-web1',
        instanceId: 'i-hz-web1',
        instanceType: 'EcsInstance',
      }),
    );
    expect((await eip('eip-hz-web1'))?.status).toBe('Unassociating');
    sb.world.advance(3_000);
    expect((await eip('eip-hz-web1'))?.status).toBe('Available');
    await release('eip-hz-web1');
    expect((await eip('eip-hz-web1'))?.status).toBe('Releasing');
    sb.world.advance(3_000);
    expect(await eip('eip-hz-web1')).toBeUndefined();

    await vpc.deletionProtection(
      new $Vpc.DeletionProtectionRequest({ regionId: SH, instanceId: 'eip-sh-free', protectionEnable: false, type: 'EIP' }),
    );
    await release('eip-sh-free', SH);
    sb.world.advance(3_000);
    expect(await eip('eip-sh-free', SH)).toBeUndefined();
  });

  it('a subscription EIP cannot be released', async () => {
    await sb.close();
    sb = await startSandbox({
      scenario: {
        ...demoAccount,
        ...demoRam,
        vpc: { eips: [{ id: 'eip-prepaid', region: HZ, chargeType: 'PrePaid', expiredTime: '2027-01-01T00:00:00Z' }] },
      },
    });
    vpc = new (sdkClass<VpcClient>(Vpc))(sdkConfig(sb));
    expect(await refusal(vpc.releaseEipAddress(new $Vpc.ReleaseEipAddressRequest({ regionId: HZ, allocationId: 'eip-prepaid' })))).toEqual({
      code: 'Forbidden.ChargeTypeIsPrepaid',
      statusCode: 400,
    });
  });

  it('NAT gateway: refused without Force while it has SNAT entries; Force removes them and frees the EIP', async () => {
    const del = (force: boolean) =>
      vpc.deleteNatGateway(new $Vpc.DeleteNatGatewayRequest({ regionId: HZ, natGatewayId: 'ngw-hz-main', force }));
    expect(await refusal(del(false))).toEqual({ code: 'DependencyViolation.SnatEntry', statusCode: 400 });
    await del(true);
    const nat = (await vpc.describeNatGateways(new $Vpc.DescribeNatGatewaysRequest({ regionId: HZ }))).body?.natGateways?.natGateway?.[0];
    expect(nat?.status).toBe('Deleting');
    expect(await refusal(del(true))).toEqual({ code: 'IncorrectStatus.NatGateway', statusCode: 404 });
    sb.world.advance(10_000);
    expect((await vpc.describeNatGateways(new $Vpc.DescribeNatGatewaysRequest({ regionId: HZ }))).body?.totalCount).toBe(0);
    expect((await eip('eip-hz-nat'))?.status).toBe('Available');
    expect(await refusal(del(true))).toEqual({ code: 'InvalidNatGatewayId.NotFound', statusCode: 404 });
  });

  it('empties cn-shanghai in the order the cloud accepts: instance → vswitch, group → VPC', async () => {
    const delVsw = () => vpc.deleteVSwitch(new $Vpc.DeleteVSwitchRequest({ regionId: SH, vSwitchId: 'vsw-sh-a' }));
    const delVpc = () => vpc.deleteVpc(new $Vpc.DeleteVpcRequest({ regionId: SH, vpcId: 'vpc-sh-main' }));
    expect(await refusal(delVpc())).toEqual({ code: 'DependencyViolation.VSwitch', statusCode: 400 });
    expect(await refusal(delVsw())).toEqual({ code: 'DependencyViolation', statusCode: 400 });

    await ecs.deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: 'i-sh-app', force: true }));
    expect(await refusal(delVsw())).toEqual({ code: 'DependencyViolation', statusCode: 400 });
    sb.world.advance(15_000);
    await delVsw();
    // Pending until gone; the VPC still counts it meanwhile.
    expect(await refusal(delVpc())).toEqual({ code: 'DependencyViolation.VSwitch', statusCode: 400 });
    sb.world.advance(3_000);
    expect(await refusal(delVpc())).toEqual({ code: 'DependencyViolation.SecurityGroup', statusCode: 400 });
    await ecs.deleteSecurityGroup(new $Ecs.DeleteSecurityGroupRequest({ regionId: SH, securityGroupId: 'sg-sh-app' }));
    await delVpc();
    expect((await vpc.describeVpcs(new $Vpc.DescribeVpcsRequest({ regionId: SH }))).body?.vpcs?.vpc?.[0]?.status).toBe('Deleting');
    sb.world.advance(5_000);
    expect(await vpcIds(SH)).toEqual([]);
    expect(await refusal(delVpc())).toEqual({ code: 'InvalidVpcId.NotFound', statusCode: 404 });
    expect(await refusal(delVsw())).toEqual({ code: 'InvalidVSwitchId.NotFound', statusCode: 404 });
  });

  it('a NAT gateway keeps its VPC: DependencyViolation.NatGateway once the vswitches are gone', async () => {
    await sb.close();
    sb = await startSandbox({
      scenario: {
        ...demoAccount,
        ...demoRam,
        vpc: {
          vpcs: [{ id: 'vpc-n', region: HZ }],
          vSwitches: [{ id: 'vsw-n', vpcId: 'vpc-n', zoneId: 'cn-hangzhou-h' }],
          natGateways: [{ id: 'ngw-n', vSwitchId: 'vsw-n' }],
        },
      },
    });
    vpc = new (sdkClass<VpcClient>(Vpc))(sdkConfig(sb));
    expect(await refusal(vpc.deleteVSwitch(new $Vpc.DeleteVSwitchRequest({ regionId: HZ, vSwitchId: 'vsw-n' })))).toEqual({
      code: 'DependencyViolation',
      statusCode: 400,
    });
    // Taking the vswitch out of the state directly leaves only the NAT gateway in the VPC.
    vpcState(sb.world).vSwitches.delete('vsw-n');
    expect(await refusal(vpc.deleteVpc(new $Vpc.DeleteVpcRequest({ regionId: HZ, vpcId: 'vpc-n' })))).toEqual({
      code: 'DependencyViolation.NatGateway',
      statusCode: 400,
    });
  });
});

describe('with the other products of the demo', () => {
  it('an SLB in vsw-hz-web keeps the vswitch after every ECS and VPC occupant is gone', async () => {
    await sb.close();
    sb = await startSandbox({ scenario: demoScenario({ ...demoVpc, ...demoEcs }), speed: 1000 });
    vpc = new (sdkClass<VpcClient>(Vpc))(sdkConfig(sb));
    const occupants = sb.world.occupantsOf('vswitch', 'vsw-hz-web').map((o) => o.kind);
    expect(new Set(occupants)).toEqual(new Set(['Instance', 'NetworkInterface', 'NatGateway', 'LoadBalancer']));
    expect(await refusal(vpc.deleteVSwitch(new $Vpc.DeleteVSwitchRequest({ regionId: HZ, vSwitchId: 'vsw-hz-web' })))).toEqual({
      code: 'DependencyViolation',
      statusCode: 400,
    });
  });
});
