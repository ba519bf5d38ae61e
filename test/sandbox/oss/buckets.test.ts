import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ossClient, ossError, startOssServer, type OssTestServer } from './harness.js';

const bucketNames = Array.from({ length: 7 }, (_, i) => `bucket-${String(i).padStart(2, '0')}`);

let server: OssTestServer;
beforeEach(async () => {
  server = await startOssServer({
    buckets: [
      ...bucketNames.map((name, i) => ({ name, region: i % 2 === 0 ? 'cn-hangzhou' : 'cn-shanghai' })),
      {
        name: 'with-objects',
        region: 'cn-hangzhou',
        objects: [
          { key: 'a', size: 10 },
          { key: 'b', size: 32 },
        ],
      },
      {
        name: 'with-versions',
        region: 'cn-hangzhou',
        versioning: 'Enabled',
        objects: [{ key: 'gone', versions: 2, deleteMarker: true }],
      },
      { name: 'with-uploads', region: 'cn-hangzhou', multipartUploads: [{ key: 'big.bin' }] },
      { name: 'with-channel', region: 'cn-hangzhou', liveChannels: ['stream-1'] },
      { name: 'with-tags', region: 'cn-shanghai', tags: { keep: 'true', team: 'data' } },
    ],
  });
});
afterEach(() => server.close());

describe('GetBucketTags', () => {
  it("serves a bucket's tags from GET /?tagging, an empty Tagging for none; ListBuckets never shows them", async () => {
    const c = ossClient(server);
    const tagged = ossClient(server, { region: 'oss-cn-shanghai' });
    expect((await tagged.getBucketTags('with-tags')).tag).toEqual({ keep: 'true', team: 'data' });
    const plain = ossClient(server);
    expect((await plain.getBucketTags('with-objects')).tag).toEqual({});
    const listed = await c.listBuckets({ prefix: 'with-tags' });
    expect(listed.buckets?.[0]).toMatchObject({ name: 'with-tags' });
    expect(JSON.stringify(listed.buckets?.[0])).not.toMatch(/keep|team/);
    expect(server.log.filter((e) => e.action === 'GetBucketTags').map((e) => [e.bucket, e.status])).toEqual([
      ['with-tags', 200],
      ['with-objects', 200],
    ]);
  });
});

describe('ListBuckets', () => {
  it('pages with marker/max-keys and reports Location, Owner and NextMarker', async () => {
    const c = ossClient(server);
    const seen: string[] = [];
    let marker = '';
    let pages = 0;
    for (;;) {
      const page = await c.listBuckets({ 'max-keys': 3, ...(marker ? { marker } : {}) });
      pages++;
      expect(page.owner.id).toBe('1234567890123456');
      seen.push(...(page.buckets ?? []).map((b) => b.name));
      if (!page.isTruncated) break;
      marker = page.nextMarker as string;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual([...bucketNames, 'with-channel', 'with-objects', 'with-tags', 'with-uploads', 'with-versions']);
    const first = await c.listBuckets({ 'max-keys': 1 });
    expect(first.buckets?.[0]).toMatchObject({ name: 'bucket-00', region: 'oss-cn-hangzhou' });
  });

  it('filters by prefix and refuses max-keys above 1000', async () => {
    const c = ossClient(server);
    const page = await c.listBuckets({ prefix: 'with-' });
    expect(page.buckets?.map((b) => b.name)).toEqual(['with-channel', 'with-objects', 'with-tags', 'with-uploads', 'with-versions']);
    const err = await ossError(c.listBuckets({ 'max-keys': 1001 }));
    expect([err.status, err.code]).toEqual([400, 'InvalidArgument']);
  });
});

describe('bucket facts', () => {
  it('GetBucketInfo, GetBucketStat and GetBucketVersioning parse through ali-oss', async () => {
    const c = ossClient(server);
    const info = await c.getBucketInfo('with-objects');
    expect(info.bucket).toMatchObject({
      Name: 'with-objects',
      Location: 'oss-cn-hangzhou',
      ExtranetEndpoint: 'oss-cn-hangzhou.aliyuncs.com',
    });
    const stat = await c.getBucketStat('with-objects');
    expect(stat.stat).toMatchObject({ ObjectCount: '2', Storage: '42', MultipartUploadCount: '0', LiveChannelCount: '0' });
    const versioned = await c.getBucketStat('with-versions');
    expect(versioned.stat).toMatchObject({ ObjectCount: '2', DeleteMarkerCount: '1' });
    expect((await c.getBucketStat('with-uploads')).stat.MultipartUploadCount).toBe('1');
    expect((await c.getBucketStat('with-channel')).stat.LiveChannelCount).toBe('1');
    expect((await c.getBucketVersioning('with-versions')).versionStatus).toBe('Enabled');
    expect((await c.getBucketVersioning('with-objects')).versionStatus).toBeUndefined();
  });

  it('a bucket addressed through another region is refused with the endpoint to use', async () => {
    const wrongRegion = ossClient(server, { region: 'oss-cn-shanghai' });
    const err = await ossError(wrongRegion.getBucketStat('with-objects'));
    expect([err.status, err.code]).toEqual([403, 'AccessDenied']);
    expect(err.message).toContain('must be addressed using the specified endpoint');
    // Path style carries no region in the Host; a v4 signature names it in its scope.
    const pathV4 = ossClient(server, { region: 'oss-cn-shanghai', style: 'path', v4: true });
    expect((await ossError(pathV4.getBucketStat('with-objects'))).code).toBe('AccessDenied');
    const right = ossClient(server, { region: 'oss-cn-shanghai', style: 'path', v4: true });
    expect((await right.getBucketStat('bucket-01')).stat.ObjectCount).toBe('0');
  });
});

describe('DeleteBucket', () => {
  it('refuses with 409 BucketNotEmpty while objects, versions, delete markers, uploads or channels remain', async () => {
    const c = ossClient(server);
    for (const name of ['with-objects', 'with-versions', 'with-uploads', 'with-channel']) {
      const err = await ossError(c.deleteBucket(name));
      expect([name, err.status, err.code]).toEqual([name, 409, 'BucketNotEmpty']);
    }
  });

  it('deletes an emptied versioned bucket only once every version and marker is gone', async () => {
    const c = ossClient(server, { bucket: 'with-versions' });
    const listing = await c.getBucketVersions({});
    const all = [...listing.objects, ...listing.deleteMarker].map((v) => ({ key: v.name, versionId: v.versionId }));
    expect(all).toHaveLength(3);
    await c.deleteMulti(all.slice(0, 2), { quiet: true });
    expect((await ossError(c.deleteBucket('with-versions'))).code).toBe('BucketNotEmpty');
    await c.deleteMulti(all.slice(2), { quiet: true });
    expect((await c.deleteBucket('with-versions')).res.status).toBe(204);
    const gone = await ossError(c.deleteBucket('with-versions'));
    expect([gone.status, gone.code]).toEqual([404, 'NoSuchBucket']);
  });

  it('deletes after the upload is aborted and the channel deleted', async () => {
    const uploads = ossClient(server, { bucket: 'with-uploads' });
    const [upload] = (await uploads.listUploads({})).uploads;
    await uploads.abortMultipartUpload(upload?.name as string, upload?.uploadId as string);
    expect((await uploads.deleteBucket('with-uploads')).res.status).toBe(204);
    const channels = ossClient(server, { bucket: 'with-channel' });
    await channels.deleteChannel('stream-1');
    expect((await channels.deleteBucket('with-channel')).res.status).toBe(204);
    const names = (await uploads.listBuckets({})).buckets?.map((b) => b.name);
    expect(names).not.toContain('with-uploads');
    expect(names).not.toContain('with-channel');
  });
});
