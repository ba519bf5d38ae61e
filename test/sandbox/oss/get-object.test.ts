// GetObject / HeadObject and the readable bucket configuration, through ali-oss: the headers a
// backup verifies against (ETag = MD5 of the bytes for a simple upload, x-oss-hash-crc64ecma
// for every object), versions and delete markers, and the documented 404s.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Crc64 } from '../../../src/sandbox/oss/crc64.js';
import { ossClient, ossError, startOssServer, type OssTestServer } from './harness.js';

interface StreamingClient {
  getStream(
    name: string,
    options?: { subres?: Record<string, string> },
  ): Promise<{ stream: Readable; res: { status: number; headers: Record<string, string> } }>;
  get(name: string, file?: undefined, options?: { versionId?: string }): Promise<{ content: Buffer }>;
  head(name: string, options?: { versionId?: string }): Promise<{ status: number; res: { headers: Record<string, string> } }>;
  getBucketACL(name: string): Promise<{ acl: string; owner: { id: string } }>;
  getBucketPolicy(name: string): Promise<{ policy: unknown; status: number }>;
  getBucketLifecycle(name: string): Promise<unknown>;
  getBucketCORS(name: string): Promise<unknown>;
  getBucketVersions(
    query: Record<string, string | number>,
  ): Promise<{ objects: Array<{ name: string; versionId: string; isLatest: boolean }> }>;
}

let server: OssTestServer;
beforeEach(async () => {
  server = await startOssServer({
    buckets: [
      {
        name: 'plain',
        region: 'cn-hangzhou',
        acl: 'public-read',
        policy: {
          Version: '1',
          Statement: [{ Effect: 'Allow', Action: ['oss:GetObject'], Principal: ['*'], Resource: ['acs:oss:*:*:plain/*'] }],
        },
        objects: [
          { key: 'hello.txt', content: 'hello, world\n' },
          { key: 'big.bin', size: 200_000 },
          { key: '../../escape/evil.txt', content: 'not a path' },
        ],
      },
      { name: 'generated', region: 'cn-hangzhou', objects: { generate: { count: 3, prefix: 'g-', size: 1000 } } },
      {
        name: 'versioned',
        region: 'cn-hangzhou',
        versioning: 'Enabled',
        objects: [
          { key: 'doc.txt', size: 300, versions: 2 },
          { key: 'gone.txt', size: 10, deleteMarker: true },
        ],
      },
    ],
  });
});
afterEach(() => server.close());

function client(bucket: string): StreamingClient {
  return ossClient(server, { bucket }) as unknown as StreamingClient;
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();
const crc = (b: Buffer) => new Crc64().update(b).digest();

describe('CRC-64 as OSS defines it', () => {
  it('gives the CRC-64/XZ check value for "123456789", in pieces or at once', () => {
    expect(crc(Buffer.from('123456789'))).toBe('11051210869376104954');
    expect(new Crc64().update(Buffer.from('1234')).update(Buffer.from('56789')).digest()).toBe('11051210869376104954');
    expect(crc(Buffer.alloc(0))).toBe('0');
  });
});

describe('GetObject', () => {
  it('streams the bytes with ETag = MD5 of them, their CRC-64 and the object type', async () => {
    const { stream, res } = await client('plain').getStream('hello.txt');
    const bytes = await read(stream);
    expect(bytes.toString('utf8')).toBe('hello, world\n');
    expect(res.headers.etag).toBe(`"${md5(bytes)}"`);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc(bytes));
    expect(res.headers['x-oss-object-type']).toBe('Normal');
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['x-oss-version-id']).toBeUndefined();
  });

  it('serves seeded bytes of the listed size, consistent between GET, HEAD and the listing', async () => {
    const c = client('plain');
    const { stream, res } = await c.getStream('big.bin');
    const bytes = await read(stream);
    expect(bytes.length).toBe(200_000);
    expect(res.headers.etag).toBe(`"${md5(bytes)}"`);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc(bytes));
    const head = await c.head('big.bin');
    expect(head.res.headers['content-length']).toBe('200000');
    expect(head.res.headers.etag).toBe(res.headers.etag);
    const listed = await ossClient(server, { bucket: 'plain' }).listV2({ prefix: 'big' });
    expect((listed.objects[0] as unknown as { etag: string }).etag).toBe(res.headers.etag);
  });

  it('takes a key with ../ as a key, not a path', async () => {
    // ali-oss's HTTP client normalises dot segments away (new URL()), so the request is
    // sent with its path parsed verbatim, as the tool's OSS client does.
    const verbatim = client('plain') as StreamingClient & { urllib: { request(url: unknown, params: unknown): Promise<unknown> } };
    const base = verbatim.urllib;
    verbatim.urllib = { request: (url, params) => base.request(typeof url === 'string' ? parse(url) : url, params) };
    const { stream } = await verbatim.getStream('../../escape/evil.txt');
    expect((await read(stream)).toString('utf8')).toBe('not a path');
  });

  it('sends a multipart ETag (not an MD5) for generated objects, and a CRC-64 that matches', async () => {
    const { stream, res } = await client('generated').getStream('g-1');
    const bytes = await read(stream);
    expect(bytes.length).toBe(1000);
    expect(res.headers['x-oss-object-type']).toBe('Multipart');
    expect(res.headers.etag).toMatch(/^"[0-9A-F]{32}-1"$/);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc(bytes));
  });

  it('answers NoSuchKey for a missing key', async () => {
    const err = await ossError(client('plain').getStream('nope'));
    expect([err.status, err.code]).toEqual([404, 'NoSuchKey']);
  });

  it('reads each version by id; a current delete marker is NoSuchKey, naming it is MethodNotAllowed', async () => {
    const c = client('versioned');
    const { objects } = await c.getBucketVersions({});
    const doc = objects.filter((o) => o.name === 'doc.txt');
    expect(doc).toHaveLength(2);
    const bodies = await Promise.all(
      doc.map(async (v) => read((await c.getStream('doc.txt', { subres: { versionId: v.versionId } })).stream)),
    );
    expect(bodies[0]!.equals(bodies[1]!)).toBe(false);
    const latest = await c.getStream('doc.txt');
    expect(latest.res.headers['x-oss-version-id']).toBe(doc.find((v) => v.isLatest)!.versionId);

    const hidden = await ossError(c.getStream('gone.txt'));
    expect([hidden.status, hidden.code]).toEqual([404, 'NoSuchKey']);
    // getStream cannot read an error body (ali-oss names every streamed 404 NoSuchKey); get() can.
    const unknown = await ossError(c.get('doc.txt', undefined, { versionId: 'CAEQnope' }));
    expect([unknown.status, unknown.code]).toEqual([404, 'NoSuchVersion']);
  });
});

describe('bucket configuration', () => {
  it('returns the ACL and the policy that were set', async () => {
    const c = client('plain');
    expect((await c.getBucketACL('plain')).acl).toBe('public-read');
    expect(await c.getBucketPolicy('plain')).toMatchObject({ policy: { Version: '1' } });
  });

  it('answers the documented 404s when nothing is configured', async () => {
    const c = client('generated');
    expect((await c.getBucketACL('generated')).acl).toBe('private');
    // ali-oss resolves getBucketPolicy on any status (it sets successStatuses after the request): no policy is a 404.
    expect(await c.getBucketPolicy('generated')).toMatchObject({ policy: null, status: 404 });
    expect((await ossError(c.getBucketLifecycle('generated'))).code).toBe('NoSuchLifecycle');
    expect((await ossError(c.getBucketCORS('generated'))).code).toBe('NoSuchCORSConfiguration');
  });

  it('logs GetObject and HeadObject as reads', async () => {
    await client('plain').head('hello.txt');
    expect(server.log.at(-1)).toMatchObject({ action: 'HeadObject', status: 200 });
  });
});
