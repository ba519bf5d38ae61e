import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ossClient, ossError, startOssServer, type OssTestServer } from './harness.js';

const DAY_MS = 86_400_000;

let server: OssTestServer;
beforeEach(async () => {
  server = await startOssServer({
    buckets: [
      { name: 'worm-pending', region: 'cn-hangzhou', worm: { state: 'InProgress', days: 30 }, objects: [{ key: 'p1' }, { key: 'p2' }] },
      { name: 'worm-locked', region: 'cn-hangzhou', worm: { state: 'Locked', days: 3650 }, objects: [{ key: 'record' }] },
      { name: 'no-worm', region: 'cn-hangzhou' },
      {
        name: 'uploads',
        region: 'cn-hangzhou',
        multipartUploads: [{ key: 'a.bin' }, { key: 'a.bin' }, { key: 'a.bin' }, { key: 'b.bin' }, { key: 'c.bin' }],
        liveChannels: ['cam-1', 'cam-2', 'cam-3'],
      },
    ],
  });
});
afterEach(() => server.close());

describe('WORM', () => {
  it('GetBucketWorm reports state, retention days and dates; no policy is NoSuchWORMConfiguration', async () => {
    const c = ossClient(server);
    const locked = await c.getBucketWorm('worm-locked');
    expect(locked).toMatchObject({ state: 'Locked', days: '3650' });
    expect(locked.wormId).toMatch(/^[0-9A-F]{20}$/);
    const created = Date.parse(locked.creationDate);
    expect(created).toBeGreaterThan(server.world.now() - 60_000);
    expect(created).toBeLessThanOrEqual(server.world.now());
    const pending = await c.getBucketWorm('worm-pending');
    expect(pending.state).toBe('InProgress');
    expect(Date.parse(pending.expirationDate as string) - Date.parse(pending.creationDate)).toBe(DAY_MS);
    const none = await ossError(c.getBucketWorm('no-worm'));
    expect([none.status, none.code]).toEqual([404, 'NoSuchWORMConfiguration']);
  });

  it('objects under a locked policy cannot be deleted (409 FileImmutable) and the policy cannot be aborted', async () => {
    const c = ossClient(server, { bucket: 'worm-locked' });
    const multi = await ossError(c.deleteMulti(['record'], { quiet: true }));
    expect([multi.status, multi.code]).toEqual([409, 'FileImmutable']);
    const single = await ossError(c.delete('record'));
    expect([single.status, single.code]).toEqual([409, 'FileImmutable']);
    // ali-oss abortBucketWorm() sets no success statuses: it resolves with the error status.
    const abort = await c.abortBucketWorm('worm-locked');
    expect(abort.status).toBe(409);
    expect(String(abort.res.data)).toContain('<Code>WORMConfigurationLocked</Code>');
    expect((await c.getBucketStat('worm-locked')).stat.ObjectCount).toBe('1');
    expect((await ossError(c.deleteBucket('worm-locked'))).code).toBe('BucketNotEmpty');
  });

  it('an InProgress policy protects objects until aborted; then the bucket empties and deletes', async () => {
    const c = ossClient(server, { bucket: 'worm-pending' });
    expect((await ossError(c.deleteMulti(['p1', 'p2'], { quiet: true }))).code).toBe('FileImmutable');
    const abort = await c.abortBucketWorm('worm-pending');
    expect(abort.status).toBe(204);
    expect((await ossError(c.getBucketWorm('worm-pending'))).code).toBe('NoSuchWORMConfiguration');
    await c.deleteMulti(['p1', 'p2'], { quiet: true });
    expect((await c.deleteBucket('worm-pending')).res.status).toBe(204);
  });

  it('an InProgress policy stops protecting 24 hours after creation', async () => {
    const c = ossClient(server, { bucket: 'worm-pending' });
    server.world.advance(DAY_MS + 1000);
    await c.deleteMulti(['p1'], { quiet: true });
    expect((await c.getBucketStat('worm-pending')).stat.ObjectCount).toBe('1');
  });
});

describe('multipart uploads', () => {
  it('pages listUploads with key-marker/upload-id-marker, then aborts every upload', async () => {
    const c = ossClient(server, { bucket: 'uploads' });
    const seen: Array<[string, string]> = [];
    let keyMarker = '';
    let uploadIdMarker = '';
    let pages = 0;
    for (;;) {
      const page = await c.listUploads({
        'max-uploads': 2,
        ...(keyMarker ? { 'key-marker': keyMarker, 'upload-id-marker': uploadIdMarker } : {}),
      });
      pages++;
      seen.push(...page.uploads.map((u): [string, string] => [u.name, u.uploadId]));
      if (!page.isTruncated) break;
      keyMarker = page.nextKeyMarker;
      uploadIdMarker = page.nextUploadIdMarker;
    }
    expect(pages).toBe(3);
    expect(seen.map(([k]) => k)).toEqual(['a.bin', 'a.bin', 'a.bin', 'b.bin', 'c.bin']);
    expect(new Set(seen.map(([, id]) => id)).size).toBe(5);
    for (const [key, uploadId] of seen) expect((await c.abortMultipartUpload(key, uploadId)).res.status).toBe(204);
    expect((await c.listUploads({})).uploads).toEqual([]);
    const again = await ossError(c.abortMultipartUpload('a.bin', seen[0]?.[1] as string));
    expect([again.status, again.code]).toEqual([404, 'NoSuchUpload']);
  });
});

describe('LiveChannels', () => {
  it('pages listChannels and deletes channels; an unknown channel is NoSuchLiveChannel', async () => {
    const c = ossClient(server, { bucket: 'uploads', v4: true });
    const first = await c.listChannels({ 'max-keys': 2 });
    expect(first.channels.map((ch) => ch.Name)).toEqual(['cam-1', 'cam-2']);
    expect(first.isTruncated).toBe(true);
    expect(first.channels[0]?.PublishUrls[0]).toBe('rtmp://uploads.oss-cn-hangzhou.aliyuncs.com/live/cam-1');
    const second = await c.listChannels({ 'max-keys': 2, marker: first.nextMarker as string });
    expect(second.channels.map((ch) => ch.Name)).toEqual(['cam-3']);
    expect(second.isTruncated).toBe(false);
    expect((await c.deleteChannel('cam-2')).res.status).toBe(204);
    expect((await c.listChannels({})).channels.map((ch) => ch.Name)).toEqual(['cam-1', 'cam-3']);
    const missing = await ossError(c.deleteChannel('cam-2'));
    expect([missing.status, missing.code]).toEqual([404, 'NoSuchLiveChannel']);
  });
});
