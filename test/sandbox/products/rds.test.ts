import { describe, expect, it } from 'vitest';
import { World, type RpcCall } from '../../../src/sandbox/framework.js';
import { rdsProduct } from '../../../src/sandbox/products/rds.js';
import demoAccount from '../../../src/sandbox/scenarios/demo/account.js';
import demoRds from '../../../src/sandbox/scenarios/demo/rds.js';

function call(world: World, action: string, params: Record<string, string>): Record<string, unknown> {
  const handler = rdsProduct.actions[action];
  if (!handler) throw new Error(`no handler ${action}`);
  world.tick();
  const rpc: RpcCall = { product: 'rds', version: '2014-08-15', action, params, accessKeyId: 'AK' };
  return handler(rpc, world);
}

/** speed 1: asynchronous steps only complete when the test advances the clock. */
function demoWorld(): World {
  const world = new World('1234567890123456', 1);
  rdsProduct.seed?.(world, { ...demoAccount, ...demoRds });
  return world;
}

const apiError = (status: number, code: string) => expect.objectContaining({ name: 'SandboxApiError', status, code });
type Row = { DBInstanceId: string; DBInstanceStatus: string; PayType: string };
const rows = (body: Record<string, unknown>): Row[] => (body.Items as { DBInstance: Row[] }).DBInstance;

describe('RDS listing', () => {
  it('DescribeRegions returns one row per zone', () => {
    const body = call(demoWorld(), 'DescribeRegions', {});
    const regionRows = (body.Regions as { RDSRegion: Array<{ RegionId: string; ZoneId: string }> }).RDSRegion;
    expect(regionRows.filter((r) => r.RegionId === 'cn-hangzhou').map((r) => r.ZoneId)).toEqual(['cn-hangzhou-h', 'cn-hangzhou-i']);
    expect(new Set(regionRows.map((r) => r.RegionId))).toEqual(new Set(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1']));
  });

  it('DescribeDBInstances shows the primary with its replica and the documented fields', () => {
    const body = call(demoWorld(), 'DescribeDBInstances', { RegionId: 'cn-hangzhou' });
    expect(body).toMatchObject({ TotalRecordCount: 2, PageNumber: 1, PageRecordCount: 2 });
    const [primary, replica] = rows(body);
    expect(primary).toMatchObject({
      DBInstanceId: 'rm-hz-primary',
      DBInstanceType: 'Primary',
      PayType: 'Prepaid',
      DeletionProtection: true,
      LockMode: 'Unlock',
      ExpireTime: '2027-01-31T16:00:00Z',
      VSwitchId: 'vsw-hz-db',
      ReadOnlyDBInstanceIds: { ReadOnlyDBInstanceId: [{ DBInstanceId: 'rr-hz-ro1' }] },
    });
    expect(replica).toMatchObject({
      DBInstanceId: 'rr-hz-ro1',
      DBInstanceType: 'Readonly',
      MasterInstanceId: 'rm-hz-primary',
      PayType: 'Postpaid',
    });
    expect(call(demoWorld(), 'DescribeDBInstances', { RegionId: 'cn-shanghai' })).toMatchObject({ TotalRecordCount: 0 });
  });

  it('pages by number and by token over several pages', () => {
    const world = new World('1', 1);
    const instances = Array.from({ length: 7 }, (_, i) => ({
      id: `rm-${i}`,
      region: 'cn-hangzhou',
      zoneId: 'cn-hangzhou-h',
      vpcId: 'v',
      vswitchId: 's',
      createdAt: `2024-01-0${i + 1}T00:00:00Z`,
    }));
    rdsProduct.seed?.(world, { rds: { instances } });
    const byNumber = [1, 2, 3].flatMap((n) =>
      rows(call(world, 'DescribeDBInstances', { RegionId: 'cn-hangzhou', PageNumber: String(n), PageSize: '3' })),
    );
    expect(byNumber.map((r) => r.DBInstanceId)).toEqual(instances.map((i) => i.id));
    const byToken: string[] = [];
    let token: string | undefined;
    do {
      const body = call(world, 'DescribeDBInstances', { RegionId: 'cn-hangzhou', MaxResults: '3', ...(token ? { NextToken: token } : {}) });
      byToken.push(...rows(body).map((r) => r.DBInstanceId));
      token = body.NextToken === '' ? undefined : String(body.NextToken);
    } while (token);
    expect(byToken).toEqual(instances.map((i) => i.id));
    expect(() => call(world, 'DescribeDBInstances', { RegionId: 'cn-hangzhou', PageSize: '101' })).toThrowError(
      apiError(400, 'InvalidParameter'),
    );
  });
});

describe('RDS deletion preconditions', () => {
  it('walks the demo primary through every refusal to release', () => {
    const world = demoWorld();
    const del = () => call(world, 'DeleteDBInstance', { DBInstanceId: 'rm-hz-primary' });
    expect(del).toThrowError(apiError(400, 'OperationDenied.DeletionProtection'));
    call(world, 'ModifyDBInstanceDeletionProtection', { DBInstanceId: 'rm-hz-primary', DeletionProtection: 'false' });
    expect(del).toThrowError(apiError(403, 'OperationDenied.PrePayTypeNotSupported'));

    expect(call(world, 'TransformDBInstancePayType', { DBInstanceId: 'rm-hz-primary', PayType: 'Postpaid' })).toMatchObject({
      DBInstanceId: 'rm-hz-primary',
      ChargeType: 'Postpaid',
      OrderId: expect.any(Number),
    });
    // Converting: still Prepaid, and no other change is accepted meanwhile.
    expect(rows(call(world, 'DescribeDBInstances', { RegionId: 'cn-hangzhou', DBInstanceId: 'rm-hz-primary' }))[0]?.PayType).toBe(
      'Prepaid',
    );
    expect(del).toThrowError(apiError(403, 'IncorrectDBInstanceState'));
    world.advance(30_000);
    expect(rows(call(world, 'DescribeDBInstances', { RegionId: 'cn-hangzhou', DBInstanceId: 'rm-hz-primary' }))[0]?.PayType).toBe(
      'Postpaid',
    );

    expect(del).toThrowError(apiError(403, 'OperationDenied.ReadDBInstanceStatus'));
    expect(call(world, 'DeleteDBInstance', { DBInstanceId: 'rr-hz-ro1' })).toEqual({ RegionId: 'cn-hangzhou' });
    expect(rows(call(world, 'DescribeDBInstances', { RegionId: 'cn-hangzhou', DBInstanceId: 'rr-hz-ro1' }))[0]?.DBInstanceStatus).toBe(
      'Deleting',
    );
    expect(del).toThrowError(apiError(403, 'OperationDenied.ReadDBInstanceStatus'));
    world.advance(60_000);

    expect(del()).toEqual({ RegionId: 'cn-hangzhou' });
    expect(world.occupantsOf('vswitch', 'vsw-hz-db')).toEqual([{ product: 'rds', kind: 'DBInstance', id: 'rm-hz-primary' }]);
    world.advance(60_000);
    expect(call(world, 'DescribeDBInstances', { RegionId: 'cn-hangzhou' })).toMatchObject({ TotalRecordCount: 0 });
    expect(world.occupantsOf('vswitch', 'vsw-hz-db')).toEqual([]);
    expect(del).toThrowError(apiError(404, 'InvalidDBInstanceId.NotFound'));
    expect(() => call(world, 'DescribeDBInstanceAttribute', { DBInstanceId: 'rm-hz-primary' })).toThrowError(
      apiError(404, 'InvalidDBInstanceId.NotFound'),
    );
  });

  it('announces a release and accepts only the documented ReleasedKeepPolicy values', () => {
    const world = demoWorld();
    const released: string[] = [];
    world.on('rds.instance.released', (p) => released.push(p.dbInstanceId ?? ''));
    expect(() => call(world, 'DeleteDBInstance', { DBInstanceId: 'rr-hz-ro1', ReleasedKeepPolicy: 'Forever' })).toThrowError(
      apiError(400, 'InvalidReleasedKeepPolicy.Format'),
    );
    call(world, 'DeleteDBInstance', { DBInstanceId: 'rr-hz-ro1', ReleasedKeepPolicy: 'None' });
    expect(released).toEqual([]);
    world.advance(60_000);
    expect(released).toEqual(['rr-hz-ro1']);
  });

  it('DescribeDBInstanceAttribute wraps the instance in Items.DBInstanceAttribute', () => {
    const body = call(demoWorld(), 'DescribeDBInstanceAttribute', { DBInstanceId: 'rr-hz-ro1' });
    expect(body).toMatchObject({ Items: { DBInstanceAttribute: [{ DBInstanceId: 'rr-hz-ro1', MasterInstanceId: 'rm-hz-primary' }] } });
  });
});
