/**
 * Downloads the objects of one bucket into the backup, streamed, verified, resumable.
 *
 * - Listing is paged (ListObjectsV2, or ListObjectVersions with `--all-versions`, 1000 per
 *   page: OSS API reference); a page is downloaded, `concurrency` objects at a time, before
 *   the next is listed, and bytes go straight from the socket to disk: memory stays flat
 *   whatever the bucket holds.
 * - Each object is written to `.incomplete/` while its MD5 and CRC-64 are computed, then
 *   checked: its length against Content-Length, its CRC-64 against `x-oss-hash-crc64ecma`
 *   (OSS sends it on GetObject and HeadObject: "Check data integrity by using CRC-64"), and
 *   for a simple upload (`x-oss-object-type: Normal`) its MD5 against the ETag, which OSS
 *   defines as the MD5 of the content for PutObject (OSS: ETag). Only then is it renamed to
 *   its path: a file at its final path is a verified object.
 * - A rerun skips an object whose file is there with the listed size and verifies again
 *   locally (MD5 against a simple upload's listed ETag; otherwise the CRC-64 from HeadObject).
 * - The object index (`objects.jsonl`, one JSON line per object version and delete marker)
 *   records each original key, its version, checksums and the file that holds it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CloudApiError, isGone } from '../cloud/errors.js';
import { createPool } from '../plan/pool.js';
import type { Resource } from '../providers/contract.js';
import { Crc64Ecma } from './crc64.js';
import type { CaptureContext } from './capture/context.js';
import { fileSystemError, type BackupFile } from './directory.js';
import type { ObjectsSummary } from './manifest.js';
import { ObjectPaths, encodeSegment } from './object-paths.js';

const PAGE = 1000;
/** Attempts per object: a dropped connection mid-download is retried from the start. */
const ATTEMPTS = 3;
/** Errors of the local disk: the backup cannot go on, whatever the object. */
const FILE_SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EMFILE', 'ENFILE']);

export interface ObjectProgress {
  readonly bucket: string;
  readonly objects: number;
  readonly bytes: number;
  /** Of them, already in the backup from an earlier run. */
  readonly resumed: number;
}

export interface ObjectBackupOptions {
  readonly allVersions: boolean;
  readonly concurrency: number;
  readonly onProgress?: ((p: ObjectProgress) => void) | undefined;
}

export interface ObjectBackupResult {
  readonly files: readonly BackupFile[];
  readonly summary: ObjectsSummary;
  /** `key: reason` of the objects that could not be saved. */
  readonly failures: readonly string[];
}

/** One line of the object index. */
export interface ObjectIndexEntry {
  readonly key: string;
  readonly versionId?: string | undefined;
  readonly isLatest: boolean;
  readonly deleteMarker?: true | undefined;
  readonly size?: number | undefined;
  readonly etag?: string | undefined;
  readonly crc64?: string | undefined;
  readonly lastModified?: string | undefined;
  /** Relative to the backup folder. Absent for delete markers and failures. */
  readonly path?: string | undefined;
  /** How the bytes were checked: `crc64`, `md5`, both, or `size` when OSS sent neither checksum. */
  readonly verified?: string | undefined;
  /** Deleted between listing and download: nothing to keep. */
  readonly vanished?: true | undefined;
  readonly error?: string | undefined;
}

interface Listed {
  readonly key: string;
  readonly versionId?: string | undefined;
  readonly isLatest: boolean;
  readonly deleteMarker: boolean;
  readonly size: number;
  readonly etag: string;
  readonly lastModified?: string | undefined;
}

// ali-oss calls (shapes of ali-oss 6.23: lib/object.js getStream, common/object/head.js,
// listV2, common/object/getBucketVersions.js).
interface ObjectApi {
  listV2(query: Record<string, string | number>): Promise<{
    objects: Array<{ name: string; size: number; etag: string; lastModified: string }>;
    isTruncated: boolean;
    nextContinuationToken?: string | null;
  }>;
  getBucketVersions(query: Record<string, string | number>): Promise<{
    objects: Array<{ name: string; versionId: string; isLatest: boolean; size: number; etag: string; lastModified: string }>;
    deleteMarker: Array<{ name: string; versionId: string; isLatest: boolean; lastModified: string }>;
    isTruncated: boolean;
    nextKeyMarker: string | null;
    nextVersionIdMarker: string | null;
  }>;
  getStream(
    name: string,
    options: { subres?: Record<string, string>; timeout?: number },
  ): Promise<{ stream: Readable; res: { headers: Record<string, string> } }>;
  head(name: string, options: { versionId?: string }): Promise<{ res: { headers: Record<string, string> } }>;
}

async function* listObjects(api: ObjectApi, allVersions: boolean): AsyncGenerator<Listed[]> {
  if (!allVersions) {
    let token: string | undefined;
    for (;;) {
      const page = await api.listV2({ 'max-keys': PAGE, ...(token ? { 'continuation-token': token } : {}) });
      yield page.objects.map((o) => ({
        key: o.name,
        isLatest: true,
        deleteMarker: false,
        size: Number(o.size),
        etag: o.etag,
        lastModified: o.lastModified,
      }));
      if (!page.isTruncated || !page.nextContinuationToken) return;
      token = page.nextContinuationToken;
    }
  }
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await api.getBucketVersions({
      maxKeys: PAGE,
      ...(keyMarker !== undefined ? { keyMarker } : {}),
      ...(versionIdMarker !== undefined ? { versionIdMarker } : {}),
    });
    yield [
      ...page.objects.map((o) => ({
        key: o.name,
        versionId: o.versionId,
        isLatest: o.isLatest,
        deleteMarker: false,
        size: Number(o.size),
        etag: o.etag,
        lastModified: o.lastModified,
      })),
      ...page.deleteMarker.map((d) => ({
        key: d.name,
        versionId: d.versionId,
        isLatest: d.isLatest,
        deleteMarker: true,
        size: 0,
        etag: '',
        lastModified: d.lastModified,
      })),
    ];
    if (!page.isTruncated || !page.nextKeyMarker) return;
    keyMarker = page.nextKeyMarker;
    versionIdMarker = page.nextVersionIdMarker ?? undefined;
  }
}

/** The MD5 (hex, lower case) a simple upload's ETag states; undefined for a multipart or appendable one. */
function md5OfEtag(etag: string | undefined, objectType?: string): string | undefined {
  if (objectType !== undefined && objectType !== 'Normal') return undefined;
  const m = /^"?([0-9A-Fa-f]{32})"?$/.exec(etag ?? '');
  return m?.[1]?.toLowerCase();
}

class Digests extends Transform {
  readonly md5 = createHash('md5');
  readonly crc = new Crc64Ecma();
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.md5.update(chunk);
    this.crc.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

async function digestFile(path: string, signal: AbortSignal): Promise<{ md5: string; crc64: string; bytes: number }> {
  const d = new Digests();
  // The digests are all that is wanted: the bytes end in a sink.
  await pipeline(createReadStream(path), d, new Writable({ write: (_chunk, _enc, done) => done() }), { signal });
  return { md5: d.md5.digest('hex'), crc64: d.crc.digest(), bytes: d.bytes };
}

class VerificationError extends Error {}

function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && FILE_SYSTEM_CODES.has(code) && !(err instanceof CloudApiError);
}

export async function backupBucketObjects(bucket: Resource, ctx: CaptureContext, opts: ObjectBackupOptions): Promise<ObjectBackupResult> {
  const api = ctx.clients.oss(bucket.region, bucket.id) as unknown as ObjectApi;
  const base = `oss/${encodeSegment(bucket.id)}`;
  const folder = `${base}/objects`;
  const indexPath = `${base}/objects.jsonl`;
  const paths = new ObjectPaths();
  const pool = createPool(Math.max(1, opts.concurrency));
  const failures: string[] = [];
  let objects = 0;
  let bytes = 0;
  let resumed = 0;
  let deleteMarkers = 0;

  const indexTemp = ctx.dir.temporary();
  const index = createWriteStream(indexTemp, { mode: 0o600 });
  const indexHash = createHash('sha256');
  let indexBytes = 0;
  const indexError = new Promise<never>((_, reject) => index.on('error', reject));
  indexError.catch(() => undefined);
  const writeLine = async (entry: ObjectIndexEntry): Promise<void> => {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    indexHash.update(line);
    indexBytes += line.length;
    if (!index.write(line)) await Promise.race([new Promise<void>((resolve) => index.once('drain', () => resolve())), indexError]);
  };
  const progress = () => opts.onProgress?.({ bucket: bucket.id, objects, bytes, resumed });

  const versionOptions = (o: Listed) => (opts.allVersions && o.versionId !== undefined ? { versionId: o.versionId } : {});

  /** The file is there from an earlier run and still matches the object: keep it. */
  const alreadySaved = async (o: Listed, path: string): Promise<ObjectIndexEntry | undefined> => {
    if ((await ctx.dir.sizeOf(path)) !== o.size) return undefined;
    const local = await digestFile(ctx.dir.absolute(path), ctx.signal);
    const listedMd5 = md5OfEtag(o.etag);
    if (listedMd5 !== undefined)
      return listedMd5 === local.md5
        ? { key: o.key, size: o.size, etag: o.etag, crc64: local.crc64, verified: 'md5', path, isLatest: o.isLatest }
        : undefined;
    const head = await api.head(o.key, versionOptions(o));
    const crc = head.res.headers['x-oss-hash-crc64ecma'];
    return crc !== undefined && crc === local.crc64
      ? { key: o.key, size: o.size, etag: o.etag, crc64: crc, verified: 'crc64', path, isLatest: o.isLatest }
      : undefined;
  };

  const download = async (o: Listed, path: string): Promise<ObjectIndexEntry> => {
    const temporary = ctx.dir.temporary();
    try {
      const v = versionOptions(o);
      const { stream, res } = await api.getStream(o.key, v.versionId !== undefined ? { subres: { versionId: v.versionId } } : {});
      const headers = res.headers;
      const digests = new Digests();
      await pipeline(stream, digests, createWriteStream(temporary, { mode: 0o600 }), { signal: ctx.signal });
      const length = Number(headers['content-length']);
      const crc = headers['x-oss-hash-crc64ecma'];
      const md5 = md5OfEtag(headers.etag, headers['x-oss-object-type']);
      const crc64 = digests.crc.digest();
      const localMd5 = digests.md5.digest('hex');
      if (Number.isFinite(length) && digests.bytes !== length) throw new VerificationError(`received ${digests.bytes} of ${length} bytes`);
      if (crc !== undefined && crc !== crc64) throw new VerificationError(`CRC-64 ${crc64} does not match x-oss-hash-crc64ecma ${crc}`);
      if (md5 !== undefined && md5 !== localMd5) throw new VerificationError(`MD5 ${localMd5} does not match the ETag ${headers.etag}`);
      await ctx.dir.commit(temporary, path);
      const verified = [crc !== undefined ? 'crc64' : undefined, md5 !== undefined ? 'md5' : undefined].filter(Boolean).join('+') || 'size';
      return { key: o.key, isLatest: o.isLatest, size: digests.bytes, etag: headers.etag, crc64, path, verified };
    } finally {
      await rm(temporary, { force: true });
    }
  };

  const saveOne = async (o: Listed): Promise<ObjectIndexEntry> => {
    const common = {
      key: o.key,
      ...(opts.allVersions ? { versionId: o.versionId } : {}),
      isLatest: o.isLatest,
      lastModified: o.lastModified,
    };
    if (o.deleteMarker) {
      deleteMarkers++;
      return { ...common, deleteMarker: true };
    }
    const path = `${folder}/${paths.pathFor(o.key, opts.allVersions && !o.isLatest ? o.versionId : undefined)}`;
    return pool.run(async () => {
      let lastError = '';
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        ctx.signal.throwIfAborted();
        try {
          const kept = await alreadySaved(o, path);
          if (kept) {
            resumed++;
            objects++;
            bytes += o.size;
            progress();
            return { ...common, ...kept };
          }
          const saved = await download(o, path);
          objects++;
          bytes += saved.size ?? 0;
          progress();
          return { ...common, ...saved };
        } catch (err) {
          if (ctx.signal.aborted) throw err;
          if (isFileSystemError(err)) throw fileSystemError(err, ctx.dir.absolute(path), 'cannot write the backup');
          if (isGone(err)) return { ...common, vanished: true };
          lastError = err instanceof CloudApiError ? `${err.code}: ${err.message}` : (err as Error).message;
          ctx.log.warn({ bucket: bucket.id, key: o.key, attempt, err: lastError }, 'object download failed');
        }
      }
      failures.push(`${o.key}: ${lastError}`);
      return { ...common, size: o.size, etag: o.etag, error: lastError };
    });
  };

  try {
    for await (const page of listObjects(api, opts.allVersions)) {
      // Paths are handed out in listing order (deterministic across reruns), then downloaded concurrently.
      const entries = await Promise.all(page.map((o) => saveOne(o)));
      for (const e of entries) await writeLine(e);
    }
    await new Promise<void>((resolve, reject) => index.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    index.destroy();
    await rm(indexTemp, { force: true });
    if (isFileSystemError(err)) throw fileSystemError(err, ctx.dir.absolute(indexPath), 'cannot write the backup');
    throw err;
  }
  await ctx.dir.commit(indexTemp, indexPath);
  return {
    files: [{ path: indexPath, bytes: indexBytes, sha256: indexHash.digest('hex') }],
    summary: {
      index: indexPath,
      folder,
      versions: opts.allVersions ? 'all' : 'current',
      objects,
      bytes,
      deleteMarkers,
      failed: failures.length,
    },
    failures,
  };
}
