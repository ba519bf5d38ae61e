// PolarDB through the generic OpenAPI call (no current-generation npm SDK), as the tool calls it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { polardbProduct } from '../../../src/sandbox/products/polardb.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { resetSandbox } from '../admin-client.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const V = '2017-08-01';
const HZ = 'cn-hangzhou';

function scenario(): Record<string, unknown> {
  return demoScenario({
    ...demoVpc,
    polardb: {
      clusters: [
        { id: 'pc-hz-app', region: HZ, vpcId: 'vpc-hz-main', vSwitchId: 'vsw-hz-db', createdAt: '2024-03-01T00:00:00Z' },
        {
          id: 'pc-hz-locked',
          region: HZ,
          vpcId: 'vpc-hz-main',
          vSwitchId: 'vsw-hz-db',
          payType: 'Prepaid',
          expiresAt: '2027-03-01T00:00:00Z',
          deletionLock: true,
        },
      ],
    },
  });
}

// Documented fields: the official SDK model (alibabacloud-java-sdk polardb-20170801
// DescribeDBClustersResponseBody); every key the sandbox sends is one of its wire names.
const CLUSTER = 'Items.DBCluster[]';
describeConformance({
  title: 'PolarDB',
  product: polardbProduct,
  scenario: scenario(),
  cases: [
    {
      action: 'DescribeDBClusters',
      params: { RegionId: HZ, PageNumber: '1', PageSize: '100' },
      documented: [
        'TotalRecordCount',
        'PageNumber',
        'PageRecordCount',
        ...[
          'DBClusterId',
          'DBClusterDescription',
          'DBClusterStatus',
          'PayType',
          'DeletionLock',
          'VpcId',
          'VswitchId',
          'CreateTime',
          'RegionId',
        ].map((f) => `${CLUSTER}.${f}`),
      ],
    },
    { action: 'ModifyDBClusterDeletion', params: { DBClusterId: 'pc-hz-locked', Protection: 'false' }, documented: ['RequestId'] },
    {
      action: 'TransformDBClusterPayType',
      params: { RegionId: HZ, DBClusterId: 'pc-hz-locked', PayType: 'Postpaid' },
      documented: ['RequestId'],
    },
    {
      action: 'DeleteDBCluster',
      params: { DBClusterId: 'pc-hz-app', BackupRetentionPolicyOnClusterDeletion: 'NONE' },
      documented: ['RequestId'],
    },
  ],
});

describe('PolarDB sandbox: what keeps a cluster from being released', () => {
  let sb: RunningSandbox;
  let api: RawRpcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1 });
    api = genericClient(sb);
  });
  beforeEach(async () => resetSandbox(sb));
  afterAll(async () => sb?.close());

  const cluster = async (id: string) =>
    (
      (await rpcBody(api, V, 'DescribeDBClusters', { RegionId: HZ, DBClusterIds: id })).Items as {
        DBCluster: Array<Record<string, unknown>>;
      }
    ).DBCluster[0];

  it('refuses the lock, then the subscription; converts on the clock; deletes asynchronously', async () => {
    const del = () => rpcBody(api, V, 'DeleteDBCluster', { DBClusterId: 'pc-hz-locked' });
    expect((await refusal(del())).code).toBe('OperationDenied.DBClusterDeletionLock');
    await rpcBody(api, V, 'ModifyDBClusterDeletion', { DBClusterId: 'pc-hz-locked', Protection: 'false' });
    expect((await refusal(del())).code).toBe('OperationDenied.PayType');
    await rpcBody(api, V, 'TransformDBClusterPayType', { RegionId: HZ, DBClusterId: 'pc-hz-locked', PayType: 'Postpaid' });
    expect(await refusal(del())).toEqual({ code: 'OperationDenied.DBClusterStatus', statusCode: 403 });
    sb.world.advance(31_000);
    expect(await cluster('pc-hz-locked')).toMatchObject({ PayType: 'Postpaid', DeletionLock: 0 });
    await del();
    expect(await cluster('pc-hz-locked')).toMatchObject({ DBClusterStatus: 'Deleting' });
    sb.world.advance(61_000);
    expect(await cluster('pc-hz-locked')).toBeUndefined();
    expect(await refusal(del())).toEqual({ code: 'InvalidDBClusterId.NotFound', statusCode: 404 });
  });
});
