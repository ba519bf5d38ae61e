/**
 * The DeleteMultipleObjects the tool sends itself (oss-raw-requests.ts): the body ali-oss's own
 * deleteMulti would send, signed and sent by ali-oss with its Content-MD5, and a mutation like
 * any other for the read-only guard.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudClients, MutationRefusedError, type AccessMode } from '../../src/cloud/clients.js';
import { deleteMultipleObjectsBody, type DeleteEntry } from '../../src/cloud/oss-raw-requests.js';

afterEach(() => nock.cleanAll());

const require = createRequire(import.meta.url);
// ali-oss's own body builder (lib/common/object/deleteMulti.js): obj2xml over keys escaped by utility.escape.
const { obj2xml } = require('ali-oss/lib/common/utils/obj2xml') as { obj2xml(o: unknown, opts: { headers: boolean }): string };
const { escape } = require('utility') as { escape(s: string): string };
function aliOssBody(entries: readonly DeleteEntry[]): string {
  const objects = entries.map((e) => (typeof e === 'string' ? { Key: escape(e) } : { Key: escape(e.key), VersionId: e.versionId }));
  return obj2xml({ Delete: { Quiet: true, Object: objects } }, { headers: true });
}

const HOST = 'http://127.0.0.9:8791';
function clients(mode: AccessMode): CloudClients {
  return new CloudClients({
    credentials: { accessKeyId: 'AKID', accessKeySecret: 'SECRET', source: 'static' },
    mode,
    endpointOverride: HOST,
  });
}

describe('DeleteMultipleObjects body', () => {
  it("is the body ali-oss's deleteMulti writes, for keys with XML-special, non-ASCII and space characters", () => {
    const keys = ['plain.txt', 'a&b<c>d"e\'f', '日本/ファイル.txt', ' spaced key ', 'dir/', 'x&amp;y'];
    expect(deleteMultipleObjectsBody(keys)).toBe(aliOssBody(keys));
    const versions = keys.map((key, i) => ({ key, versionId: `CAEQ${i}GIGBgICg0ZaT3hgiIGQ5OTk4ZjM0` }));
    expect(deleteMultipleObjectsBody(versions)).toBe(aliOssBody(versions));
  });
});

describe('deleteMultipleObjectsQuiet', () => {
  it('sends one signed POST /?delete with the body and its Content-MD5, to the bucket', async () => {
    let sent: { body: string; md5: string | undefined; type: string | undefined } | undefined;
    const scope = nock(HOST)
      .matchHeader('host', /^logs\.oss-cn-hangzhou\.aliyuncs\.com/)
      .matchHeader('authorization', /^OSS AKID:/)
      .post('/')
      .query((q) => 'delete' in q)
      .reply(function (_uri, body) {
        sent = { body: String(body), md5: this.req.headers['content-md5'], type: this.req.headers['content-type'] };
        return [200, '', { 'x-oss-request-id': 'R' }];
      });
    const entries = ['a.txt', '日本.txt'];
    await clients('read-write').oss('cn-hangzhou', 'logs').deleteMultipleObjectsQuiet(entries);
    expect(scope.isDone()).toBe(true);
    expect(sent?.body).toBe(deleteMultipleObjectsBody(entries));
    expect(sent?.md5).toBe(createHash('md5').update(deleteMultipleObjectsBody(entries), 'utf8').digest('base64'));
    expect(sent?.type).toBe('application/xml');
  });

  it('is refused by read-only clients before anything is sent', async () => {
    const scope = nock(HOST).post('/').query(true).reply(200, '');
    await expect(clients('read-only').oss('cn-hangzhou', 'logs').deleteMultipleObjectsQuiet(['a.txt'])).rejects.toBeInstanceOf(
      MutationRefusedError,
    );
    expect(scope.isDone()).toBe(false);
  });

  it('refuses an empty call and one of more than 1,000 entries without sending', async () => {
    const scope = nock(HOST).post('/').query(true).reply(200, '');
    const oss = clients('read-write').oss('cn-hangzhou', 'logs');
    await expect(oss.deleteMultipleObjectsQuiet([])).rejects.toThrow(/1 to 1000 entries, got 0/);
    await expect(oss.deleteMultipleObjectsQuiet(Array.from({ length: 1001 }, (_, i) => `k${i}`))).rejects.toThrow(/got 1001/);
    expect(scope.isDone()).toBe(false);
  });
});
