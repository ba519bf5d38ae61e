import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { rdsInstance } from '../../../src/providers/rds/instance.js';
import { rpcError } from '../ecs/errors.js';
import { inventoryOf } from '../ecs/inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const db = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'rds.instance',
  region: 'cn-hangzhou',
  id,
  properties: { chargeType: 'Postpaid', deletionProtection: false, masterInstanceId: null, ...properties } as Resource['properties'],
});
const wireDb = (id: string, extra: Record<string, unknown> = {}) => ({
  DBInstanceId: id,
  DBInstanceDescription: `db-${id}`,
  DBInstanceStatus: 'Running',
  DBInstanceType: 'Primary',
  Engine: 'MySQL',
  EngineVersion: '8.0',
  PayType: 'Postpaid',
  DeletionProtection: false,
  LockMode: 'Unlock',
  VpcId: 'vpc-1',
  VSwitchId: 'vsw-1,vsw-2',
  CreateTime: '2026-01-01T00:00:00Z',
  ReadOnlyDBInstanceIds: { ReadOnlyDBInstanceId: [] },
  ...extra,
});

describe('rds.instance', () => {
  it('lists every page of 100 with its replicas and vswitches', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '100')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, {
        RequestId: 'R',
        Items: {
          DBInstance: [
            wireDb('rm-1', { ReadOnlyDBInstanceIds: { ReadOnlyDBInstanceId: [{ DBInstanceId: 'rr-1' }] } }),
            ...Array.from({ length: 99 }, (_, i) => wireDb(`rm-x${i}`)),
          ],
        },
        TotalRecordCount: 101,
        PageNumber: 1,
        PageRecordCount: 100,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, {
        RequestId: 'R',
        Items: {
          DBInstance: [
            wireDb('rr-1', {
              DBInstanceType: 'Readonly',
              MasterInstanceId: 'rm-1',
              PayType: 'Prepaid',
              ExpireTime: '2027-02-01T00:00:00Z',
            }),
          ],
        },
        TotalRecordCount: 101,
        PageNumber: 2,
        PageRecordCount: 1,
      });
    const tags = nock(h.host)
      .post('/')
      .query((q) => q.ResourceType === 'INSTANCE')
      .matchHeader('x-acs-action', 'ListTagResources')
      .times(3)
      .reply(200, { RequestId: 'R', TagResources: { TagResource: [] } });
    const found = await collect(rdsInstance.list(h.scanContext()));
    expect(scope.isDone() && tags.isDone()).toBe(true);
    expect(found).toHaveLength(101);
    expect(found[0]).toMatchObject({
      id: 'rm-1',
      name: 'db-rm-1',
      properties: {
        instanceRole: 'Primary',
        readOnlyInstanceIds: ['rr-1'],
        vSwitchIds: ['vsw-1', 'vsw-2'],
        engine: 'MySQL',
        chargeType: 'Postpaid',
      },
    });
    expect(found[100]?.properties).toMatchObject({
      instanceRole: 'Readonly',
      masterInstanceId: 'rm-1',
      chargeType: 'Prepaid',
      expiredTime: '2027-02-01T00:00:00Z',
    });
  });

  it('deletes read-only replicas before their primary', () => {
    const inv = inventoryOf([
      { type: 'rds.instance', region: 'cn-hangzhou', id: 'rm-1', properties: { masterInstanceId: null } },
      { type: 'rds.instance', region: 'cn-hangzhou', id: 'rr-1', properties: { masterInstanceId: 'rm-1' } },
      { type: 'rds.instance', region: 'cn-hangzhou', id: 'rr-9', properties: { masterInstanceId: 'rm-9' } },
    ]);
    expect(rdsInstance.dependencies(db('rm-1'), inv)).toEqual([
      { address: 'rds.instance/cn-hangzhou/rr-1', reason: 'read-only instance of this primary' },
    ]);
    expect(rdsInstance.dependencies(db('rr-1', { masterInstanceId: 'rm-1' }), inv)).toEqual([]);
  });

  it('plans protection off and conversion for a protected subscription, or blocks it when conversion is off', () => {
    const r = db('rm-1', { chargeType: 'Prepaid', expiredTime: '2027-02-01T00:00:00Z', deletionProtection: true });
    const steps = rdsInstance.steps(r, providerHarness().scanContext());
    expect(steps.map((s) => s.action)).toEqual(['disable-deletion-protection', 'convert-to-postpaid', 'delete']);
    expect(steps[1]?.description).toContain('expires 2027-02-01T00:00:00Z');
    expect(rdsInstance.steps(r, providerHarness({ settings: { convertPrepaid: false } }).scanContext())[1]?.blocked).toMatch(/Unsubscribe/);
    expect(rdsInstance.deleteTimeoutMs).toBeGreaterThan(10 * 60_000);
  });

  it('turns protection off, converts to pay-as-you-go and waits, then deletes', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1' && q.DeletionProtection === 'false')
      .matchHeader('x-acs-action', 'ModifyDBInstanceDeletionProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1' && q.PayType === 'Postpaid')
      .matchHeader('x-acs-action', 'TransformDBInstancePayType')
      .reply(200, { RequestId: 'R', DBInstanceId: 'rm-1', OrderId: 1001, ChargeType: 'Postpaid' })
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', Items: { DBInstance: [wireDb('rm-1', { PayType: 'Prepaid', DBInstanceStatus: 'TRANSING' })] } })
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', Items: { DBInstance: [wireDb('rm-1')] } })
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1' && q.ReleasedKeepPolicy === undefined)
      .matchHeader('x-acs-action', 'DeleteDBInstance')
      .reply(200, { RequestId: 'R' });
    const r = db('rm-1', { chargeType: 'Prepaid', deletionProtection: true });
    for (const step of rdsInstance.steps(r, h.scanContext())) await rdsInstance.run(step, r, h.stepContext());
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['database rm-1 to become pay-as-you-go']);
  });

  it('states what happens to the backups, and sends ReleasedKeepPolicy where the API honours it (MySQL, local disks)', async () => {
    const mysqlLocal = db('rm-1', { engine: 'MySQL', storageType: 'local_ssd' });
    const pgsql = db('pg-1', { engine: 'PostgreSQL', storageType: 'cloud_essd' });
    const keepAll = providerHarness({ settings: { rdsReleasedKeepPolicy: 'All' } });
    const deleteOf = (r: Resource, h: ReturnType<typeof providerHarness>) => rdsInstance.steps(r, h.scanContext()).at(-1)!;
    expect(deleteOf(mysqlLocal, providerHarness()).description).toMatch(/backups are released with it \(ReleasedKeepPolicy=None/);
    expect(deleteOf(mysqlLocal, keepAll).description).toMatch(/archived backups kept after release \(ReleasedKeepPolicy=All\)/);
    expect(deleteOf(mysqlLocal, providerHarness({ settings: { rdsReleasedKeepPolicy: 'Lastest' } })).description).toMatch(
      /last archived backup kept .*ReleasedKeepPolicy=Lastest/,
    );
    expect(deleteOf(pgsql, keepAll).description).toMatch(/released with it .*MySQL with local disks only/);

    const scope = nock(keepAll.host)
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1' && q.ReleasedKeepPolicy === 'All')
      .matchHeader('x-acs-action', 'DeleteDBInstance')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.DBInstanceId === 'pg-1' && q.ReleasedKeepPolicy === undefined)
      .matchHeader('x-acs-action', 'DeleteDBInstance')
      .reply(200, { RequestId: 'R' });
    await rdsInstance.run(deleteOf(mysqlLocal, keepAll), mysqlLocal, keepAll.stepContext());
    await rdsInstance.run(deleteOf(pgsql, keepAll), pgsql, keepAll.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['already pay-as-you-go', { chargeType: 'Postpaid' }],
    ['converting since an earlier attempt', { chargeType: 'Prepaid', status: 'TRANSING' }],
  ])('does not convert again an instance %s (as re-read), but waits to see it pay-as-you-go', async (_what, now) => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', Items: { DBInstance: [wireDb('rm-1')] } });
    await rdsInstance.run({ action: 'convert-to-postpaid', description: '' }, db('rm-1', now), h.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it('takes "already pay-as-you-go" (OperationDenied.PayType) as done', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PayType === 'Postpaid')
      .matchHeader('x-acs-action', 'TransformDBInstancePayType')
      .reply(403, {
        RequestId: 'R',
        HostId: 'rds.aliyuncs.com',
        Code: 'OperationDenied.PayType',
        Message: 'The operation is not permitted due to pay type.',
        Recommend: '',
      })
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', Items: { DBInstance: [wireDb('rm-1')] } });
    await rdsInstance.run({ action: 'convert-to-postpaid', description: '' }, db('rm-1', { chargeType: 'Prepaid' }), h.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it('surfaces a busy instance as a dependency error, NotFound as gone, and reads a gone instance as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-busy')
      .matchHeader('x-acs-action', 'DeleteDBInstance')
      .reply(
        403,
        rpcError('OperationDenied.DBInstanceStatus', 'The operation is not permitted due to status of instance.', 'rds.aliyuncs.com'),
      )
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-gone')
      .matchHeader('x-acs-action', 'DeleteDBInstance')
      .reply(404, rpcError('InvalidDBInstanceId.NotFound', 'The specified instance is not found.', 'rds.aliyuncs.com'))
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-gone')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', Items: { DBInstance: [] }, TotalRecordCount: 0 });
    const del = { action: 'delete', description: '' };
    await expect(rdsInstance.run(del, db('rm-busy'), h.stepContext())).rejects.toMatchObject({
      code: 'OperationDenied.DBInstanceStatus',
      kind: 'dependency',
    });
    await expect(rdsInstance.run(del, db('rm-gone'), h.stepContext())).rejects.toMatchObject({ kind: 'gone' });
    expect(await rdsInstance.read(db('rm-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('reads tags with ListTagResources, 50 instances per call, following NextToken (DescribeDBInstances has none)', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const ids = Array.from({ length: 60 }, (_, i) => `rm-${String(i).padStart(2, '0')}`);
    const sent: string[][] = [];
    const idsOf = (q: Record<string, unknown>): string[] =>
      Object.keys(q)
        .filter((k) => /^ResourceId\.\d+$/.test(k))
        .map((k) => String(q[k]));
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', Items: { DBInstance: ids.map((id) => wireDb(id)) }, TotalRecordCount: 60, PageNumber: 1 })
      .post('/')
      .query((q) => q.ResourceType === 'INSTANCE' && q.RegionId === 'cn-hangzhou' && q.NextToken === undefined && idsOf(q).length === 50)
      .matchHeader('x-acs-action', 'ListTagResources')
      .reply(200, (uri) => {
        sent.push(idsOf(Object.fromEntries(new URL(uri, 'http://x').searchParams)));
        return {
          RequestId: 'R',
          TagResources: { TagResource: [{ ResourceId: 'rm-00', ResourceType: 'ALIYUN::RDS::INSTANCE', TagKey: 'keep', TagValue: 'true' }] },
          NextToken: 'page2',
        };
      })
      .post('/')
      .query((q) => q.NextToken === 'page2')
      .matchHeader('x-acs-action', 'ListTagResources')
      .reply(200, {
        RequestId: 'R',
        TagResources: { TagResource: [{ ResourceId: 'rm-00', ResourceType: 'ALIYUN::RDS::INSTANCE', TagKey: 'team', TagValue: 'orders' }] },
      })
      .post('/')
      .query((q) => idsOf(q).length === 10)
      .matchHeader('x-acs-action', 'ListTagResources')
      .reply(403, rpcError('Forbidden.RAM', 'User not authorized to operate on the specified resource.', 'rds.aliyuncs.com'));
    const found = await collect(rdsInstance.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(sent).toEqual([ids.slice(0, 50)]);
    expect(found[0]).toMatchObject({ id: 'rm-00', tags: { keep: 'true', team: 'orders' } });
    expect(found[1]?.tags).toBeUndefined();
    expect(found[1]?.tagsUnreadable).toBeUndefined();
    // The denied call covered rm-50..rm-59: their tags are unknown, not absent.
    expect(found.slice(50).map((r) => r.tagsUnreadable)).toEqual(Array(10).fill(expect.stringMatching(/^Forbidden\.RAM: /)));
    expect(h.calls.every((c) => !c.mutating)).toBe(true);
  });

  it('re-reads an instance with its tags now', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBInstanceId === 'rm-1')
      .matchHeader('x-acs-action', 'DescribeDBInstances')
      .reply(200, { RequestId: 'R', Items: { DBInstance: [wireDb('rm-1')] }, TotalRecordCount: 1 })
      .post('/')
      .query((q) => q['ResourceId.1'] === 'rm-1')
      .matchHeader('x-acs-action', 'ListTagResources')
      .reply(200, { RequestId: 'R', TagResources: { TagResource: [{ ResourceId: 'rm-1', TagKey: 'keep', TagValue: 'true' }] } });
    expect(await rdsInstance.read(db('rm-1'), h.scanContext())).toMatchObject({ id: 'rm-1', tags: { keep: 'true' } });
    expect(scope.isDone()).toBe(true);
  });
});
