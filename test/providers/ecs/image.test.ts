import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsImage } from '../../../src/providers/ecs/image.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';
import { inventoryOf } from './inventory.js';

afterEach(() => nock.cleanAll());

const res = (type: string, id: string, properties: Record<string, unknown> = {}): Resource => ({
  type,
  region: 'cn-hangzhou',
  id,
  properties: properties as Resource['properties'],
});
const wireImage = (id: string, extra: Record<string, unknown> = {}) => ({
  ImageId: id,
  ImageName: `img-${id}`,
  Status: 'Available',
  ImageOwnerAlias: 'self',
  IsSelfShared: 'False',
  CreationTime: '2026-03-01T00:00:00Z',
  Size: 40,
  DiskDeviceMappings: {
    DiskDeviceMapping: [
      { SnapshotId: 's-1', Type: 'system' },
      { SnapshotId: 's-2', Type: 'data' },
    ],
  },
  ...extra,
});

describe('ecs.image', () => {
  it('lists only self-owned images in every status, page by page', async () => {
    const h = providerHarness();
    const full = Array.from({ length: 100 }, (_, i) => wireImage(`m-${i}`));
    const scope = nock(h.host)
      .post('/')
      .query(
        (q) =>
          q.ImageOwnerAlias === 'self' &&
          q.Status === 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated' &&
          q.PageNumber === '1' &&
          q.PageSize === '100',
      )
      .matchHeader('x-acs-action', 'DescribeImages')
      .reply(200, { RequestId: 'R', Images: { Image: full }, TotalCount: 101, PageNumber: 1, PageSize: 100 })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeImages')
      .reply(200, {
        RequestId: 'R',
        Images: { Image: [wireImage('m-last', { IsSelfShared: 'True' })] },
        TotalCount: 101,
        PageNumber: 2,
        PageSize: 100,
      });
    const found = await collect(ecsImage.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(101);
    expect(found[100]).toMatchObject({ id: 'm-last', properties: { shared: true, snapshotIds: ['s-1', 's-2'] } });
    expect(found[0]?.properties.shared).toBe(false);
  });

  it('waits for instances created from it and unshares a shared image before deleting', () => {
    const h = providerHarness();
    const inv = inventoryOf([res('ecs.instance', 'i-1', { imageId: 'm-1' }), res('ecs.instance', 'i-2', { imageId: 'm-2' })]);
    expect(ecsImage.dependencies(res('ecs.image', 'm-1'), inv).map((d) => d.address)).toEqual(['ecs.instance/cn-hangzhou/i-1']);
    expect(ecsImage.steps(res('ecs.image', 'm-1', { shared: true }), h.scanContext()).map((s) => s.action)).toEqual(['unshare', 'delete']);
    expect(ecsImage.steps(res('ecs.image', 'm-1', { shared: false }), h.scanContext()).map((s) => s.action)).toEqual(['delete']);
  });

  it('removes every account the image is shared with, ten per call', async () => {
    const h = providerHarness();
    const accounts = Array.from({ length: 12 }, (_, i) => ({ AliyunId: `acct-${i}`, SharedTime: '2026-01-01T00:00:00Z' }));
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.ImageId === 'm-1' && q.PageNumber === '1')
      .matchHeader('x-acs-action', 'DescribeImageSharePermission')
      .reply(200, {
        RequestId: 'R',
        ImageId: 'm-1',
        Accounts: { Account: accounts },
        ShareGroups: { ShareGroup: [] },
        TotalCount: 12,
        PageNumber: 1,
        PageSize: 100,
      })
      .post('/')
      .query(
        (q) =>
          q.ImageId === 'm-1' &&
          q['RemoveAccount.1'] === 'acct-0' &&
          q['RemoveAccount.10'] === 'acct-9' &&
          q['RemoveAccount.11'] === undefined,
      )
      .matchHeader('x-acs-action', 'ModifyImageSharePermission')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q['RemoveAccount.1'] === 'acct-10' && q['RemoveAccount.2'] === 'acct-11')
      .matchHeader('x-acs-action', 'ModifyImageSharePermission')
      .reply(200, { RequestId: 'R' });
    await ecsImage.run({ action: 'unshare', description: '' }, res('ecs.image', 'm-1'), h.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it('deletes with Force, surfaces ImageUseShared, and reads a gone image as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.ImageId === 'm-1' && q.Force === 'true')
      .matchHeader('x-acs-action', 'DeleteImage')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.ImageId === 'm-2')
      .matchHeader('x-acs-action', 'DeleteImage')
      .reply(403, rpcError('ImageUseShared', 'The specified image has been shared to other users.'))
      .post('/')
      .query((q) => q.ImageId === 'm-1' && q.ImageOwnerAlias === 'self')
      .matchHeader('x-acs-action', 'DescribeImages')
      .reply(200, { RequestId: 'R', Images: { Image: [] }, TotalCount: 0 });
    await ecsImage.run({ action: 'delete', description: '' }, res('ecs.image', 'm-1'), h.stepContext());
    await expect(ecsImage.run({ action: 'delete', description: '' }, res('ecs.image', 'm-2'), h.stepContext())).rejects.toMatchObject({
      code: 'ImageUseShared',
      kind: 'permanent',
    });
    expect(ecsImage.hints?.ImageUseShared).toBeDefined();
    expect(await ecsImage.read(res('ecs.image', 'm-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
