import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsSnapshot } from '../../../src/providers/ecs/snapshot.js';
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

describe('ecs.snapshot', () => {
  it('lists every page with NextToken', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.MaxResults === '100' && q.NextToken === undefined)
      .matchHeader('x-acs-action', 'DescribeSnapshots')
      .reply(200, {
        RequestId: 'R',
        Snapshots: {
          Snapshot: [
            { SnapshotId: 's-1', Usage: 'image', Status: 'accomplished', SourceDiskId: 'd-1', CreationTime: '2026-01-01T00:00:00Z' },
          ],
        },
        NextToken: 't2',
      })
      .post('/')
      .query((q) => q.NextToken === 't2')
      .matchHeader('x-acs-action', 'DescribeSnapshots')
      .reply(200, {
        RequestId: 'R',
        Snapshots: { Snapshot: [{ SnapshotId: 's-2', Usage: 'disk', Status: 'accomplished' }] },
        NextToken: '',
      });
    const found = await collect(ecsSnapshot.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.properties.usage, r.properties.sourceDiskId])).toEqual([
      ['s-1', 'image', 'd-1'],
      ['s-2', 'disk', null],
    ]);
  });

  it('waits for the images built on it', () => {
    const inv = inventoryOf([res('ecs.image', 'm-1', { snapshotIds: ['s-1', 's-2'] }), res('ecs.image', 'm-2', { snapshotIds: ['s-9'] })]);
    expect(ecsSnapshot.dependencies(res('ecs.snapshot', 's-1'), inv)).toEqual([
      { address: 'ecs.image/cn-hangzhou/m-1', reason: 'custom image built from this snapshot' },
    ]);
  });

  it('an automatic snapshot nothing was built from is released with its disk when the disk has DeleteAutoSnapshot', () => {
    const inv = inventoryOf([
      res('ecs.disk', 'd-auto', { deleteAutoSnapshot: true }),
      res('ecs.disk', 'd-keeps', { deleteAutoSnapshot: false }),
      res('ecs.disk', 'd-unknown', { deleteAutoSnapshot: null }),
    ]);
    const snap = (id: string, props: Record<string, unknown>) => res('ecs.snapshot', id, { usage: 'none', snapshotType: 'auto', ...props });
    expect(ecsSnapshot.dependencies(snap('s-1', { sourceDiskId: 'd-auto' }), inv)).toEqual([
      {
        address: 'ecs.disk/cn-hangzhou/d-auto',
        reason: 'automatic snapshot of this disk, which releases it (DeleteAutoSnapshot)',
        owner: true,
      },
    ]);
    // Its own delete step otherwise: a manual snapshot, a disk that keeps them or whose setting is
    // unknown, a snapshot something was built from, a disk the scan did not find.
    expect(ecsSnapshot.dependencies(snap('s-2', { sourceDiskId: 'd-auto', snapshotType: 'user' }), inv)).toEqual([]);
    expect(ecsSnapshot.dependencies(snap('s-3', { sourceDiskId: 'd-keeps' }), inv)).toEqual([]);
    expect(ecsSnapshot.dependencies(snap('s-4', { sourceDiskId: 'd-unknown' }), inv)).toEqual([]);
    expect(ecsSnapshot.dependencies(snap('s-5', { sourceDiskId: 'd-auto', usage: 'disk' }), inv)).toEqual([]);
    expect(ecsSnapshot.dependencies(snap('s-6', { sourceDiskId: 'd-gone' }), inv)).toEqual([]);
  });

  it('deletes with Force only when the snapshot created disks', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.SnapshotId === 's-disk' && q.Force === 'true')
      .matchHeader('x-acs-action', 'DeleteSnapshot')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.SnapshotId === 's-plain' && q.Force === undefined)
      .matchHeader('x-acs-action', 'DeleteSnapshot')
      .reply(200, { RequestId: 'R' });
    const withDisks = res('ecs.snapshot', 's-disk', { usage: 'image_disk' });
    expect(ecsSnapshot.steps(withDisks, h.scanContext())[0]?.description).toMatch(/Force/);
    await ecsSnapshot.run({ action: 'delete', description: '' }, withDisks, h.stepContext());
    await ecsSnapshot.run({ action: 'delete', description: '' }, res('ecs.snapshot', 's-plain', { usage: 'none' }), h.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it('surfaces SnapshotCreatedImage as a dependency error and reads a gone snapshot as undefined', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DeleteSnapshot')
      .reply(403, rpcError('SnapshotCreatedImage', 'The snapshot has been used to create user defined image(s).'))
      .post('/')
      .query((q) => q.SnapshotIds === '["s-1"]')
      .matchHeader('x-acs-action', 'DescribeSnapshots')
      .reply(200, { RequestId: 'R', Snapshots: { Snapshot: [] } });
    await expect(ecsSnapshot.run({ action: 'delete', description: '' }, res('ecs.snapshot', 's-1'), h.stepContext())).rejects.toMatchObject(
      {
        code: 'SnapshotCreatedImage',
        kind: 'dependency',
      },
    );
    expect(await ecsSnapshot.read(res('ecs.snapshot', 's-1'), h.scanContext())).toBeUndefined();
  });
});
