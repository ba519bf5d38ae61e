import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsNetworkInterface } from '../../../src/providers/ecs/network-interface.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';

afterEach(() => nock.cleanAll());

const eni = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'ecs.network-interface',
  region: 'cn-hangzhou',
  id,
  properties: { status: 'Available', instanceId: null, ...properties } as Resource['properties'],
});
const wireEni = (id: string, extra: Record<string, unknown> = {}) => ({
  NetworkInterfaceId: id,
  NetworkInterfaceName: `eni-${id}`,
  Status: 'Available',
  Type: 'Secondary',
  InstanceId: '',
  VpcId: 'vpc-1',
  VSwitchId: 'vsw-1',
  ServiceManaged: false,
  SecurityGroupIds: { SecurityGroupId: ['sg-1'] },
  CreationTime: '2026-01-01T00:00:00Z',
  ...extra,
});

describe('ecs.network-interface', () => {
  it('lists secondary, user-managed interfaces over every page', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.Type === 'Secondary' && q.ServiceManaged === 'false' && q.MaxResults === '500' && q.NextToken === undefined)
      .matchHeader('x-acs-action', 'DescribeNetworkInterfaces')
      .reply(200, {
        RequestId: 'R',
        NetworkInterfaceSets: { NetworkInterfaceSet: [wireEni('eni-1', { InstanceId: 'i-1', Status: 'InUse' })] },
        NextToken: 'x',
      })
      .post('/')
      .query((q) => q.NextToken === 'x')
      .matchHeader('x-acs-action', 'DescribeNetworkInterfaces')
      .reply(200, {
        RequestId: 'R',
        NetworkInterfaceSets: { NetworkInterfaceSet: [wireEni('eni-2'), wireEni('eni-p', { Type: 'Primary' })] },
        NextToken: '',
      });
    const found = await collect(ecsNetworkInterface.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => r.id)).toEqual(['eni-1', 'eni-2']);
    expect(found[0]?.properties).toMatchObject({ instanceId: 'i-1', status: 'InUse', vSwitchId: 'vsw-1', securityGroupIds: ['sg-1'] });
    expect(ecsNetworkInterface.steps(found[0]!, h.scanContext()).map((s) => s.action)).toEqual(['detach', 'delete']);
    expect(ecsNetworkInterface.steps(found[1]!, h.scanContext()).map((s) => s.action)).toEqual(['delete']);
  });

  it('detaches and waits until Available, then deletes', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q['NetworkInterfaceId.1'] === 'eni-1')
      .matchHeader('x-acs-action', 'DescribeNetworkInterfaces')
      .reply(200, {
        RequestId: 'R',
        NetworkInterfaceSets: { NetworkInterfaceSet: [wireEni('eni-1', { InstanceId: 'i-1', Status: 'InUse' })] },
      })
      .post('/')
      .query((q) => q.NetworkInterfaceId === 'eni-1' && q.InstanceId === 'i-1')
      .matchHeader('x-acs-action', 'DetachNetworkInterface')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q['NetworkInterfaceId.1'] === 'eni-1')
      .matchHeader('x-acs-action', 'DescribeNetworkInterfaces')
      .reply(200, { RequestId: 'R', NetworkInterfaceSets: { NetworkInterfaceSet: [wireEni('eni-1')] } })
      .post('/')
      .query((q) => q.NetworkInterfaceId === 'eni-1')
      .matchHeader('x-acs-action', 'DeleteNetworkInterface')
      .reply(200, { RequestId: 'R' });
    const r = eni('eni-1', { instanceId: 'i-1', status: 'InUse' });
    await ecsNetworkInterface.run({ action: 'detach', description: '' }, r, h.stepContext());
    await ecsNetworkInterface.run({ action: 'delete', description: '' }, r, h.stepContext());
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['network interface eni-1 to become Available']);
  });

  it('surfaces InvalidEniState as a dependency error and NotFound as gone', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query((q) => q.NetworkInterfaceId === 'eni-1')
      .matchHeader('x-acs-action', 'DeleteNetworkInterface')
      .reply(403, rpcError('InvalidOperation.InvalidEniState', 'The operation is not allowed in the current ENI state.'))
      .post('/')
      .query((q) => q.NetworkInterfaceId === 'eni-2')
      .matchHeader('x-acs-action', 'DeleteNetworkInterface')
      .reply(404, rpcError('InvalidEniId.NotFound', 'The specified ENI does not exist.'))
      .post('/')
      .query((q) => q['NetworkInterfaceId.1'] === 'eni-2')
      .matchHeader('x-acs-action', 'DescribeNetworkInterfaces')
      .reply(200, { RequestId: 'R', NetworkInterfaceSets: { NetworkInterfaceSet: [] } });
    await expect(ecsNetworkInterface.run({ action: 'delete', description: '' }, eni('eni-1'), h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
    });
    await expect(ecsNetworkInterface.run({ action: 'delete', description: '' }, eni('eni-2'), h.stepContext())).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(await ecsNetworkInterface.read(eni('eni-2'), h.scanContext())).toBeUndefined();
  });
});

describe('ecs.network-interface touches its instance', () => {
  it('a secondary interface attached to an instance has a touches (non-ordering) dependency on it', async () => {
    const { ecsNetworkInterface } = await import('../../../src/providers/ecs/network-interface.js');
    const inventory = {
      get: (a: string) =>
        a === 'ecs.instance/cn-hangzhou/i-1' ? { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: {} } : undefined,
      byType: () => [],
    };
    const eni = (instanceId: string | null) => ({
      type: 'ecs.network-interface',
      region: 'cn-hangzhou',
      id: 'eni-1',
      properties: { instanceId },
    });
    expect(ecsNetworkInterface.dependencies(eni('i-1'), inventory)).toEqual([
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'instance this interface is attached to (detached first)', touches: true },
    ]);
    expect(ecsNetworkInterface.dependencies(eni(null), inventory)).toEqual([]);
  });
});
