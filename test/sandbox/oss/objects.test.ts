import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ossClient, ossError, startOssServer, type OssTestServer } from './harness.js';

const flatKeys = Array.from({ length: 25 }, (_, i) => `file-${String(i).padStart(3, '0')}.txt`);
const versionedKeys = Array.from({ length: 9 }, (_, i) => `log/${i}.log`);

let server: OssTestServer;
beforeEach(async () => {
  server = await startOssServer({
    buckets: [
      {
        name: 'flat',
        region: 'cn-hangzhou',
        objects: [...flatKeys.map((key) => ({ key, size: 3 })), { key: 'dir/x' }, { key: 'dir/y' }, { key: 'a+b c' }],
      },
      {
        name: 'versioned',
        region: 'cn-hangzhou',
        versioning: 'Enabled',
        // 9 keys × 3 versions, every third key hidden by a delete marker: 30 entries.
        objects: versionedKeys.map((key, i) => ({ key, versions: 3, deleteMarker: i % 3 === 0 })),
      },
      { name: 'thousand', region: 'cn-hangzhou', objects: Array.from({ length: 1001 }, (_, i) => ({ key: `k${i}` })) },
    ],
  });
});
afterEach(() => server.close());

describe('ListObjectsV2 and ListObjects', () => {
  it('pages listV2 with continuation tokens over several pages', async () => {
    const c = ossClient(server, { bucket: 'flat' });
    const names: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page = await c.listV2({ 'max-keys': 10, ...(token ? { 'continuation-token': token } : {}) });
      pages++;
      expect(page.keyCount).toBe(page.objects.length);
      expect(page.objects.every((o) => o.owner === null)).toBe(true);
      names.push(...page.objects.map((o) => o.name));
      token = page.isTruncated ? page.nextContinuationToken : null;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(['a+b c', 'dir/x', 'dir/y', ...flatKeys]);
  });

  it('listV2 groups by delimiter, honours prefix, start-after and fetch-owner', async () => {
    const c = ossClient(server, { bucket: 'flat', style: 'path', v4: true });
    const grouped = await c.listV2({ delimiter: '/', 'max-keys': 3 });
    expect(grouped.prefixes).toEqual(['dir/']);
    expect(grouped.objects.map((o) => o.name)).toEqual(['a+b c', 'file-000.txt']);
    const prefixed = await c.listV2({ prefix: 'dir/', 'fetch-owner': 'true' });
    expect(prefixed.objects.map((o) => [o.name, o.owner?.id])).toEqual([
      ['dir/x', '1234567890123456'],
      ['dir/y', '1234567890123456'],
    ]);
    const after = await c.listV2({ 'start-after': 'file-022.txt' });
    expect(after.objects.map((o) => o.name)).toEqual(['file-023.txt', 'file-024.txt']);
  });

  it('pages list() (v1) with markers; every entry has its Owner', async () => {
    const c = ossClient(server, { bucket: 'flat' });
    const names: string[] = [];
    let marker: string | null = null;
    do {
      const page = await c.list({ 'max-keys': 12, ...(marker ? { marker } : {}) });
      expect(page.objects.every((o) => o.owner.id === '1234567890123456')).toBe(true);
      names.push(...page.objects.map((o) => o.name));
      marker = page.isTruncated ? page.nextMarker : null;
    } while (marker);
    expect(names).toHaveLength(28);
  });
});

describe('ListObjectVersions', () => {
  it('pages every version and delete marker with key-marker/version-id-marker, splitting keys across pages', async () => {
    const c = ossClient(server, { bucket: 'versioned' });
    const seen: Array<{ key: string; versionId: string; marker: boolean; latest: boolean | undefined }> = [];
    let keyMarker = '';
    let versionIdMarker = '';
    let pages = 0;
    for (;;) {
      const page = await c.getBucketVersions({
        maxKeys: 7,
        ...(keyMarker ? { keyMarker, versionIdMarker } : {}),
      });
      pages++;
      for (const v of page.objects) {
        expect(v.owner.id).toBe('1234567890123456');
        seen.push({ key: v.name, versionId: v.versionId, marker: false, latest: v.isLatest });
      }
      for (const m of page.deleteMarker) seen.push({ key: m.name, versionId: m.versionId, marker: true, latest: undefined });
      if (!page.isTruncated) break;
      keyMarker = page.nextKeyMarker as string;
      versionIdMarker = page.nextVersionIdMarker as string;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((s) => s.versionId)).size).toBe(30);
    expect(
      seen
        .filter((s) => s.marker)
        .map((s) => s.key)
        .sort(),
    ).toEqual(['log/0.log', 'log/3.log', 'log/6.log']);
    // The newest object version of a key without a marker is the latest one.
    expect(seen.filter((s) => !s.marker && s.latest).map((s) => s.key)).toHaveLength(6);
  });

  it('an unversioned bucket lists each object once with VersionId null', async () => {
    const c = ossClient(server, { bucket: 'flat' });
    const page = await c.getBucketVersions({ prefix: 'dir/' });
    expect(page.objects.map((o) => [o.name, o.versionId])).toEqual([
      ['dir/x', 'null'],
      ['dir/y', 'null'],
    ]);
  });
});

describe('DeleteObject and DeleteMultipleObjects', () => {
  it('deleting without a version id in a versioned bucket adds a delete marker', async () => {
    const c = ossClient(server, { bucket: 'versioned' });
    const result = await c.deleteMulti(['log/1.log'], { quiet: false });
    expect(result.deleted[0]).toMatchObject({ Key: 'log/1.log', DeleteMarker: 'true' });
    const listed = await c.listV2({ prefix: 'log/1' });
    expect(listed.objects).toHaveLength(0);
    const versions = await c.getBucketVersions({ prefix: 'log/1.log' });
    expect(versions.objects).toHaveLength(3);
    expect(versions.deleteMarker.map((m) => m.versionId)).toEqual([result.deleted[0]?.DeleteMarkerVersionId]);
    const single = await c.delete('log/2.log');
    expect(single.res.status).toBe(204);
    expect(single.res.headers['x-oss-delete-marker']).toBe('true');
  });

  it('deleting a version by id removes it for good, and quiet mode answers nothing per key', async () => {
    const c = ossClient(server, { bucket: 'versioned', v4: true });
    const before = await c.getBucketVersions({ prefix: 'log/0.log' });
    const targets = [...before.objects, ...before.deleteMarker].map((v) => ({ key: v.name, versionId: v.versionId }));
    expect(targets).toHaveLength(4);
    const quiet = await c.deleteMulti(targets, { quiet: true });
    expect(quiet.deleted).toEqual([]);
    const after = await c.getBucketVersions({ prefix: 'log/0.log' });
    expect(after.objects.length + after.deleteMarker.length).toBe(0);
  });

  it('deletes keys holding XML and URL special characters', async () => {
    const c = ossClient(server, { bucket: 'flat', style: 'path' });
    const result = await c.deleteMulti(['a+b c'], { quiet: false });
    expect(result.deleted.map((d) => d.Key)).toEqual(['a+b c']);
    expect((await c.listV2({ prefix: 'a' })).objects).toHaveLength(0);
  });

  it('accepts 1000 keys in one request and refuses 1001 with MalformedXML', async () => {
    const c = ossClient(server, { bucket: 'thousand' });
    const keys = Array.from({ length: 1001 }, (_, i) => `k${i}`);
    const refused = await ossError(c.deleteMulti(keys, { quiet: true }));
    expect([refused.status, refused.code]).toEqual([400, 'MalformedXML']);
    expect((await c.getBucketStat('thousand')).stat.ObjectCount).toBe('1001');
    await c.deleteMulti(keys.slice(0, 1000), { quiet: true });
    expect((await c.getBucketStat('thousand')).stat.ObjectCount).toBe('1');
  });

  it('requires a Content-MD5 that matches the body', async () => {
    const c = ossClient(server, { bucket: 'flat' });
    const wrong = await ossError(
      c.deleteMulti(['dir/x'], { headers: { 'Content-MD5': '1B2M2Y8AsgTpgAmY7PhCfg==' } } as { quiet?: boolean }),
    );
    expect([wrong.status, wrong.code]).toEqual([400, 'InvalidDigest']);
    expect((await c.listV2({ prefix: 'dir/' })).objects).toHaveLength(2);
  });
});

describe('DeleteMultipleObjects without Content-MD5', () => {
  it('is refused with 400 MissingContentMD5 (request signed by ali-oss signUtils, sent raw)', async () => {
    const { createRequire } = await import('node:module');
    const { request } = await import('node:http');
    const { ACCESS_KEY_ID, ACCESS_KEY_SECRET } = await import('./harness.js');
    const signUtils = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as {
      buildCanonicalString(
        method: string,
        resource: string,
        req: { headers: Record<string, string>; parameters: Record<string, string> },
      ): string;
      computeSignature(secret: string, canonical: string): string;
    };
    const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Delete><Quiet>true</Quiet><Object><Key>dir/x</Key></Object></Delete>';
    const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString(), 'Content-Type': 'application/xml' };
    const canonical = signUtils.buildCanonicalString('POST', '/flat/', { headers, parameters: { delete: '' } });
    headers.authorization = `OSS ${ACCESS_KEY_ID}:${signUtils.computeSignature(ACCESS_KEY_SECRET, canonical)}`;
    headers.host = 'flat.oss-cn-hangzhou.aliyuncs.com';
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/?delete=', headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>MissingContentMD5</Code>');
    expect(server.log.at(-1)).toMatchObject({ action: 'DeleteMultipleObjects', status: 400, code: 'MissingContentMD5' });
  });
});
