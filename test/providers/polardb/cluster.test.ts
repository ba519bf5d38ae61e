import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { polardbCluster } from '../../../src/providers/polardb/cluster.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wire = (id: string, extra: Record<string, unknown> = {}) => ({
  DBClusterId: id,
  DBClusterDescription: `db-${id}`,
  DBClusterStatus: 'Running',
  PayType: 'Postpaid',
  DeletionLock: 0,
  DBType: 'MySQL',
  DBVersion: '8.0',
  VpcId: 'vpc-1',
  VswitchId: 'vsw-1',
  CreateTime: '2026-01-01T00:00:00Z',
  ...extra,
});
const cluster = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'polardb.cluster',
  region: 'cn-hangzhou',
  id,
  properties: { chargeType: 'Postpaid', deletionProtection: false, ...properties } as Resource['properties'],
});

describe('polardb.cluster', () => {
  it('lists every page of 100 through the generic call', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '100')
      .matchHeader('x-acs-action', 'DescribeDBClusters')
      .matchHeader('x-acs-version', '2017-08-01')
      .reply(200, {
        RequestId: 'R',
        Items: { DBCluster: Array.from({ length: 100 }, (_, i) => wire(`pc-${i}`)) },
        TotalRecordCount: 101,
        PageNumber: 1,
        PageRecordCount: 100,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeDBClusters')
      .reply(200, {
        RequestId: 'R',
        Items: {
          DBCluster: [
            wire('pc-x', {
              PayType: 'Prepaid',
              ExpireTime: '2027-01-31T16:00:00Z',
              DeletionLock: 1,
              VswitchId: 'vsw-1,vsw-2',
              Tags: { Tag: [{ Key: 'team', Value: 'bi' }] },
            }),
          ],
        },
        TotalRecordCount: 101,
        PageNumber: 2,
        PageRecordCount: 1,
      });
    const found = await collect(polardbCluster.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(101);
    expect(found[100]).toMatchObject({
      id: 'pc-x',
      name: 'db-pc-x',
      tags: { team: 'bi' },
      properties: {
        chargeType: 'Prepaid',
        expiredTime: '2027-01-31T16:00:00Z',
        deletionProtection: true,
        vpcId: 'vpc-1',
        vSwitchIds: ['vsw-1', 'vsw-2'],
      },
    });
    expect(found[0]?.properties).toMatchObject({ deletionProtection: false, expiredTime: null, vSwitchIds: ['vsw-1'] });
  });

  it('plans the lock off and the conversion before the release; blocked without conversion', () => {
    const h = providerHarness();
    const prepaid = cluster('pc-1', { chargeType: 'Prepaid', deletionProtection: true });
    expect(polardbCluster.steps(prepaid, h.scanContext()).map((s) => s.action)).toEqual([
      'disable-deletion-protection',
      'convert-to-postpaid',
      'delete',
    ]);
    const off = providerHarness({ settings: { convertPrepaid: false } });
    expect(polardbCluster.steps(prepaid, off.scanContext()).find((s) => s.blocked)?.blocked).toMatch(/convertPrepaid/);
  });

  it('unlocks, converts and waits, then deletes keeping no backups', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBClusterId === 'pc-1' && q.Protection === 'false')
      .matchHeader('x-acs-action', 'ModifyDBClusterDeletion')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.DBClusterId === 'pc-1' && q.PayType === 'Postpaid' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'TransformDBClusterPayType')
      .reply(200, { RequestId: 'R', DBClusterId: 'pc-1', OrderId: '1' })
      .post('/')
      .query((q) => q.DBClusterIds === 'pc-1')
      .matchHeader('x-acs-action', 'DescribeDBClusters')
      .reply(200, { RequestId: 'R', Items: { DBCluster: [wire('pc-1')] }, TotalRecordCount: 1 })
      .post('/')
      .query((q) => q.DBClusterId === 'pc-1' && q.BackupRetentionPolicyOnClusterDeletion === 'NONE')
      .matchHeader('x-acs-action', 'DeleteDBCluster')
      .reply(200, { RequestId: 'R' });
    const ctx = h.stepContext();
    for (const action of ['disable-deletion-protection', 'convert-to-postpaid', 'delete'])
      await polardbCluster.run({ action, description: '' }, cluster('pc-1', { chargeType: 'Prepaid', deletionProtection: true }), ctx);
    expect(scope.isDone()).toBe(true);
  });

  it('retries a cluster that is changing, takes NotFound as gone, and reads a missing cluster as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DBClusterId === 'pc-busy')
      .matchHeader('x-acs-action', 'DeleteDBCluster')
      .reply(
        403,
        rpcError('OperationDenied.DBClusterStatus', 'The operation is not permitted due to status of cluster.', 'polardb.aliyuncs.com'),
      )
      .post('/')
      .query((q) => q.DBClusterId === 'pc-gone')
      .matchHeader('x-acs-action', 'DeleteDBCluster')
      .reply(
        404,
        rpcError('InvalidDBClusterId.NotFound', 'The DBClusterId provided does not exist in our records.', 'polardb.aliyuncs.com'),
      )
      .post('/')
      .query((q) => q.DBClusterIds === 'pc-gone')
      .matchHeader('x-acs-action', 'DescribeDBClusters')
      .reply(200, { RequestId: 'R', Items: { DBCluster: [] }, TotalRecordCount: 0 });
    const del = { action: 'delete', description: '' };
    await expect(polardbCluster.run(del, cluster('pc-busy'), h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
      service: 'polardb',
    });
    await expect(polardbCluster.run(del, cluster('pc-gone'), h.stepContext())).rejects.toMatchObject({ kind: 'gone' });
    expect(await polardbCluster.read(cluster('pc-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
