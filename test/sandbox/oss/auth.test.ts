import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ossClient, ossError, startOssServer, type OssTestServer } from './harness.js';

let server: OssTestServer;
beforeEach(async () => {
  server = await startOssServer({ buckets: [{ name: 'private', region: 'cn-hangzhou', objects: [{ key: 'x' }] }] });
});
afterEach(() => server.close());

describe('OSS authentication', () => {
  for (const v4 of [false, true])
    for (const style of ['ip', 'path'] as const)
      it(`a wrong secret is SignatureDoesNotMatch (v4=${v4}, ${style})`, async () => {
        const c = ossClient(server, { bucket: 'private', v4, style, accessKeySecret: 'not-the-secret' });
        const err = await ossError(c.listV2({}));
        expect([err.status, err.code, err.name]).toEqual([403, 'SignatureDoesNotMatch', 'SignatureDoesNotMatchError']);
        const buckets = await ossError(c.listBuckets({}));
        expect(buckets.code).toBe('SignatureDoesNotMatch');
        // Nothing was deleted by a refused request.
        expect((await ossError(c.deleteMulti(['x'], { quiet: true }))).code).toBe('SignatureDoesNotMatch');
        const good = ossClient(server, { bucket: 'private', v4, style });
        expect((await good.listV2({})).objects.map((o) => o.name)).toEqual(['x']);
      });

  it('an unknown AccessKey id is InvalidAccessKeyId', async () => {
    const c = ossClient(server, { bucket: 'private', accessKeyId: 'LTAI5tNobodyHasThisKey' });
    const err = await ossError(c.getBucketStat('private'));
    expect([err.status, err.code]).toEqual([403, 'InvalidAccessKeyId']);
    expect(err.requestId).toMatch(/^[0-9A-F]{8}-/);
    expect(server.log.at(-1)).toMatchObject({ product: 'oss', action: 'GetBucketStat', status: 403, code: 'InvalidAccessKeyId' });
  });

  it('an anonymous request is AccessDenied, in the real error shape', async () => {
    const { status, body, headers } = await new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/?stat',
            method: 'GET',
            headers: { host: 'private.oss-cn-hangzhou.aliyuncs.com' },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(status).toBe(403);
    expect(body).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>[^<]+<\/Message><RequestId>[0-9A-F-]{36}<\/RequestId><HostId>private\.oss-cn-hangzhou\.aliyuncs\.com<\/HostId><EC>[^<]*<\/EC><\/Error>$/,
    );
    expect(headers['x-oss-request-id']).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('the request log names the action, bucket, key and caller', async () => {
    const c = ossClient(server, { bucket: 'private' });
    await c.deleteMulti(['x'], { quiet: true });
    expect(server.log.at(-1)).toEqual({
      product: 'oss',
      action: 'DeleteMultipleObjects',
      bucket: 'private',
      accessKeyId: 'LTAI5tOssSandboxTest01',
      status: 200,
    });
  });
});
