/**
 * A bare loopback HTTP server calling the OSS handler with a static key map, and real
 * ali-oss clients pointed at it (IP endpoint → bucket in the Host header; `localhost` +
 * sldEnable → path style; optionally signature v4).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OSS from 'ali-oss';
import type { FaultInjector } from '../../../src/sandbox/faults.js';
import { World } from '../../../src/sandbox/framework.js';
import { handleOssRequest, ossProduct, ossState, type OssRequestLogEntry } from '../../../src/sandbox/oss/index.js';

export const ACCESS_KEY_ID = 'LTAI5tOssSandboxTest01';
export const ACCESS_KEY_SECRET = 'ossSandboxTestSecret000000000000';
const KEYS: Readonly<Record<string, string>> = { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET };

export interface OssTestServer {
  readonly port: number;
  readonly world: World;
  readonly log: OssRequestLogEntry[];
  close(): Promise<void>;
}

/** `faults`: an injector consulted the way the sandbox server does (sandbox time, OSS dialect). */
export async function startOssServer(oss: unknown, faults?: FaultInjector): Promise<OssTestServer> {
  const world = new World('1234567890123456', 1000, 'oss-test');
  ossProduct.seed(world, { oss });
  const log: OssRequestLogEntry[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handleOssRequest(req, res, Buffer.concat(chunks), {
        world,
        lookupSecret: (id) => KEYS[id],
        requestId: world.requestId(),
        log: (entry) => log.push(entry),
        ...(faults ? { fault: (action, dialect) => faults.decide(action, world.now(), dialect) } : {}),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    world,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

export { ossState };

// ---- ali-oss, typed by what 6.23 really returns (its @types lag behind) -------------------

export interface OssError extends Error {
  code: string;
  status: number;
  requestId?: string;
  ecCode?: string;
}

export interface VersionEntry {
  name: string;
  versionId: string;
  isLatest?: boolean;
  size?: number;
  owner: { id: string; displayName: string };
}

export interface OssClient {
  listBuckets(query?: Record<string, string | number> | null): Promise<{
    buckets: Array<{ name: string; region: string; creationDate: string }> | null;
    owner: { id: string; displayName: string };
    isTruncated: boolean;
    nextMarker: string | null;
  }>;
  getBucketInfo(name: string): Promise<{ bucket: Record<string, unknown> }>;
  getBucketStat(name: string): Promise<{ stat: Record<string, string> }>;
  getBucketTags(name: string): Promise<{ tag: Record<string, string> }>;
  getBucketWorm(name: string): Promise<{ wormId: string; state: string; days: string; creationDate: string; expirationDate?: string }>;
  abortBucketWorm(name: string): Promise<{ status: number; res: { data: Buffer } }>;
  getBucketVersioning(name: string): Promise<{ versionStatus: string | undefined }>;
  list(
    query: Record<string, string | number> | null,
    options?: object,
  ): Promise<{
    objects: Array<{ name: string; size: number; owner: { id: string } }>;
    prefixes: string[] | null;
    isTruncated: boolean;
    nextMarker: string | null;
  }>;
  listV2(
    query: Record<string, string | number>,
    options?: object,
  ): Promise<{
    objects: Array<{ name: string; size: number; owner: { id: string } | null }>;
    prefixes: string[] | null;
    isTruncated: boolean;
    keyCount: number;
    nextContinuationToken: string | null;
  }>;
  getBucketVersions(
    query: Record<string, string | number>,
    options?: object,
  ): Promise<{
    objects: VersionEntry[];
    deleteMarker: VersionEntry[];
    isTruncated: boolean;
    nextKeyMarker: string | null;
    nextVersionIdMarker: string | null;
  }>;
  deleteMulti(
    names: Array<string | { key: string; versionId?: string }>,
    options?: { quiet?: boolean },
  ): Promise<{ deleted: Array<{ Key: string; VersionId?: string; DeleteMarker?: string; DeleteMarkerVersionId?: string }> }>;
  delete(name: string, options?: { versionId?: string }): Promise<{ res: { status: number; headers: Record<string, string> } }>;
  listUploads(query: Record<string, string | number>): Promise<{
    uploads: Array<{ name: string; uploadId: string; initiated: string }>;
    isTruncated: boolean;
    nextKeyMarker: string;
    nextUploadIdMarker: string;
  }>;
  abortMultipartUpload(name: string, uploadId: string): Promise<{ res: { status: number } }>;
  listChannels(query: Record<string, string | number>): Promise<{
    channels: Array<{ Name: string; Status: string; PublishUrls: string[]; PlayUrls: string[] }>;
    isTruncated: boolean;
    nextMarker: string | null;
  }>;
  deleteChannel(name: string): Promise<{ res: { status: number } }>;
  deleteBucket(name: string): Promise<{ res: { status: number } }>;
}

export interface ClientOptions {
  readonly bucket?: string;
  /** ali-oss region, `oss-cn-hangzhou` by default. */
  readonly region?: string;
  /** `ip`: endpoint 127.0.0.1, bucket in the Host; `path`: localhost + sldEnable. */
  readonly style?: 'ip' | 'path';
  readonly v4?: boolean;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
}

export function ossClient(server: Pick<OssTestServer, 'port'>, opts: ClientOptions = {}): OssClient {
  const style = opts.style ?? 'ip';
  const options: OSS.Options & { sldEnable?: boolean; authorizationV4?: boolean } = {
    region: opts.region ?? 'oss-cn-hangzhou',
    accessKeyId: opts.accessKeyId ?? ACCESS_KEY_ID,
    accessKeySecret: opts.accessKeySecret ?? ACCESS_KEY_SECRET,
    endpoint: style === 'ip' ? `http://127.0.0.1:${server.port}` : `http://localhost:${server.port}`,
    ...(opts.bucket ? { bucket: opts.bucket } : {}),
    ...(style === 'path' ? { sldEnable: true } : {}),
    ...(opts.v4 ? { authorizationV4: true } : {}),
  };
  return new OSS(options) as unknown as OssClient;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function ossError(promise: Promise<unknown>): Promise<OssError> {
  try {
    await promise;
  } catch (error) {
    return error as OssError;
  }
  throw new Error('expected the call to fail');
}
