import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GeneratedObjects } from '../../../src/sandbox/oss/generated-objects.js';
import { IndexRangeSet } from '../../../src/sandbox/oss/index-ranges.js';
import { ossClient, ossState, startOssServer, type OssTestServer } from './harness.js';

describe('IndexRangeSet', () => {
  it('merges neighbours into ranges and finds the next absent index', () => {
    const set = new IndexRangeSet();
    for (const i of [5, 7, 6, 1, 0, 2, 9]) expect(set.add(i)).toBe(true);
    expect(set.add(6)).toBe(false);
    expect(set.size).toBe(7);
    expect(set.rangeCount).toBe(3); // [0,3) [5,8) [9,10)
    expect([0, 3, 4, 5, 8, 9, 10].map((i) => set.has(i))).toEqual([true, false, false, true, false, true, false]);
    expect([0, 3, 5, 9, 12].map((i) => set.nextAbsent(i))).toEqual([3, 3, 8, 10, 12]);
    set.add(8);
    expect(set.rangeCount).toBe(2);
  });
});

describe('GeneratedObjects', () => {
  it('names keys with zero padding so key order is index order, and seeks by key', () => {
    const g = new GeneratedObjects({ count: 1000, prefix: 'logs/', size: 10 }, 0);
    expect([g.keyAt(0), g.keyAt(999)]).toEqual(['logs/000', 'logs/999']);
    expect(g.indexOf('logs/042')).toBe(42);
    expect(g.indexOf('logs/42')).toBeUndefined();
    g.remove(42);
    expect(g.indexOf('logs/042')).toBeUndefined();
    expect(g.firstLiveIndex((k) => k > 'logs/041')).toBe(43);
    expect(g.firstLiveIndex((k) => k > 'zzz')).toBe(1000);
    expect([g.liveCount, g.liveStorage]).toEqual([999, 9990]);
  });
});

const COUNT = 200_000;
let server: OssTestServer;
beforeEach(async () => {
  server = await startOssServer({
    buckets: [
      { name: 'bench-logs', region: 'cn-hangzhou', objects: { generate: { count: COUNT, prefix: 'logs/', size: 1024 } } },
      { name: 'bench-versioned', region: 'cn-hangzhou', versioning: 'Enabled', objects: { generate: { count: 5000, prefix: 'v/' } } },
    ],
  });
});
afterEach(() => server.close());

describe('a generated bucket of 200,000 objects', () => {
  it('is listed and emptied page by page through listV2 + deleteMulti, then deleted', async () => {
    const c = ossClient(server, { bucket: 'bench-logs' });
    expect((await c.getBucketStat('bench-logs')).stat).toMatchObject({ ObjectCount: String(COUNT), Storage: String(COUNT * 1024) });
    let deleted = 0;
    let rounds = 0;
    for (;;) {
      const page = await c.listV2({ 'max-keys': 1000 });
      if (page.objects.length === 0) break;
      expect(page.objects[0]?.name).toBe(`logs/${String(deleted).padStart(6, '0')}`);
      await c.deleteMulti(
        page.objects.map((o) => o.name),
        { quiet: true },
      );
      deleted += page.objects.length;
      rounds++;
    }
    expect([deleted, rounds]).toEqual([COUNT, 200]);
    expect((await c.getBucketStat('bench-logs')).stat.ObjectCount).toBe('0');
    // In-order deletion keeps the bucket at one range of deleted indices, not 200,000 entries.
    expect(ossState(server.world).bucket('bench-logs')?.generated?.deletedRanges).toBe(1);
    expect((await c.deleteBucket('bench-logs')).res.status).toBe(204);
    // A generous guard, not a performance assertion: ali-oss parses 200 pages of 1000 entries.
  }, 300_000);

  it('lists from the middle by seeking, and deletes out of order', async () => {
    const c = ossClient(server, { bucket: 'bench-logs' });
    const page = await c.list({ marker: 'logs/150000', 'max-keys': 3 });
    expect(page.objects.map((o) => o.name)).toEqual(['logs/150001', 'logs/150002', 'logs/150003']);
    await c.deleteMulti(['logs/150002', 'logs/000007', 'logs/not-a-generated-key'], { quiet: true });
    const after = await c.list({ marker: 'logs/150000', 'max-keys': 2 });
    expect(after.objects.map((o) => o.name)).toEqual(['logs/150001', 'logs/150003']);
    expect((await c.getBucketStat('bench-logs')).stat.ObjectCount).toBe(String(COUNT - 2));
  });

  it('in a versioned bucket, deleting a generated key leaves a delete marker over its null version', async () => {
    const c = ossClient(server, { bucket: 'bench-versioned' });
    await c.deleteMulti(['v/0001'], { quiet: true });
    const versions = await c.getBucketVersions({ prefix: 'v/0001', maxKeys: 10 });
    expect(versions.deleteMarker.map((m) => m.name)).toEqual(['v/0001']);
    expect(versions.objects.map((o) => [o.name, o.versionId])).toEqual([['v/0001', 'null']]);
    expect((await c.listV2({ 'max-keys': 2 })).objects.map((o) => o.name)).toEqual(['v/0000', 'v/0002']);
    const stat = (await c.getBucketStat('bench-versioned')).stat;
    expect([stat.ObjectCount, stat.DeleteMarkerCount]).toEqual(['5000', '1']);
  });
});
