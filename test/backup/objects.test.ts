// Object downloads against a scripted OSS client: verified before they count, nothing at its
// final path unless whole, a rerun skips what is already saved, failures are recorded, not hidden.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudClients } from '../../src/cloud/clients.js';
import { Crc64Ecma } from '../../src/backup/crc64.js';
import { BackupDirectory, fileSystemError } from '../../src/backup/directory.js';
import { backupBucketObjects, type ObjectIndexEntry } from '../../src/backup/objects.js';
import type { Resource } from '../../src/providers/contract.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();
const crc = (b: Buffer) => new Crc64Ecma().update(b).digest();

interface Script {
  /** Keys whose stream breaks half-way, on every attempt. */
  readonly broken?: Set<string>;
  /** Keys whose x-oss-hash-crc64ecma is wrong. */
  readonly wrongCrc?: Set<string>;
  /** Keys written as multipart uploads (their ETag is no MD5). */
  readonly multipart?: Set<string>;
}

function fakeOss(objects: Record<string, Buffer>, script: Script = {}) {
  const gets: string[] = [];
  const heads: string[] = [];
  const etag = (k: string) => (script.multipart?.has(k) ? `"${md5(Buffer.from(k))}-2"` : `"${md5(objects[k]!)}"`);
  const headers = (k: string) => ({
    'content-length': String(objects[k]!.length),
    etag: etag(k),
    'x-oss-hash-crc64ecma': script.wrongCrc?.has(k) ? '1' : crc(objects[k]!),
    'x-oss-object-type': script.multipart?.has(k) ? 'Multipart' : 'Normal',
  });
  const api = {
    listV2: async () => ({
      objects: Object.keys(objects)
        .sort()
        .map((name) => ({ name, size: objects[name]!.length, etag: etag(name), lastModified: '2026-01-01T00:00:00.000Z' })),
      isTruncated: false,
    }),
    getStream: async (name: string) => {
      gets.push(name);
      const body = objects[name]!;
      const stream = script.broken?.has(name)
        ? Readable.from(
            (async function* () {
              yield body.subarray(0, body.length >> 1);
              throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
            })(),
          )
        : Readable.from([body]);
      return { stream, res: { headers: headers(name) } };
    },
    head: async (name: string) => {
      heads.push(name);
      return { res: { headers: headers(name) } };
    },
  };
  const clients = { oss: () => api, readOnly: () => clients } as unknown as CloudClients;
  return { clients, gets, heads };
}

const BUCKET: Resource = { type: 'oss.bucket', region: 'cn-hangzhou', id: 'files', properties: {} };
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'teardown-backup-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(clients: CloudClients) {
  const dir = await BackupDirectory.open(root);
  const result = await backupBucketObjects(
    BUCKET,
    { clients, dir, signal: new AbortController().signal, log: pino({ level: 'silent' }), now: new Date() },
    { allVersions: false, concurrency: 3 },
  );
  await dir.close();
  const index = (await readFile(join(root, result.summary.index), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ObjectIndexEntry);
  return { result, index };
}

const OBJECTS = { 'a.txt': Buffer.from('alpha'), 'dir/b.bin': Buffer.alloc(70_000, 7), 'c.log': Buffer.from('charlie') };

describe('backupBucketObjects', () => {
  it('downloads and verifies every object, then a rerun downloads nothing', async () => {
    const first = fakeOss(OBJECTS);
    const { result, index } = await run(first.clients);
    expect(result.summary).toMatchObject({ objects: 3, bytes: 5 + 70_000 + 7, failed: 0, versions: 'current' });
    for (const [key, bytes] of Object.entries(OBJECTS)) {
      const entry = index.find((e) => e.key === key)!;
      expect(entry.verified).toBe('crc64+md5');
      expect((await readFile(join(root, entry.path!))).equals(bytes)).toBe(true);
    }
    expect(first.gets.sort()).toEqual(Object.keys(OBJECTS).sort());

    const second = fakeOss(OBJECTS);
    const again = await run(second.clients);
    expect(second.gets).toEqual([]);
    expect(again.index.map((e) => [e.key, e.path])).toEqual(index.map((e) => [e.key, e.path]));
  });

  it('leaves nothing at the final path of an interrupted download, records it, and a rerun completes it', async () => {
    const broken = fakeOss(OBJECTS, { broken: new Set(['dir/b.bin']) });
    const { result, index } = await run(broken.clients);
    expect(result.summary.failed).toBe(1);
    expect(result.failures[0]).toMatch(/^dir\/b\.bin: socket hang up/);
    expect(broken.gets.filter((k) => k === 'dir/b.bin')).toHaveLength(3);
    const entry = index.find((e) => e.key === 'dir/b.bin')!;
    expect(entry.path).toBeUndefined();
    expect(entry.error).toBe('socket hang up');
    expect(existsSync(join(root, 'oss/files/objects/dir/b.bin'))).toBe(false);
    expect(existsSync(join(root, '.incomplete'))).toBe(false);

    const healthy = fakeOss(OBJECTS);
    const rerun = await run(healthy.clients);
    expect(rerun.result.summary.failed).toBe(0);
    expect(healthy.gets).toEqual(['dir/b.bin']);
    expect((await readFile(join(root, 'oss/files/objects/dir/b.bin'))).equals(OBJECTS['dir/b.bin'])).toBe(true);
  });

  it('refuses bytes whose CRC-64 does not match x-oss-hash-crc64ecma', async () => {
    const { result } = await run(fakeOss(OBJECTS, { wrongCrc: new Set(['c.log']) }).clients);
    expect(result.failures).toEqual([expect.stringMatching(/^c\.log: CRC-64 \d+ does not match x-oss-hash-crc64ecma 1$/)]);
    expect(existsSync(join(root, 'oss/files/objects/c.log'))).toBe(false);
  });

  it('downloads again a file altered on disk, and checks multipart objects by CRC-64 from HeadObject', async () => {
    const multipart = new Set(['dir/b.bin']);
    await run(fakeOss(OBJECTS, { multipart }).clients);
    await writeFile(join(root, 'oss/files/objects/a.txt'), 'ALPHA');
    const again = fakeOss(OBJECTS, { multipart });
    const { index } = await run(again.clients);
    expect(again.gets).toEqual(['a.txt']);
    expect(again.heads).toEqual(['dir/b.bin']);
    expect(index.find((e) => e.key === 'dir/b.bin')?.verified).toBe('crc64');
    expect(await readFile(join(root, 'oss/files/objects/a.txt'), 'utf8')).toBe('alpha');
    expect(await readdir(root)).not.toContain('.incomplete');
  });
});

describe('the backup folder', () => {
  it('refuses a folder it cannot create, in one line naming the path and the fix', async () => {
    await writeFile(join(root, 'file'), 'x');
    const err = await BackupDirectory.open(join(root, 'file', 'backup')).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /^cannot write the backup at .*file\/backup \(ENOTDIR\): a file stands where a folder is needed/,
    );
    expect((err as Error).message).not.toContain('\n');
  });

  it('explains a full disk in one line, with the rerun', () => {
    const err = fileSystemError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), '/b/x', 'cannot write the backup');
    expect(err.message).toBe(
      'cannot write the backup at /b/x (ENOSPC): the disk is full: free some space or choose another --out folder, then run backup again (it resumes)',
    );
  });
});
