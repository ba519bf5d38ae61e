import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ossClient, startOssServer, type OssTestServer } from './harness.js';

let server: OssTestServer;
beforeEach(async () => {
  server = await startOssServer({
    buckets: [
      { name: 'alpha-bucket', region: 'cn-hangzhou', objects: [{ key: 'a.txt' }, { key: 'dir/b.txt', size: 5 }] },
      { name: 'beta-bucket', region: 'cn-shanghai', versioning: 'Enabled', objects: [{ key: 'k', versions: 3, deleteMarker: true }] },
    ],
  });
});
afterEach(() => server.close());

describe('smoke', () => {
  for (const style of ['ip', 'path'] as const)
    for (const v4 of [false, true])
      it(`lists buckets and objects (${style}, v4=${v4})`, async () => {
        const c = ossClient(server, { style, v4, bucket: 'alpha-bucket' });
        const buckets = await c.listBuckets({});
        expect(buckets.buckets?.map((b) => b.name)).toEqual(['alpha-bucket', 'beta-bucket']);
        const l = await c.listV2({ 'max-keys': 1 });
        expect(l.objects.map((o) => o.name)).toEqual(['a.txt']);
        const l2 = await c.listV2({ 'max-keys': 1, 'continuation-token': l.nextContinuationToken as string });
        expect(l2.objects.map((o) => o.name)).toEqual(['dir/b.txt']);
        const s = ossClient(server, { style, v4, bucket: 'beta-bucket', region: 'oss-cn-shanghai' });
        const v = await s.getBucketVersions({ maxKeys: 2 });
        expect(v.deleteMarker.length + v.objects.length).toBe(2);
        const v2 = await s.getBucketVersions({ maxKeys: 2, keyMarker: v.nextKeyMarker as string, versionIdMarker: v.nextVersionIdMarker as string });
        expect(v2.objects.length).toBe(2);
        const d = await c.deleteMulti(['a.txt'], { quiet: false });
        expect(d.deleted.map((x) => x.Key)).toEqual(['a.txt']);
      });
});
