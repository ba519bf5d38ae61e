import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { vpcEip } from '../../../src/providers/vpc/eip.js';
import { rpcError } from '../ecs/errors.js';
import { inventoryOf } from '../ecs/inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const eip = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'vpc.eip',
  region: 'cn-hangzhou',
  id,
  properties: {
    status: 'Available',
    chargeType: 'PostPaid',
    deletionProtection: false,
    instanceId: null,
    instanceType: null,
    ...properties,
  } as Resource['properties'],
});
const wireEip = (id: string, extra: Record<string, unknown> = {}) => ({
  AllocationId: id,
  Name: `ip-${id}`,
  IpAddress: '47.0.0.1',
  Status: 'Available',
  InstanceId: '',
  InstanceType: '',
  ChargeType: 'PostPaid',
  DeletionProtection: false,
  AllocationTime: '2026-01-01T00:00:00Z',
  ...extra,
});

describe('vpc.eip', () => {
  it('lists every page of 100, leaving out service-managed EIPs', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '100')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, {
        RequestId: 'R',
        EipAddresses: { EipAddress: Array.from({ length: 100 }, (_, i) => wireEip(`eip-${i}`)) },
        TotalCount: 102,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, {
        RequestId: 'R',
        EipAddresses: {
          EipAddress: [
            wireEip('eip-x', { Status: 'InUse', InstanceId: 'i-1', InstanceType: 'EcsInstance' }),
            wireEip('eip-svc', { ServiceManaged: 1 }),
          ],
        },
        TotalCount: 102,
      });
    const found = await collect(vpcEip.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(101);
    expect(found[100]).toMatchObject({
      id: 'eip-x',
      name: 'ip-eip-x',
      properties: { instanceId: 'i-1', instanceType: 'EcsInstance', status: 'InUse' },
    });
  });

  it('waits for the NAT gateway it is bound to, and unassociates itself from anything else', () => {
    const h = providerHarness();
    const inv = inventoryOf([{ type: 'vpc.nat-gateway', region: 'cn-hangzhou', id: 'ngw-1', properties: {} }]);
    const onNat = eip('eip-1', { instanceId: 'ngw-1', instanceType: 'Nat', status: 'InUse' });
    expect(vpcEip.dependencies(onNat, inv)).toEqual([
      { address: 'vpc.nat-gateway/cn-hangzhou/ngw-1', reason: 'NAT gateway this EIP is bound to (freed by its deletion)' },
    ]);
    const onInstance = eip('eip-2', { instanceId: 'i-1', instanceType: 'EcsInstance', status: 'InUse', deletionProtection: true });
    expect(vpcEip.dependencies(onInstance, inv)).toEqual([]);
    expect(vpcEip.steps(onInstance, h.scanContext()).map((s) => s.action)).toEqual([
      'disable-deletion-protection',
      'unassociate',
      'release',
    ]);
    expect(vpcEip.steps(eip('eip-3'), h.scanContext()).map((s) => s.action)).toEqual(['release']);
  });

  it('blocks a subscription EIP with the way out', () => {
    const h = providerHarness();
    const steps = vpcEip.steps(eip('eip-1', { chargeType: 'PrePaid', expiredTime: '2027-03-01T00:00Z' }), h.scanContext());
    expect(steps).toHaveLength(1);
    expect(steps[0]?.blocked).toMatch(/expires 2027-03-01T00:00Z.*Unsubscribe/);
  });

  it('turns protection off, unassociates with the bound instance type, waits, and releases', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.InstanceId === 'eip-1' && q.Type === 'EIP' && q.ProtectionEnable === 'false')
      .matchHeader('x-acs-action', 'DeletionProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.AllocationId === 'eip-1')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, {
        RequestId: 'R',
        EipAddresses: { EipAddress: [wireEip('eip-1', { Status: 'InUse', InstanceId: 'lb-1', InstanceType: 'SlbInstance' })] },
      })
      .post('/')
      .query((q) => q.AllocationId === 'eip-1' && q.InstanceId === 'lb-1' && q.InstanceType === 'SlbInstance')
      .matchHeader('x-acs-action', 'UnassociateEipAddress')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.AllocationId === 'eip-1')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, {
        RequestId: 'R',
        EipAddresses: { EipAddress: [wireEip('eip-1', { Status: 'Unassociating', InstanceId: 'lb-1', InstanceType: 'SlbInstance' })] },
      })
      .post('/')
      .query((q) => q.AllocationId === 'eip-1')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, { RequestId: 'R', EipAddresses: { EipAddress: [wireEip('eip-1')] } })
      .post('/')
      .query((q) => q.AllocationId === 'eip-1')
      .matchHeader('x-acs-action', 'ReleaseEipAddress')
      .reply(200, { RequestId: 'R' });
    const r = eip('eip-1', { instanceId: 'lb-1', instanceType: 'SlbInstance', deletionProtection: true });
    for (const step of vpcEip.steps(r, h.scanContext())) await vpcEip.run(step, r, h.stepContext());
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['EIP eip-1 to become Available']);
  });

  it('skips the unassociate when deleting the NAT gateway already freed it', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.AllocationId === 'eip-1')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, { RequestId: 'R', EipAddresses: { EipAddress: [wireEip('eip-1')] } });
    await vpcEip.run(
      { action: 'unassociate', description: '' },
      eip('eip-1', { instanceId: 'ngw-1', instanceType: 'Nat' }),
      h.stepContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(h.calls.filter((c) => c.mutating)).toEqual([]);
  });

  it('surfaces the release preconditions with their codes, and reads a gone EIP as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.AllocationId === 'eip-bound')
      .matchHeader('x-acs-action', 'ReleaseEipAddress')
      .reply(400, rpcError('IncorrectEipStatus', 'The current status of the resource does not support this operation.', 'vpc.aliyuncs.com'))
      .post('/')
      .query((q) => q.AllocationId === 'eip-prepaid')
      .matchHeader('x-acs-action', 'ReleaseEipAddress')
      .reply(400, rpcError('Forbidden.ChargeTypeIsPrepaid', 'The EIP is a subscription instance.', 'vpc.aliyuncs.com'))
      .post('/')
      .query((q) => q.AllocationId === 'eip-gone')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, { RequestId: 'R', EipAddresses: { EipAddress: [] }, TotalCount: 0 });
    const release = { action: 'release', description: '' };
    await expect(vpcEip.run(release, eip('eip-bound'), h.stepContext())).rejects.toMatchObject({
      code: 'IncorrectEipStatus',
      kind: 'dependency',
    });
    await expect(vpcEip.run(release, eip('eip-prepaid'), h.stepContext())).rejects.toMatchObject({
      code: 'Forbidden.ChargeTypeIsPrepaid',
      kind: 'permanent',
    });
    expect(await vpcEip.read(eip('eip-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});

describe('vpc.eip touches what it is bound to', () => {
  it('declares a touches dependency on the instance it is unassociated from, and orders after its NAT gateway', async () => {
    const { vpcEip } = await import('../../../src/providers/vpc/eip.js');
    const inventory = {
      get: (a: string) =>
        ['ecs.instance/cn-hangzhou/i-1', 'vpc.nat-gateway/cn-hangzhou/ngw-1'].includes(a)
          ? { type: 'x', region: 'cn-hangzhou', id: a, properties: {} }
          : undefined,
      byType: () => [],
    };
    const eip = (instanceType: string, instanceId: string) => ({
      type: 'vpc.eip',
      region: 'cn-hangzhou',
      id: 'eip-1',
      properties: { instanceType, instanceId },
    });
    expect(vpcEip.dependencies(eip('EcsInstance', 'i-1'), inventory)).toEqual([
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'resource this EIP is bound to (unassociated first)', touches: true },
    ]);
    expect(vpcEip.dependencies(eip('Nat', 'ngw-1'), inventory)).toEqual([
      { address: 'vpc.nat-gateway/cn-hangzhou/ngw-1', reason: 'NAT gateway this EIP is bound to (freed by its deletion)' },
    ]);
    // A holder the scan did not find adds nothing.
    expect(vpcEip.dependencies(eip('EcsInstance', 'i-unknown'), inventory)).toEqual([]);
    expect(vpcEip.touchesTypes).toContain('ecs.instance');
  });

  it('re-reads many EIPs with one DescribeEipAddresses per 50 ids; the ones not returned are gone', async () => {
    const h = providerHarness();
    const ids = Array.from({ length: 60 }, (_, i) => `eip-${i}`);
    const seen: string[][] = [];
    const scope = nock(h.host)
      .post('/')
      .times(2)
      .query((q) => q.PageSize === '50' && typeof q.AllocationId === 'string')
      .matchHeader('x-acs-action', 'DescribeEipAddresses')
      .reply(200, (uri) => {
        const asked = (new URL(uri, h.host).searchParams.get('AllocationId') ?? '').split(',');
        seen.push(asked);
        return { RequestId: 'R', EipAddresses: { EipAddress: asked.filter((id) => id !== 'eip-3').map((id) => wireEip(id)) } };
      });
    const now = await vpcEip.readMany!(
      ids.map((id) => eip(id)),
      h.scanContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(seen.map((s) => s.length)).toEqual([50, 10]);
    expect(now.size).toBe(59);
    expect(now.has('vpc.eip/cn-hangzhou/eip-3')).toBe(false);
  });
});
