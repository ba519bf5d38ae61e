import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsDisk } from '../../../src/providers/ecs/disk.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';
import { inventoryOf } from './inventory.js';

afterEach(() => nock.cleanAll());

const wireDisk = (id: string, extra: Record<string, unknown> = {}) => ({
  DiskId: id,
  DiskName: `data-${id}`,
  Status: 'Available',
  Type: 'data',
  Category: 'cloud_essd',
  Size: 40,
  InstanceId: '',
  DiskChargeType: 'PostPaid',
  DeleteWithInstance: false,
  Portable: true,
  CreationTime: '2026-02-01T00:00:00Z',
  Tags: { Tag: [{ TagKey: 'team', TagValue: 'a' }] },
  ...extra,
});
const disk = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'ecs.disk',
  region: 'cn-hangzhou',
  id,
  properties: { status: 'Available', chargeType: 'PostPaid', instanceId: null, ...properties } as Resource['properties'],
});

describe('ecs.disk', () => {
  it('lists every page, disks that go with their instance included (they are side effects of its deletion)', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.MaxResults === '500' && q.NextToken === undefined)
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, {
        RequestId: 'R',
        Disks: {
          Disk: [wireDisk('d-1'), wireDisk('d-sys', { Type: 'system', InstanceId: 'i-1', Status: 'In_use', DeleteWithInstance: true })],
        },
        NextToken: 'n2',
      })
      .post('/')
      .query((q) => q.NextToken === 'n2')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, {
        RequestId: 'R',
        Disks: {
          Disk: [
            wireDisk('d-2', { InstanceId: 'i-1', Status: 'In_use' }),
            wireDisk('d-3', { InstanceId: 'i-1', Status: 'In_use', DeleteWithInstance: true }),
          ],
        },
        NextToken: '',
      });
    const found = await collect(ecsDisk.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => r.id)).toEqual(['d-1', 'd-sys', 'd-2', 'd-3']);
    // The system disk and the DeleteWithInstance one are owned by their instance: released with it.
    const inv = inventoryOf([{ type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: {} }]);
    const owned = { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'released with this instance', owner: true };
    expect(ecsDisk.dependencies(found[1]!, inv)).toEqual([owned]);
    expect(ecsDisk.dependencies(found[3]!, inv)).toEqual([owned]);
    expect(ecsDisk.dependencies(found[2]!, inv)).toEqual([{ address: owned.address, reason: 'instance this disk is attached to' }]);
    expect(found[0]).toMatchObject({
      name: 'data-d-1',
      tags: { team: 'a' },
      properties: { status: 'Available', instanceId: null, size: 40, category: 'cloud_essd' },
    });
    expect(found[2]?.properties).toMatchObject({ instanceId: 'i-1', status: 'In_use', deleteWithInstance: false });
  });

  it('waits for its instance when that instance is in the inventory', () => {
    const inv = inventoryOf([{ type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: {} }]);
    expect(ecsDisk.dependencies(disk('d-1', { instanceId: 'i-1' }), inv)).toEqual([
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'instance this disk is attached to' },
    ]);
    expect(ecsDisk.dependencies(disk('d-2', { instanceId: 'i-other' }), inv)).toEqual([]);
    expect(ecsDisk.dependencies(disk('d-3'), inv)).toEqual([]);
  });

  it('a security-locked instance releases every attached disk, DeleteWithInstance or not (ECS DeleteInstance docs)', () => {
    const inv = inventoryOf([
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-locked', properties: { lockReasons: ['security'] } },
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: { lockReasons: ['financial'] } },
    ]);
    expect(ecsDisk.dependencies(disk('d-1', { instanceId: 'i-locked', deleteWithInstance: false }), inv)).toEqual([
      {
        address: 'ecs.instance/cn-hangzhou/i-locked',
        reason: 'released with this security-locked instance, whatever DeleteWithInstance says',
        owner: true,
      },
    ]);
    expect(ecsDisk.dependencies(disk('d-2', { instanceId: 'i-1', deleteWithInstance: false }), inv)).toEqual([
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'instance this disk is attached to' },
    ]);
  });

  it('plans detach only for attached disks, and blocks subscription disks when conversion is off', () => {
    const h = providerHarness();
    expect(ecsDisk.steps(disk('d-1'), h.scanContext()).map((s) => s.action)).toEqual(['delete']);
    expect(ecsDisk.steps(disk('d-1', { instanceId: 'i-1' }), h.scanContext()).map((s) => s.action)).toEqual(['detach', 'delete']);
    const off = providerHarness({ settings: { convertPrepaid: false } });
    expect(ecsDisk.steps(disk('d-1', { chargeType: 'PrePaid' }), off.scanContext())[0]?.blocked).toMatch(/unsubscribe/);
    expect(ecsDisk.steps(disk('d-1', { chargeType: 'PrePaid' }), h.scanContext()).some((s) => s.blocked)).toBe(false);
  });

  it('detaches a still attached disk and waits until it is Available', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DiskIds === '["d-1"]')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, { RequestId: 'R', Disks: { Disk: [wireDisk('d-1', { InstanceId: 'i-1', Status: 'In_use' })] } })
      .post('/')
      .query((q) => q.DiskId === 'd-1' && q.InstanceId === 'i-1')
      .matchHeader('x-acs-action', 'DetachDisk')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.DiskIds === '["d-1"]')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, { RequestId: 'R', Disks: { Disk: [wireDisk('d-1', { InstanceId: 'i-1', Status: 'Detaching' })] } })
      .post('/')
      .query((q) => q.DiskIds === '["d-1"]')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, { RequestId: 'R', Disks: { Disk: [wireDisk('d-1')] } });
    await ecsDisk.run({ action: 'detach', description: '' }, disk('d-1', { instanceId: 'i-1' }), h.stepContext());
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['disk d-1 to become Available']);
  });

  it('skips the detach when releasing the instance already detached the disk', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DiskIds === '["d-1"]')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, { RequestId: 'R', Disks: { Disk: [wireDisk('d-1')] } });
    await ecsDisk.run({ action: 'detach', description: '' }, disk('d-1', { instanceId: 'i-1' }), h.stepContext());
    expect(scope.isDone()).toBe(true);
    expect(h.calls.map((c) => c.action)).toEqual(['DescribeDisks']);
  });

  it('deletes the disk, surfaces IncorrectDiskStatus as a dependency error, and reads a gone disk as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DiskId === 'd-1')
      .matchHeader('x-acs-action', 'DeleteDisk')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.DiskId === 'd-2')
      .matchHeader('x-acs-action', 'DeleteDisk')
      .reply(403, rpcError('IncorrectDiskStatus', 'The current disk status does not support this operation.'))
      .post('/')
      .query((q) => q.DiskIds === '["d-1"]')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, { RequestId: 'R', Disks: { Disk: [] } });
    await ecsDisk.run({ action: 'delete', description: '' }, disk('d-1'), h.stepContext());
    await expect(ecsDisk.run({ action: 'delete', description: '' }, disk('d-2'), h.stepContext())).rejects.toMatchObject({
      code: 'IncorrectDiskStatus',
      kind: 'dependency',
      statusCode: 403,
    });
    expect(await ecsDisk.read(disk('d-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('classifies InvalidDiskId.NotFound as gone', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DeleteDisk')
      .reply(404, rpcError('InvalidDiskId.NotFound', 'The specified disk does not exist.'));
    await expect(ecsDisk.run({ action: 'delete', description: '' }, disk('d-1'), h.stepContext())).rejects.toMatchObject({ kind: 'gone' });
  });

  it('re-reads many disks with one DescribeDisks per 100 ids; the ones not returned are gone', async () => {
    const h = providerHarness();
    const ids = Array.from({ length: 150 }, (_, i) => `d-${i}`);
    const seen: string[][] = [];
    const scope = nock(h.host)
      .post('/')
      .times(2)
      .query((q) => q.PageSize === '100' && typeof q.DiskIds === 'string')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, (uri) => {
        const asked = JSON.parse(new URL(uri, h.host).searchParams.get('DiskIds') ?? '[]') as string[];
        seen.push(asked);
        // d-7 is gone; every other asked disk is still there.
        return { RequestId: 'R', Disks: { Disk: asked.filter((id) => id !== 'd-7').map((id) => wireDisk(id)) } };
      });
    const now = await ecsDisk.readMany!(
      ids.map((id) => disk(id)),
      h.scanContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(seen.map((s) => s.length)).toEqual([100, 50]);
    expect(now.size).toBe(149);
    expect(now.has('ecs.disk/cn-hangzhou/d-7')).toBe(false);
    expect(now.get('ecs.disk/cn-hangzhou/d-8')?.properties.status).toBe('Available');
  });
});
