import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { vpcHaVip } from '../../../src/providers/vpc/havip.js';
import { vpcVpnGateway } from '../../../src/providers/vpc/vpn-gateway.js';
import { rpcError } from '../ecs/errors.js';
import { inventoryOf } from '../ecs/inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wireHaVip = (id: string, instances: string[] = []) => ({
  HaVipId: id,
  Name: `name-${id}`,
  VpcId: 'vpc-1',
  VSwitchId: 'vsw-1',
  IpAddress: '10.0.0.9',
  Status: instances.length > 0 ? 'InUse' : 'Available',
  CreateTime: '2026-01-01T00:00:00Z',
  AssociatedInstanceType: instances.length > 0 ? 'EcsInstance' : '',
  AssociatedInstances: { associatedInstance: instances },
  AssociatedEipAddresses: { associatedEipAddresse: [] },
  Tags: { Tag: [] },
});
const havip = (id: string, instances: string[] = []): Resource => ({
  type: 'vpc.havip',
  region: 'cn-hangzhou',
  id,
  properties: { associatedInstanceType: instances.length > 0 ? 'EcsInstance' : null, associatedInstances: instances, vSwitchId: 'vsw-1' },
});

describe('vpc.havip', () => {
  it('lists every page of 50 with the instances it is associated with', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeHaVips')
      .reply(200, { RequestId: 'R', HaVips: { HaVip: Array.from({ length: 50 }, (_, i) => wireHaVip(`havip-${i}`)) }, TotalCount: 51 })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeHaVips')
      .reply(200, { RequestId: 'R', HaVips: { HaVip: [wireHaVip('havip-x', ['i-1'])] }, TotalCount: 51 });
    const found = await collect(vpcHaVip.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found[50]?.properties).toMatchObject({ associatedInstances: ['i-1'], vSwitchId: 'vsw-1' });
  });

  it('waits for its EIPs and the routes through it; touches its instances', () => {
    const inv = inventoryOf([
      { type: 'vpc.eip', region: 'cn-hangzhou', id: 'eip-1', properties: { instanceId: 'havip-1', instanceType: 'HaVip' } },
      { type: 'vpc.route-entry', region: 'cn-hangzhou', id: 'rte-1', properties: { nextHopIds: ['havip-1'] } },
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: {} },
    ]);
    expect(vpcHaVip.dependencies(havip('havip-1', ['i-1']), inv)).toEqual([
      { address: 'vpc.eip/cn-hangzhou/eip-1', reason: 'EIP bound to this HaVip' },
      { address: 'vpc.route-entry/cn-hangzhou/rte-1', reason: 'route entry whose next hop is this resource' },
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'instance this HaVip is associated with (unassociated first)', touches: true },
    ]);
  });

  it('unassociates with Force, waits, then deletes; a gone HaVip is gone', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q['Filter.1.Key'] === 'HaVipId' && q['Filter.1.Value.1'] === 'havip-1')
      .matchHeader('x-acs-action', 'DescribeHaVips')
      .reply(200, { RequestId: 'R', HaVips: { HaVip: [wireHaVip('havip-1', ['i-1'])] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.HaVipId === 'havip-1' && q.InstanceId === 'i-1' && q.InstanceType === 'EcsInstance' && q.Force === 'True')
      .matchHeader('x-acs-action', 'UnassociateHaVip')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q['Filter.1.Value.1'] === 'havip-1')
      .matchHeader('x-acs-action', 'DescribeHaVips')
      .reply(200, { RequestId: 'R', HaVips: { HaVip: [wireHaVip('havip-1')] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.HaVipId === 'havip-1')
      .matchHeader('x-acs-action', 'DeleteHaVip')
      .reply(404, rpcError('InvalidHaVipId.NotFound', 'The specified HaVip does not exist in the specified region.', 'vpc.aliyuncs.com'));
    await vpcHaVip.run({ action: 'unassociate', description: '' }, havip('havip-1', ['i-1']), h.stepContext());
    await expect(vpcHaVip.run({ action: 'delete', description: '' }, havip('havip-1'), h.stepContext())).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(scope.isDone()).toBe(true);
  });
});

const wireGateway = (id: string, extra: Record<string, unknown> = {}) => ({
  VpnGatewayId: id,
  Name: `name-${id}`,
  VpcId: 'vpc-1',
  VSwitchId: 'vsw-1',
  Status: 'active',
  ChargeType: 'PostPay',
  CreateTime: 1767225600000,
  EndTime: 0,
  Tags: { Tag: [] },
  ...extra,
});

describe('vpc.vpn-gateway', () => {
  it('lists gateways with their IPsec connections; plans connections then the gateway; blocks a subscription', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeVpnGateways')
      .reply(200, {
        RequestId: 'R',
        VpnGateways: { VpnGateway: [wireGateway('vpn-1'), wireGateway('vpn-2', { ChargeType: 'PrePay', EndTime: 1830297600000 })] },
        TotalCount: 2,
      })
      .post('/')
      .query((q) => q.VpnGatewayId === 'vpn-1')
      .matchHeader('x-acs-action', 'DescribeVpnConnections')
      .reply(200, { RequestId: 'R', VpnConnections: { VpnConnection: [{ VpnConnectionId: 'vco-1' }] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.VpnGatewayId === 'vpn-2')
      .matchHeader('x-acs-action', 'DescribeVpnConnections')
      .reply(200, { RequestId: 'R', VpnConnections: { VpnConnection: [] }, TotalCount: 0 });
    const [g1, g2] = await collect(vpcVpnGateway.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(g1).toMatchObject({ createdAt: '2026-01-01T00:00:00.000Z', properties: { vpnConnectionIds: ['vco-1'], vSwitchId: 'vsw-1' } });
    expect(vpcVpnGateway.steps(g1 as Resource, h.scanContext()).map((s) => s.action)).toEqual(['delete-connections', 'delete']);
    const prepaid = vpcVpnGateway.steps(g2 as Resource, h.scanContext());
    expect(prepaid[0]?.blocked).toMatch(/subscription VPN gateway \(expires 2028-01-01/);
  });

  it('deletes its connections and waits, then the gateway; still configuring is retried', async () => {
    const h = providerHarness();
    const g: Resource = { type: 'vpc.vpn-gateway', region: 'cn-hangzhou', id: 'vpn-1', properties: { vpnConnectionIds: ['vco-1'] } };
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.VpnGatewayId === 'vpn-1')
      .matchHeader('x-acs-action', 'DescribeVpnConnections')
      .reply(200, { RequestId: 'R', VpnConnections: { VpnConnection: [{ VpnConnectionId: 'vco-1' }] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.VpnConnectionId === 'vco-1')
      .matchHeader('x-acs-action', 'DeleteVpnConnection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.VpnGatewayId === 'vpn-1')
      .matchHeader('x-acs-action', 'DescribeVpnConnections')
      .reply(200, { RequestId: 'R', VpnConnections: { VpnConnection: [] }, TotalCount: 0 })
      .post('/')
      .query((q) => q.VpnGatewayId === 'vpn-1')
      .matchHeader('x-acs-action', 'DeleteVpnGateway')
      .reply(400, rpcError('VpnGateway.Configuring', 'The specified service is configuring.', 'vpc.aliyuncs.com'));
    await vpcVpnGateway.run({ action: 'delete-connections', description: '' }, g, h.stepContext());
    await expect(vpcVpnGateway.run({ action: 'delete', description: '' }, g, h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
    });
    expect(scope.isDone()).toBe(true);
  });
});
