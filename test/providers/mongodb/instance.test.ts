import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { mongodbInstance } from '../../../src/providers/mongodb/instance.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const listed = (id: string, extra: Record<string, unknown> = {}) => ({
  DBInstanceId: id,
  DBInstanceDescription: `mongo-${id}`,
  DBInstanceStatus: 'Running',
  DBInstanceType: 'replicate',
  ChargeType: 'PostPaid',
  EngineVersion: '6.0',
  CreationTime: '2026-01-01T00:00:00Z',
  ...extra,
});
const attribute = (id: string, extra: Record<string, unknown> = {}) => ({
  RequestId: 'R',
  DBInstances: { DBInstance: [{ ...listed(id), VPCId: 'vpc-1', VSwitchId: 'vsw-1', DBInstanceReleaseProtection: false, ...extra }] },
});
const mongo = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'mongodb.instance',
  region: 'cn-hangzhou',
  id,
  properties: { chargeType: 'PostPaid', deletionProtection: false, ...properties } as Resource['properties'],
});

describe('mongodb.instance', () => {
  it('lists every page, reading network and release protection from each instance attribute', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '100')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .matchHeader('x-acs-version', '2015-12-01')
      .reply(200, {
        RequestId: 'R',
        DBInstances: { DBInstance: Array.from({ length: 100 }, (_, i) => listed(`dds-${i}`)) },
        TotalCount: 101,
        PageNumber: 1,
        PageSize: 100,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', DBInstances: { DBInstance: [listed('dds-x')] }, TotalCount: 101, PageNumber: 2, PageSize: 100 })
      .post('/')
      .query((q) => q.DBInstanceId === 'dds-x')
      .matchHeader('x-acs-action', 'DescribeDBInstanceAttribute')
      .reply(
        200,
        attribute('dds-x', {
          ChargeType: 'PrePaid',
          ExpireTime: '2027-01-31T16:00Z',
          DBInstanceReleaseProtection: true,
          Tags: { Tag: [{ Key: 'team', Value: 'catalog' }] },
        }),
      )
      .post('/')
      .query((q) => q.DBInstanceId === 'dds-3')
      .matchHeader('x-acs-action', 'DescribeDBInstanceAttribute')
      .reply(404, rpcError('InvalidDBInstanceId.NotFound', 'The specified instance is not found.', 'mongodb.aliyuncs.com'))
      .post('/')
      .query((q) => typeof q.DBInstanceId === 'string' && !['dds-x', 'dds-3'].includes(q.DBInstanceId))
      .matchHeader('x-acs-action', 'DescribeDBInstanceAttribute')
      .times(99)
      .reply(200, (uri) => attribute(new URL(uri, 'http://x').searchParams.get('DBInstanceId') ?? ''));
    const found = await collect(mongodbInstance.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(100);
    expect(found.find((r) => r.id === 'dds-x')?.tags).toEqual({ team: 'catalog' });
    expect(found.find((r) => r.id === 'dds-x')?.properties).toMatchObject({
      chargeType: 'PrePaid',
      expiredTime: '2027-01-31T16:00Z',
      deletionProtection: true,
      vpcId: 'vpc-1',
      vSwitchId: 'vsw-1',
      instanceType: 'replicate',
    });
  });

  it('turns protection off, converts and waits for PostPaid, then deletes', async () => {
    const h = providerHarness();
    const prepaid = mongo('dds-1', { chargeType: 'PrePaid', deletionProtection: true });
    expect(mongodbInstance.steps(prepaid, h.scanContext()).map((s) => s.action)).toEqual([
      'disable-deletion-protection',
      'convert-to-postpaid',
      'delete',
    ]);
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBInstanceId === 'dds-1' && q.DBInstanceReleaseProtection === 'false')
      .matchHeader('x-acs-action', 'ModifyDBInstanceAttribute')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.InstanceId === 'dds-1' && q.ChargeType === 'PostPaid')
      .matchHeader('x-acs-action', 'TransformInstanceChargeType')
      .reply(200, { RequestId: 'R', OrderId: '1' })
      .post('/')
      .query((q) => q.DBInstanceId === 'dds-1')
      .matchHeader('x-acs-action', 'DescribeDBInstanceAttribute')
      .reply(200, attribute('dds-1'))
      .post('/')
      .query((q) => q.DBInstanceId === 'dds-1')
      .matchHeader('x-acs-action', 'DeleteDBInstance')
      .reply(200, { RequestId: 'R' });
    const ctx = h.stepContext();
    for (const action of ['disable-deletion-protection', 'convert-to-postpaid', 'delete'])
      await mongodbInstance.run({ action, description: '' }, prepaid, ctx);
    expect(scope.isDone()).toBe(true);
  });

  it('retries an instance that is changing and reads a released one as gone', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBInstanceId === 'dds-busy')
      .matchHeader('x-acs-action', 'DeleteDBInstance')
      .reply(
        403,
        rpcError('OperationDenied.DBInstanceStatus', 'The operation is not permitted due to status of instance.', 'mongodb.aliyuncs.com'),
      )
      .post('/')
      .query((q) => q.DBInstanceId === 'dds-gone')
      .matchHeader('x-acs-action', 'DescribeDBInstanceAttribute')
      .reply(404, rpcError('InvalidDBInstanceId.NotFound', 'The specified instance is not found.', 'mongodb.aliyuncs.com'));
    await expect(mongodbInstance.run({ action: 'delete', description: '' }, mongo('dds-busy'), h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
    });
    expect(await mongodbInstance.read(mongo('dds-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
