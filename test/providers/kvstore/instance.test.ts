import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { kvstoreInstance } from '../../../src/providers/kvstore/instance.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wire = (id: string, extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  InstanceName: `cache-${id}`,
  InstanceStatus: 'Normal',
  ChargeType: 'PostPaid',
  VpcId: 'vpc-1',
  VSwitchId: 'vsw-1',
  EngineVersion: '7.0',
  InstanceClass: 'redis.shard.small.2.ce',
  CreateTime: '2026-01-01T00:00:00Z',
  ...extra,
});
const attribute = (id: string, extra: Record<string, unknown> = {}) => ({
  RequestId: 'R',
  Instances: { DBInstanceAttribute: [{ ...wire(id, extra), InstanceReleaseProtection: extra.InstanceReleaseProtection ?? false }] },
});
const kv = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'kvstore.instance',
  region: 'cn-hangzhou',
  id,
  properties: { chargeType: 'PostPaid', deletionProtection: false, ...properties } as Resource['properties'],
});

describe('kvstore.instance', () => {
  it('lists every page with the SDK, reading release protection from each instance attribute', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .matchHeader('x-acs-version', '2015-01-01')
      .reply(200, {
        RequestId: 'R',
        Instances: { KVStoreInstance: Array.from({ length: 50 }, (_, i) => wire(`r-${i}`)) },
        TotalCount: 51,
        PageNumber: 1,
        PageSize: 50,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, {
        RequestId: 'R',
        Instances: {
          KVStoreInstance: [
            wire('r-x', { ChargeType: 'PrePaid', EndTime: '2027-01-31T16:00:00Z', Tags: { Tag: [{ Key: 'team', Value: 'web' }] } }),
          ],
        },
        TotalCount: 51,
      })
      .post('/')
      .query((q) => q.InstanceId === 'r-x')
      .matchHeader('x-acs-action', 'DescribeInstanceAttribute')
      .reply(200, attribute('r-x', { ChargeType: 'PrePaid', EndTime: '2027-01-31T16:00:00Z', InstanceReleaseProtection: true }))
      .post('/')
      .query((q) => q.InstanceId === 'r-7')
      .matchHeader('x-acs-action', 'DescribeInstanceAttribute')
      .reply(404, rpcError('InvalidInstanceId.NotFound', 'The specified instance is not found.', 'r-kvstore.aliyuncs.com'))
      .post('/')
      .query((q) => typeof q.InstanceId === 'string' && q.InstanceId !== 'r-x' && q.InstanceId !== 'r-7')
      .matchHeader('x-acs-action', 'DescribeInstanceAttribute')
      .times(49)
      .reply(200, (uri) => attribute(new URL(uri, 'http://x').searchParams.get('InstanceId') ?? ''));
    const found = await collect(kvstoreInstance.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    // r-7 went between the two calls: not listed.
    expect(found).toHaveLength(50);
    expect(found.find((r) => r.id === 'r-x')).toMatchObject({
      name: 'cache-r-x',
      tags: { team: 'web' },
      createdAt: '2026-01-01T00:00:00.000Z',
      properties: {
        status: 'Normal',
        chargeType: 'PrePaid',
        expiredTime: '2027-01-31T16:00:00Z',
        deletionProtection: true,
        vpcId: 'vpc-1',
        vSwitchId: 'vsw-1',
      },
    });
    expect(h.calls.every((c) => !c.mutating)).toBe(true);
  });

  it('plans protection off and conversion before the release; blocks a subscription when conversion is off', () => {
    const h = providerHarness();
    const prepaid = kv('r-1', { chargeType: 'PrePaid', expiredTime: '2027-01-31', deletionProtection: true });
    expect(kvstoreInstance.steps(prepaid, h.scanContext()).map((s) => s.action)).toEqual([
      'disable-deletion-protection',
      'convert-to-postpaid',
      'delete',
    ]);
    const off = providerHarness({ settings: { convertPrepaid: false } });
    expect(kvstoreInstance.steps(prepaid, off.scanContext()).find((s) => s.blocked)?.blocked).toMatch(/convertPrepaid/);
    expect(kvstoreInstance.steps(kv('r-2'), h.scanContext()).map((s) => s.action)).toEqual(['delete']);
  });

  it('turns protection off, converts and waits for PostPaid, then releases', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.InstanceId === 'r-1' && q.InstanceReleaseProtection === 'false')
      .matchHeader('x-acs-action', 'ModifyInstanceAttribute')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.InstanceId === 'r-1' && q.ChargeType === 'PostPaid' && q.AutoPay === 'true')
      .matchHeader('x-acs-action', 'TransformInstanceChargeType')
      .reply(200, { RequestId: 'R', OrderId: 1 })
      .post('/')
      .query((q) => q.InstanceId === 'r-1')
      .matchHeader('x-acs-action', 'DescribeInstanceAttribute')
      .reply(200, attribute('r-1', { ChargeType: 'PrePaid', InstanceStatus: 'Transforming' }))
      .post('/')
      .query((q) => q.InstanceId === 'r-1')
      .matchHeader('x-acs-action', 'DescribeInstanceAttribute')
      .reply(200, attribute('r-1'))
      .post('/')
      .query((q) => q.InstanceId === 'r-1')
      .matchHeader('x-acs-action', 'DeleteInstance')
      .reply(200, { RequestId: 'R' });
    const ctx = h.stepContext();
    for (const action of ['disable-deletion-protection', 'convert-to-postpaid', 'delete'])
      await kvstoreInstance.run({ action, description: '' }, kv('r-1', { chargeType: 'PrePaid', deletionProtection: true }), ctx);
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['Tair instance r-1 to become pay-as-you-go']);
  });

  it('sends nothing for protection already off or a conversion already done or under way (re-read state), but still waits', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.InstanceId === 'r-1')
      .matchHeader('x-acs-action', 'DescribeInstanceAttribute')
      .reply(200, attribute('r-1'));
    const ctx = h.stepContext();
    await kvstoreInstance.run({ action: 'disable-deletion-protection', description: '' }, kv('r-1'), ctx);
    await kvstoreInstance.run(
      { action: 'convert-to-postpaid', description: '' },
      kv('r-1', { chargeType: 'PrePaid', status: 'Transforming' }),
      ctx,
    );
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['Tair instance r-1 to become pay-as-you-go']);
  });

  it('reads a released instance as gone, and refuses to mutate with read-only clients', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.InstanceId === 'r-gone')
      .matchHeader('x-acs-action', 'DescribeInstanceAttribute')
      .reply(404, rpcError('InvalidInstanceId.NotFound', 'The specified instance is not found.', 'r-kvstore.aliyuncs.com'));
    expect(await kvstoreInstance.read(kv('r-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
    const ro = providerHarness({ mode: 'read-only' });
    await expect(kvstoreInstance.run({ action: 'delete', description: '' }, kv('r-1'), ro.stepContext())).rejects.toThrow(
      /refused to call mutating API kvstore:DeleteInstance/,
    );
  });
});
