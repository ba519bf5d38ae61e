import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory, Resource } from '../../../src/providers/contract.js';
import { nasFileSystem } from '../../../src/providers/nas/file-system.js';
import { nasMountTarget } from '../../../src/providers/nas/mount-target.js';
import { vpcVSwitch } from '../../../src/providers/vpc/vswitch.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wireFs = (id: string, extra: Record<string, unknown> = {}) => ({
  FileSystemId: id,
  Description: `fs-${id}`,
  Status: 'Running',
  ChargeType: 'PayAsYouGo',
  FileSystemType: 'standard',
  ProtocolType: 'NFS',
  CreateTime: '2026-01-01T00:00:00Z',
  MountTargets: {
    MountTarget: [
      { MountTargetDomain: `${id}-m1.cn-hangzhou.nas.aliyuncs.com`, Status: 'Active', VpcId: 'vpc-1', VswId: 'vsw-1', NetworkType: 'Vpc' },
    ],
  },
  ...extra,
});
const fsPages = (h: ReturnType<typeof providerHarness>) =>
  nock(h.host)
    .post('/')
    .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '100')
    .matchHeader('x-acs-action', 'DescribeFileSystems')
    .matchHeader('x-acs-version', '2017-06-26')
    .reply(200, {
      RequestId: 'R',
      FileSystems: {
        FileSystem: Array.from({ length: 100 }, (_, i) =>
          wireFs(`0${i}abc`, i === 0 ? { Tags: { Tag: [{ Key: 'team', Value: 'web' }] } } : {}),
        ),
      },
      TotalCount: 101,
      PageNumber: 1,
      PageSize: 100,
    })
    .post('/')
    .query((q) => q.PageNumber === '2')
    .matchHeader('x-acs-action', 'DescribeFileSystems')
    .reply(200, {
      RequestId: 'R',
      FileSystems: {
        FileSystem: [
          wireFs('sub1', { ChargeType: 'Subscription', ExpiredTime: '2027-01-31T16:00:00Z', MountTargets: { MountTarget: [] } }),
        ],
      },
      TotalCount: 101,
      PageNumber: 2,
      PageSize: 100,
    });

const mt = (domain: string, fileSystemId = 'fs1'): Resource => ({
  type: 'nas.mount-target',
  region: 'cn-hangzhou',
  id: domain,
  properties: { fileSystemId, vSwitchId: 'vsw-1', vpcId: 'vpc-1' },
});

describe('nas.file-system and nas.mount-target', () => {
  it('list every page, the file systems and each of their mount targets (region sent as RegionId)', async () => {
    const h = providerHarness();
    let scope = fsPages(h);
    const fss = await collect(nasFileSystem.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(fss).toHaveLength(101);
    expect(fss[0]).toMatchObject({
      id: '00abc',
      name: 'fs-00abc',
      tags: { team: 'web' },
      properties: { chargeType: 'PayAsYouGo', mountTargetDomains: ['00abc-m1.cn-hangzhou.nas.aliyuncs.com'] },
    });
    expect(fss[100]?.properties).toMatchObject({ chargeType: 'Subscription', expiredTime: '2027-01-31T16:00:00Z' });

    scope = fsPages(h);
    const mts = await collect(nasMountTarget.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(mts).toHaveLength(100);
    expect(mts[0]).toMatchObject({
      id: '00abc-m1.cn-hangzhou.nas.aliyuncs.com',
      properties: { fileSystemId: '00abc', vpcId: 'vpc-1', vSwitchId: 'vsw-1', status: 'Active' },
    });
  });

  it('orders mount targets before their file system and their vswitch; blocks a subscription', () => {
    const h = providerHarness();
    const fs: Resource = { type: 'nas.file-system', region: 'cn-hangzhou', id: 'fs1', properties: { chargeType: 'PayAsYouGo' } };
    const vsw: Resource = { type: 'vpc.vswitch', region: 'cn-hangzhou', id: 'vsw-1', properties: {} };
    const all = [fs, vsw, mt('fs1-m1.nas')];
    const inv: Inventory = {
      get: (a) => all.find((r) => `${r.type}/${r.region}/${r.id}` === a),
      byType: (t) => all.filter((r) => r.type === t),
    };
    expect(nasFileSystem.dependencies(fs, inv)).toEqual([
      { address: 'nas.mount-target/cn-hangzhou/fs1-m1.nas', reason: 'mount target of this file system' },
    ]);
    expect(vpcVSwitch.dependencies(vsw, inv).map((d) => d.address)).toContain('nas.mount-target/cn-hangzhou/fs1-m1.nas');
    // A mount target is part of its file system: kept with it, not ordered after it.
    expect(nasMountTarget.dependencies(mt('fs1-m1.nas'), inv)).toEqual([
      { address: 'nas.file-system/cn-hangzhou/fs1', reason: 'mount target of this file system', keptWith: true },
    ]);
    expect(nasFileSystem.steps({ ...fs, properties: { chargeType: 'Subscription' } }, h.scanContext())[0]?.blocked).toMatch(/Unsubscribe/);
  });

  it('deletes a mount target, then the file system; reads gone ones as undefined; retries a busy one', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.FileSystemId === 'fs1' && q.MountTargetDomain === 'fs1-m1.nas' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteMountTarget')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.FileSystemId === 'fs1' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteFileSystem')
      .reply(403, rpcError('OperationDenied.InvalidState', 'The operation is not permitted in the current state.', 'nas.aliyuncs.com'))
      .post('/')
      .query((q) => q.FileSystemId === 'fs1' && q.MountTargetDomain === 'fs1-m1.nas')
      .matchHeader('x-acs-action', 'DescribeMountTargets')
      .reply(404, rpcError('InvalidMountTarget.NotFound', 'The specified mount target does not exist.', 'nas.aliyuncs.com'))
      .post('/')
      .query((q) => q.FileSystemId === 'fs1')
      .matchHeader('x-acs-action', 'DescribeFileSystems')
      .reply(200, { RequestId: 'R', FileSystems: { FileSystem: [] }, TotalCount: 0 });
    const del = { action: 'delete', description: '' };
    await nasMountTarget.run(del, mt('fs1-m1.nas'), h.stepContext());
    const fs: Resource = { type: 'nas.file-system', region: 'cn-hangzhou', id: 'fs1', properties: {} };
    await expect(nasFileSystem.run(del, fs, h.stepContext())).rejects.toMatchObject({ kind: 'dependency', service: 'nas' });
    expect(await nasMountTarget.read(mt('fs1-m1.nas'), h.scanContext())).toBeUndefined();
    expect(await nasFileSystem.read(fs, h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
