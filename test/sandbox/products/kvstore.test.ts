// Tair / Redis through the official SDK against a running sandbox: each response parses into its
// model with no unknown keys, and each refusal reaches the tool with its code and status.
import Kvstore, * as $Kvstore from '@alicloud/r-kvstore20150101';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { kvstoreProduct } from '../../../src/sandbox/products/kvstore.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { resetSandbox } from '../admin-client.js';
import { describeConformance } from './conformance.js';
import { demoScenario, refusal, rpcBody, sdkClass, sdkConfig, genericClient, type RawRpcClient } from './sandbox-rpc.js';

type KvClient = InstanceType<typeof Kvstore.default>;
const V = '2015-01-01';
const HZ = 'cn-hangzhou';

function scenario(): Record<string, unknown> {
  return demoScenario({
    ...demoVpc,
    kvstore: {
      instances: [
        { id: 'r-hz-cache', region: HZ, vpcId: 'vpc-hz-main', vSwitchId: 'vsw-hz-db', createdAt: '2024-03-01T00:00:00Z' },
        {
          id: 'r-hz-prepaid',
          region: HZ,
          vpcId: 'vpc-hz-main',
          vSwitchId: 'vsw-hz-db',
          chargeType: 'PrePaid',
          expiresAt: '2027-03-01T00:00:00Z',
          releaseProtection: true,
        },
      ],
    },
  });
}

describeConformance({
  title: 'R-KVStore',
  product: kvstoreProduct,
  models: $Kvstore,
  client: (s) => new (sdkClass<KvClient>(Kvstore))(sdkConfig(s)),
  scenario: scenario(),
  cases: [
    { action: 'DescribeInstances', params: { RegionId: HZ, PageNumber: '1', PageSize: '50' } },
    { action: 'DescribeInstanceAttribute', params: { InstanceId: 'r-hz-prepaid' } },
    { action: 'ModifyInstanceAttribute', params: { InstanceId: 'r-hz-prepaid', InstanceReleaseProtection: 'false' } },
    { action: 'TransformInstanceChargeType', params: { InstanceId: 'r-hz-prepaid', ChargeType: 'PostPaid', AutoPay: 'true' } },
    { action: 'DeleteInstance', params: { InstanceId: 'r-hz-cache' } },
  ],
});

describe('R-KVStore sandbox: what keeps an instance from being released', () => {
  let sb: RunningSandbox;
  let api: RawRpcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1 });
    api = genericClient(sb);
  });
  beforeEach(async () => resetSandbox(sb));
  afterAll(async () => sb?.close());

  const attribute = async (id: string) =>
    (
      (await rpcBody(api, V, 'DescribeInstanceAttribute', { InstanceId: id })).Instances as {
        DBInstanceAttribute: Array<Record<string, unknown>>;
      }
    ).DBInstanceAttribute[0];

  it('refuses protection, then the subscription; converts on the clock; releases; then NotFound', async () => {
    const del = () => rpcBody(api, V, 'DeleteInstance', { InstanceId: 'r-hz-prepaid' });
    expect((await refusal(del())).code).toBe('InstanceReleaseProtection.Enabled');
    await rpcBody(api, V, 'ModifyInstanceAttribute', { InstanceId: 'r-hz-prepaid', InstanceReleaseProtection: 'false' });
    expect((await refusal(del())).code).toBe('PrePaidInstance.NotSupported');
    await rpcBody(api, V, 'TransformInstanceChargeType', { InstanceId: 'r-hz-prepaid', ChargeType: 'PostPaid' });
    expect(await attribute('r-hz-prepaid')).toMatchObject({ InstanceStatus: 'Transforming', ChargeType: 'PrePaid' });
    expect((await refusal(del())).code).toBe('IncorrectInstanceStatus');
    sb.world.advance(31_000);
    expect(await attribute('r-hz-prepaid')).toMatchObject({ InstanceStatus: 'Normal', ChargeType: 'PostPaid' });
    await del();
    sb.world.advance(31_000);
    expect(await refusal(rpcBody(api, V, 'DescribeInstanceAttribute', { InstanceId: 'r-hz-prepaid' }))).toEqual({
      code: 'InvalidInstanceId.NotFound',
      statusCode: 404,
    });
  });

  it('pages with the documented sizes and refuses undeclared parameters', async () => {
    expect((await refusal(rpcBody(api, V, 'DescribeInstances', { RegionId: HZ, PageSize: '101' }))).code).toBe('InvalidParameter');
    expect((await refusal(rpcBody(api, V, 'DeleteInstance', { InstanceID: 'r-hz-cache' }))).code).toBe('InvalidParameter');
  });
});
