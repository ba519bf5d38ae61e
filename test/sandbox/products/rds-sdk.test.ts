// RDS through the official SDK against a running sandbox: each response parses into its
// model with no unknown keys, and each refusal reaches the tool with its code and status.
import Rds, * as $Rds from '@alicloud/rds20140815';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { rdsProduct } from '../../../src/sandbox/products/rds.js';
import { assertWireKeysMatchModel } from '../sdk-model.js';
import { describeConformance } from './conformance.js';
import { demoScenario, refusal, rpcBody, sdkClass, sdkConfig, type RawRpcClient } from './sandbox-rpc.js';

type RdsClient = InstanceType<typeof Rds.default>;
let sb: RunningSandbox;
let rds: RdsClient;
const V = '2014-08-15';

beforeAll(async () => {
  sb = await startSandbox({ scenario: demoScenario(), speed: 1 });
  rds = new (sdkClass<RdsClient>(Rds))(sdkConfig(sb));
});
afterAll(async () => sb?.close());

describeConformance({
  title: 'RDS',
  product: rdsProduct,
  models: $Rds,
  client: (s) => new (sdkClass<RdsClient>(Rds))(sdkConfig(s)),
  cases: [
    { action: 'DescribeRegions', params: {} },
    { action: 'DescribeDBInstances', params: { RegionId: 'cn-hangzhou' } },
    { action: 'DescribeDBInstances', params: { RegionId: 'cn-hangzhou', MaxResults: '1' } },
    { action: 'DescribeDBInstanceAttribute', params: { DBInstanceId: 'rm-hz-primary' } },
    { action: 'TransformDBInstancePayType', params: { DBInstanceId: 'rm-hz-primary', PayType: 'Postpaid' } },
    { action: 'ModifyDBInstanceDeletionProtection', params: { DBInstanceId: 'rm-hz-primary', DeletionProtection: 'false' } },
    { action: 'DeleteDBInstance', params: { DBInstanceId: 'rr-hz-ro1', ReleasedKeepPolicy: 'None' } },
    { action: 'ListTagResources', params: { RegionId: 'cn-hangzhou', ResourceType: 'INSTANCE', 'ResourceId.1': 'rm-hz-primary' } },
    {
      action: 'TagResources',
      params: {
        RegionId: 'cn-hangzhou',
        ResourceType: 'INSTANCE',
        'ResourceId.1': 'rr-hz-ro1',
        'Tag.1.Key': 'keep',
        'Tag.1.Value': 'true',
      },
    },
  ],
});

describe('RDS conformance through @alicloud/rds20140815', () => {
  it('DescribeRegions, DescribeDBInstances and DescribeDBInstanceAttribute match their models', async () => {
    const raw = rds as unknown as RawRpcClient;
    assertWireKeysMatchModel($Rds.DescribeRegionsResponseBody, await rpcBody(raw, V, 'DescribeRegions'));
    const list = await rpcBody(raw, V, 'DescribeDBInstances', { RegionId: 'cn-hangzhou' });
    assertWireKeysMatchModel($Rds.DescribeDBInstancesResponseBody, list);
    assertWireKeysMatchModel(
      $Rds.DescribeDBInstanceAttributeResponseBody,
      await rpcBody(raw, V, 'DescribeDBInstanceAttribute', { DBInstanceId: 'rm-hz-primary' }),
    );

    const parsed = await rds.describeDBInstances(
      new $Rds.DescribeDBInstancesRequest({ regionId: 'cn-hangzhou', pageSize: 1, pageNumber: 2 }),
    );
    expect(parsed.body?.totalRecordCount).toBe(2);
    expect(parsed.body?.items?.DBInstance?.map((i) => i.DBInstanceId)).toEqual(['rr-hz-ro1']);
    const regions = await rds.describeRegions(new $Rds.DescribeRegionsRequest({}));
    expect(regions.body?.regions?.RDSRegion?.some((r) => r.zoneId === 'cn-hangzhou-i')).toBe(true);
  });

  it('refuses the demo primary for each precondition, then releases it after conversion', async () => {
    const del = () => rds.deleteDBInstance(new $Rds.DeleteDBInstanceRequest({ DBInstanceId: 'rm-hz-primary' }));
    expect(await refusal(del())).toEqual({ code: 'OperationDenied.DeletionProtection', statusCode: 400 });
    const unprotect = await rds.modifyDBInstanceDeletionProtection(
      new $Rds.ModifyDBInstanceDeletionProtectionRequest({ DBInstanceId: 'rm-hz-primary', deletionProtection: false }),
    );
    expect(unprotect.statusCode).toBe(200);
    expect(await refusal(del())).toEqual({ code: 'OperationDenied.PrePayTypeNotSupported', statusCode: 403 });

    const raw = rds as unknown as RawRpcClient;
    assertWireKeysMatchModel(
      $Rds.TransformDBInstancePayTypeResponseBody,
      await rpcBody(raw, V, 'TransformDBInstancePayType', { DBInstanceId: 'rm-hz-primary', PayType: 'Postpaid' }),
    );
    sb.world.advance(30_000);
    const attr = await rds.describeDBInstanceAttribute(new $Rds.DescribeDBInstanceAttributeRequest({ DBInstanceId: 'rm-hz-primary' }));
    expect(attr.body?.items?.DBInstanceAttribute?.[0]?.payType).toBe('Postpaid');

    expect(await refusal(del())).toEqual({ code: 'OperationDenied.ReadDBInstanceStatus', statusCode: 403 });
    assertWireKeysMatchModel($Rds.DeleteDBInstanceResponseBody, await rpcBody(raw, V, 'DeleteDBInstance', { DBInstanceId: 'rr-hz-ro1' }));
    sb.world.advance(60_000);
    const deleted = await del();
    expect(deleted.body?.regionId).toBe('cn-hangzhou');
    sb.world.advance(60_000);
    expect(await refusal(del())).toEqual({ code: 'InvalidDBInstanceId.NotFound', statusCode: 404 });
  });
});
