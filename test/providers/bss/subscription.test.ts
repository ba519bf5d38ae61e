import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { defaultRegistry } from '../../../src/providers/index.js';

/** As registered: told which product codes the other types cover. */
const bssSubscription = defaultRegistry().require('bss.subscription');
import { collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from '../ram/rpc.js';

afterEach(() => nock.cleanAll());

const instance = (id: string, productCode: string, extra: object = {}) => ({
  InstanceID: id,
  ProductCode: productCode,
  ProductType: '',
  Region: 'cn-hangzhou',
  Status: 'Normal',
  SubscriptionType: 'Subscription',
  CreateTime: '2026-01-01T00:00:00Z',
  EndTime: '2027-01-01T00:00:00Z',
  RenewStatus: 'ManualRenewal',
  ...extra,
});
const ok = (list: object[], total: number, pageNum: number) => ({
  Code: 'Success',
  Message: 'Successful!',
  Success: true,
  Data: { TotalCount: total, PageNum: pageNum, PageSize: 100, InstanceList: list },
});
const sas: Resource = {
  type: 'bss.subscription',
  region: 'global',
  id: 'sas-demo-001',
  properties: { productCode: 'sas', productType: '', expiredTime: '2027-01-01T00:00:00Z' },
};

describe('bss.subscription', () => {
  it('pages QueryAvailableInstances for subscriptions and keeps only products no provider covers', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const first = [
      instance('i-hz-web2', 'ecs'),
      instance('rm-hz-primary', 'rds'),
      ...Array.from({ length: 98 }, (_, i) => instance(`waf-${i}`, 'waf')),
    ];
    const scopes = [
      rpc(
        'QueryAvailableInstances',
        (q) => q.PageNum === '1' && q.PageSize === '100' && q.SubscriptionType === 'Subscription',
        ok(first, 101, 1),
      ),
      rpc(
        'QueryAvailableInstances',
        (q) => q.PageNum === '2' && q.SubscriptionType === 'Subscription',
        ok([instance('sas-demo-001', 'sas')], 101, 2),
      ),
    ];
    const found = await collect(bssSubscription.list(h.scanContext('global')));
    expect(found).toHaveLength(99);
    expect(found.some((r) => r.properties.productCode === 'ecs' || r.properties.productCode === 'rds')).toBe(false);
    expect(found[98]).toMatchObject({
      id: 'sas-demo-001',
      region: 'global',
      createdAt: '2026-01-01T00:00:00.000Z',
      properties: {
        productCode: 'sas',
        instanceRegion: 'cn-hangzhou',
        status: 'Normal',
        chargeType: 'Subscription',
        expiredTime: '2027-01-01T00:00:00Z',
      },
    });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('is blocked by default and refunds only with settings.refundSubscriptions', () => {
    const [blocked] = bssSubscription.steps(sas, providerHarness());
    expect(blocked?.blocked).toBe('unsubscribe in the console (Expenses → Unsubscribe), or set settings.refundSubscriptions');
    const [refund] = bssSubscription.steps(sas, providerHarness({ settings: { refundSubscriptions: true } }));
    expect(refund?.action).toBe('refund');
    expect(refund?.blocked).toBeUndefined();
    expect(refund?.description).toContain('expires 2027-01-01');
  });

  it('unsubscribes with RefundInstance, releasing immediately', async () => {
    const h = providerHarness({ settings: { refundSubscriptions: true } });
    const s = rpc(
      'RefundInstance',
      (q) => q.InstanceId === 'sas-demo-001' && q.ProductCode === 'sas' && q.ProductType === '' && q.ImmediatelyRelease === '1',
      { Code: 'Success', Message: 'Successful!', Success: true, Data: { OrderId: 2046 } },
    );
    await bssSubscription.run({ action: 'refund', description: '' }, sas, h.stepContext('global'));
    expect(s.isDone()).toBe(true);
  });

  it('turns a Success=false reply and an HTTP error into CloudApiErrors with their codes', async () => {
    const h = providerHarness({ settings: { refundSubscriptions: true } });
    const scopes = [
      rpc('RefundInstance', (q) => q.InstanceId === 'sas-demo-001', {
        Code: 'NotAllowedRefund',
        Message: 'The instance cannot be refunded.',
        Success: false,
      }),
      rpcError('RefundInstance', (q) => q.InstanceId === 'sas-demo-001', 400, 'InvalidParameter.ProductCode'),
    ];
    await expect(bssSubscription.run({ action: 'refund', description: '' }, sas, h.stepContext('global'))).rejects.toMatchObject({
      service: 'bss',
      action: 'RefundInstance',
      code: 'NotAllowedRefund',
      kind: 'permanent',
    });
    expect(bssSubscription.hints?.NotAllowedRefund).toBeDefined();
    await expect(bssSubscription.run({ action: 'refund', description: '' }, sas, h.stepContext('global'))).rejects.toMatchObject({
      code: 'InvalidParameter.ProductCode',
      statusCode: 400,
    });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('reads by InstanceIDs and ProductCode; undefined once released or gone', async () => {
    const h = providerHarness();
    const match = (q: Record<string, unknown>) => q.InstanceIDs === 'sas-demo-001' && q.ProductCode === 'sas';
    const scopes = [
      rpc('QueryAvailableInstances', match, ok([instance('sas-demo-001', 'sas')], 1, 1)),
      rpc('QueryAvailableInstances', match, ok([instance('sas-demo-001', 'sas', { Status: 'Released' })], 1, 1)),
      rpc('QueryAvailableInstances', match, ok([], 0, 1)),
    ];
    expect((await bssSubscription.read(sas, h.scanContext('global')))?.id).toBe('sas-demo-001');
    expect(await bssSubscription.read(sas, h.scanContext('global'))).toBeUndefined();
    expect(await bssSubscription.read(sas, h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
