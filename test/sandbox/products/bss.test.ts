import Bss, * as $Bss from '@alicloud/bssopenapi20171214';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World, type RpcCall } from '../../../src/sandbox/framework.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { bssProduct } from '../../../src/sandbox/products/bss.js';
import { ecsState, type EcsInstance } from '../../../src/sandbox/products/ecs/state.js';
import { rdsProduct } from '../../../src/sandbox/products/rds.js';
import demoBss from '../../../src/sandbox/scenarios/demo/bss.js';
import demoRds from '../../../src/sandbox/scenarios/demo/rds.js';
import { assertWireKeysMatchModel } from '../sdk-model.js';
import { describeConformance } from './conformance.js';
import { demoScenario, refusal, rpcBody, sdkClass, sdkConfig, type RawRpcClient } from './sandbox-rpc.js';

describeConformance({
  title: 'BSS',
  product: bssProduct,
  models: $Bss,
  client: (s) => new (sdkClass<InstanceType<typeof Bss.default>>(Bss))(sdkConfig(s)),
  cases: [
    { action: 'QueryAccountBalance', params: {} },
    { action: 'QueryAvailableInstances', params: { SubscriptionType: 'Subscription', PageNum: '1', PageSize: '20' } },
    { action: 'RefundInstance', params: { InstanceId: 'sas-demo-001', ProductCode: 'sas', ImmediatelyRelease: '1' } },
  ],
});

function call(world: World, product: typeof bssProduct, action: string, params: Record<string, string>): Record<string, unknown> {
  const handler = product.actions[action];
  if (!handler) throw new Error(`no handler ${action}`);
  world.tick();
  const rpc: RpcCall = { product: product.product, version: product.version, action, params, accessKeyId: 'AK' };
  return handler(rpc, world);
}

type Row = { InstanceID: string; ProductCode: string; SubscriptionType: string; EndTime?: string };
const rowsOf = (body: Record<string, unknown>): Row[] => (body.Data as { InstanceList: Row[] }).InstanceList;

function ecsInstance(id: string, chargeType: 'PrePaid' | 'PostPaid'): EcsInstance {
  return {
    id,
    region: 'cn-hangzhou',
    name: id,
    zoneId: 'cn-hangzhou-h',
    vpcId: 'vpc-hz-main',
    vSwitchId: 'vsw-hz-web',
    privateIp: '10.0.1.10',
    securityGroupIds: [],
    status: 'Running',
    chargeType,
    expiredTime: chargeType === 'PrePaid' ? '2027-03-31T16:00Z' : '2099-12-31T15:59Z',
    deletionProtection: false,
    keyPairName: '',
    instanceType: 'ecs.g7.large',
    imageId: 'm-1',
    createdAt: '2024-01-05T00:00Z',
    tags: [],
    releasing: false,
  };
}

describe('BSS rows follow the products they bill', () => {
  it('lists ECS and RDS instances from their state, plus the declared uncovered subscription', () => {
    const world = new World('1234567890123456', 1);
    rdsProduct.seed?.(world, demoRds);
    bssProduct.seed?.(world, demoBss);
    const ecs = ecsState(world);
    ecs.instances.set('i-hz-web2', ecsInstance('i-hz-web2', 'PrePaid'));
    ecs.instances.set('i-hz-web1', ecsInstance('i-hz-web1', 'PostPaid'));

    const subs = rowsOf(call(world, bssProduct, 'QueryAvailableInstances', { SubscriptionType: 'Subscription' }));
    expect(subs.map((r) => `${r.ProductCode}/${r.InstanceID}`).sort()).toEqual(['ecs/i-hz-web2', 'rds/rm-hz-primary', 'sas/sas-demo-001']);
    expect(subs.find((r) => r.InstanceID === 'i-hz-web2')?.EndTime).toBe('2027-03-31T16:00:00Z');

    // Converted to pay-as-you-go: no longer a subscription; released: no longer listed.
    const web2 = ecs.instances.get('i-hz-web2');
    if (!web2) throw new Error('seeded instance missing');
    web2.chargeType = 'PostPaid';
    ecs.instances.delete('i-hz-web1');
    const all = rowsOf(call(world, bssProduct, 'QueryAvailableInstances', { ProductCode: 'ecs' }));
    expect(all).toEqual([expect.objectContaining({ InstanceID: 'i-hz-web2', SubscriptionType: 'PayAsYouGo' })]);
  });

  it('lists nothing for ECS when the scenario has no ECS product', () => {
    const world = new World('1', 1);
    bssProduct.seed?.(world, demoBss);
    expect(rowsOf(call(world, bssProduct, 'QueryAvailableInstances', { ProductCode: 'ecs' }))).toEqual([]);
    expect(world.peekSlice('ecs')).toBeUndefined();
  });

  it('pages with PageNum/PageSize and refuses a page size over 300', () => {
    const world = new World('1', 1);
    const instances = Array.from({ length: 7 }, (_, i) => ({
      instanceId: `x-${i}`,
      productCode: 'sas',
      createdAt: `2024-01-0${i + 1}T00:00:00Z`,
    }));
    bssProduct.seed?.(world, { bss: { instances } });
    const seen = [1, 2, 3].flatMap((n) =>
      rowsOf(call(world, bssProduct, 'QueryAvailableInstances', { PageNum: String(n), PageSize: '3' })).map((r) => r.InstanceID),
    );
    expect(seen).toEqual(instances.map((i) => i.instanceId));
    expect(() => call(world, bssProduct, 'QueryAvailableInstances', { PageSize: '301' })).toThrowError(
      expect.objectContaining({ code: 'InvalidParameter', status: 400 }),
    );
  });
});

describe('BSS conformance through @alicloud/bssopenapi20171214', () => {
  type BssClient = InstanceType<typeof Bss.default>;
  let sb: RunningSandbox;
  let bss: BssClient;
  const V = '2017-12-14';
  beforeAll(async () => {
    sb = await startSandbox({ scenario: demoScenario(), speed: 1 });
    bss = new (sdkClass<BssClient>(Bss))(sdkConfig(sb));
  });
  afterAll(async () => sb?.close());

  it('QueryAccountBalance gives the demo balance as strings', async () => {
    assertWireKeysMatchModel($Bss.QueryAccountBalanceResponseBody, await rpcBody(bss as unknown as RawRpcClient, V, 'QueryAccountBalance'));
    const res = await bss.queryAccountBalance();
    expect(res.body?.data).toMatchObject({ availableCashAmount: '120.50', availableAmount: '120.50', currency: 'CNY' });
    expect(res.body?.success).toBe(true);
  });

  it('unsubscribing the prepaid RDS releases it in RDS and drops it from the list', async () => {
    const raw = bss as unknown as RawRpcClient;
    assertWireKeysMatchModel(
      $Bss.QueryAvailableInstancesResponseBody,
      await rpcBody(raw, V, 'QueryAvailableInstances', { SubscriptionType: 'Subscription' }),
    );
    const before = await bss.queryAvailableInstances(new $Bss.QueryAvailableInstancesRequest({ subscriptionType: 'Subscription' }));
    expect(before.body?.data?.instanceList?.map((i) => i.instanceID).sort()).toEqual(['rm-hz-primary', 'sas-demo-001']);

    expect(
      await refusal(
        bss.refundInstance(new $Bss.RefundInstanceRequest({ instanceId: 'rr-hz-ro1', productCode: 'rds', immediatelyRelease: '1' })),
      ),
    ).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
    assertWireKeysMatchModel(
      $Bss.RefundInstanceResponseBody,
      await rpcBody(raw, V, 'RefundInstance', {
        InstanceId: 'rm-hz-primary',
        ProductCode: 'rds',
        ProductType: '',
        ImmediatelyRelease: '1',
      }),
    );
    const after = await bss.queryAvailableInstances(new $Bss.QueryAvailableInstancesRequest({ subscriptionType: 'Subscription' }));
    expect(after.body?.data?.instanceList?.map((i) => i.instanceID)).toEqual(['sas-demo-001']);
    expect(call(sb.world, rdsProduct, 'DescribeDBInstances', { RegionId: 'cn-hangzhou', DBInstanceId: 'rm-hz-primary' })).toMatchObject({
      Items: { DBInstance: [expect.objectContaining({ DBInstanceStatus: 'Deleting' })] },
    });

    const refund = await bss.refundInstance(
      new $Bss.RefundInstanceRequest({ instanceId: 'sas-demo-001', productCode: 'sas', immediatelyRelease: '1' }),
    );
    expect(refund.body?.data?.orderId).toEqual(expect.any(Number));
    const none = await bss.queryAvailableInstances(new $Bss.QueryAvailableInstancesRequest({ subscriptionType: 'Subscription' }));
    expect(none.body?.data?.totalCount).toBe(0);
    expect(await refusal(bss.refundInstance(new $Bss.RefundInstanceRequest({ instanceId: 'sas-demo-001', productCode: 'sas' })))).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });
});
