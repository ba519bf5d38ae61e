// ApsaraDB for MongoDB through the generic OpenAPI call (no npm SDK), as the tool calls it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { ddsProduct } from '../../../src/sandbox/products/dds.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { resetSandbox } from '../admin-client.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const V = '2015-12-01';
const HZ = 'cn-hangzhou';

function scenario(): Record<string, unknown> {
  return demoScenario({
    ...demoVpc,
    mongodb: {
      instances: [
        { id: 'dds-hz-app', region: HZ, vpcId: 'vpc-hz-main', vSwitchId: 'vsw-hz-db', createdAt: '2024-03-01T00:00:00Z' },
        {
          id: 'dds-hz-guarded',
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

// Documented fields: the official SDK models (alibabacloud-java-sdk dds-20151201
// DescribeDBInstancesResponseBody, DescribeDBInstanceAttributeResponseBody).
const INSTANCE = 'DBInstances.DBInstance[]';
describeConformance({
  title: 'MongoDB',
  product: ddsProduct,
  scenario: scenario(),
  cases: [
    {
      action: 'DescribeDBInstances',
      params: { RegionId: HZ, PageNumber: '1', PageSize: '100' },
      documented: [
        'TotalCount',
        'PageNumber',
        'PageSize',
        ...['DBInstanceId', 'DBInstanceDescription', 'DBInstanceStatus', 'DBInstanceType', 'ChargeType', 'CreationTime', 'RegionId'].map(
          (f) => `${INSTANCE}.${f}`,
        ),
      ],
    },
    {
      action: 'DescribeDBInstanceAttribute',
      params: { DBInstanceId: 'dds-hz-guarded' },
      documented: [
        ...['DBInstanceId', 'ChargeType', 'ExpireTime', 'VPCId', 'VSwitchId', 'DBInstanceReleaseProtection'].map((f) => `${INSTANCE}.${f}`),
      ],
    },
    {
      action: 'ModifyDBInstanceAttribute',
      params: { DBInstanceId: 'dds-hz-guarded', DBInstanceReleaseProtection: 'false' },
      documented: ['RequestId'],
    },
    {
      action: 'TransformInstanceChargeType',
      params: { InstanceId: 'dds-hz-guarded', ChargeType: 'PostPaid', AutoPay: 'true' },
      documented: ['RequestId'],
    },
    { action: 'DeleteDBInstance', params: { DBInstanceId: 'dds-hz-app' }, documented: ['RequestId'] },
  ],
});

describe('MongoDB sandbox: what keeps an instance from being released', () => {
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
      (await rpcBody(api, V, 'DescribeDBInstanceAttribute', { DBInstanceId: id })).DBInstances as {
        DBInstance: Array<Record<string, unknown>>;
      }
    ).DBInstance[0];

  it('refuses protection, then the subscription; converts on the clock; deletes asynchronously', async () => {
    const del = () => rpcBody(api, V, 'DeleteDBInstance', { DBInstanceId: 'dds-hz-guarded' });
    expect((await refusal(del())).code).toBe('OperationDenied.ReleaseProtection');
    await rpcBody(api, V, 'ModifyDBInstanceAttribute', { DBInstanceId: 'dds-hz-guarded', DBInstanceReleaseProtection: 'false' });
    expect((await refusal(del())).code).toBe('OperationDenied.PayType');
    await rpcBody(api, V, 'TransformInstanceChargeType', { InstanceId: 'dds-hz-guarded', ChargeType: 'PostPaid' });
    expect(await refusal(del())).toEqual({ code: 'OperationDenied.DBInstanceStatus', statusCode: 403 });
    sb.world.advance(31_000);
    expect(await attribute('dds-hz-guarded')).toMatchObject({ ChargeType: 'PostPaid', DBInstanceReleaseProtection: false });
    await del();
    expect(await attribute('dds-hz-guarded')).toMatchObject({ DBInstanceStatus: 'Deleting' });
    sb.world.advance(61_000);
    expect(await refusal(attribute('dds-hz-guarded'))).toEqual({ code: 'InvalidDBInstanceId.NotFound', statusCode: 404 });
  });
});
