/**
 * The sandbox's OSS: every request that is not RPC lands here. Order of checks, as the
 * real service answers: signature (anonymous → AccessDenied, unknown key →
 * InvalidAccessKeyId, wrong → SignatureDoesNotMatch), then the bucket (NoSuchBucket), then
 * the endpoint it was addressed through (AccessDenied naming the right endpoint), then the
 * operation itself. Injected faults (throttling, 5xx, dropped connections) strike after the
 * signature is verified, as on RPC, spelled the OSS way (./faults.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FaultDecision, FaultDialect } from '../faults.js';
import { SandboxApiError, type World } from '../framework.js';
import { OSS_FAULT_DIALECT } from './faults.js';
import { listBuckets, routeOperation, type OssResponse } from './handler.js';
import { parseOssAddress, type OssAddress } from './request.js';
import { verifyOssSignature } from './signature.js';
import { seedOss } from './scenario.js';
import { OssState } from './state.js';
import { OssApiError, errorDocument, errorEc } from './xml.js';

export interface OssRequestLogEntry {
  readonly product: 'oss';
  readonly action: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly accessKeyId?: string;
  readonly status: number;
  readonly code?: string;
}

export interface OssRequestContext {
  readonly world: World;
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly requestId: string;
  readonly log: (entry: OssRequestLogEntry) => void;
  /** The injected fault for this request (the sandbox's FaultInjector); none: every request passes. */
  readonly fault?: (action: string, dialect: FaultDialect) => FaultDecision;
}

/** The world's OSS slice. */
export function ossState(world: World): OssState {
  return world.slice('oss', () => new OssState(world.accountId));
}

export function handleOssRequest(req: IncomingMessage, res: ServerResponse, body: Buffer, ctx: OssRequestContext): void {
  let action = 'Unknown';
  let address: OssAddress | undefined;
  let accessKeyId: string | undefined;
  let response: OssResponse;
  let code: string | undefined;
  try {
    address = parseOssAddress(req);
    // Routing is pure, so even a refused request is logged under the action it asked for.
    const operation = address.bucket === '' ? undefined : routeOperation(address);
    action = address.bucket === '' ? 'ListBuckets' : (operation?.action ?? `${address.method} ${address.key === '' ? 'bucket' : 'object'}`);
    const caller = verifyOssSignature({ ...address, headers: req.headers }, ctx.lookupSecret);
    accessKeyId = caller.accessKeyId;
    const fate = ctx.fault?.(action, OSS_FAULT_DIALECT) ?? { kind: 'pass' };
    if (fate.kind === 'drop') {
      ctx.log({ product: 'oss', action, ...requestNames(address), accessKeyId, status: 0, code: 'ConnectionDropped' });
      req.socket.destroy();
      return;
    }
    if (fate.kind === 'error') throw fate.error;
    const state = ossState(ctx.world);
    if (address.bucket === '') {
      if (address.method !== 'GET') throw methodNotAllowed();
      response = listBuckets(state, address.query);
    } else {
      const bucket = state.requireBucket(address.bucket);
      const addressedRegion = address.hostRegion ?? caller.signedRegion;
      if (addressedRegion !== undefined && addressedRegion !== bucket.region)
        throw new OssApiError(
          403,
          'AccessDenied',
          'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
          { Bucket: bucket.name, Endpoint: `oss-${bucket.region}.aliyuncs.com` },
        );
      if (!operation)
        throw new OssApiError(501, 'NotImplemented', 'The sandbox does not emulate this OSS operation.', { Method: address.method });
      response = operation.run({ world: ctx.world, state, address, bucket, headers: req.headers, body });
    }
  } catch (error) {
    if (!(error instanceof SandboxApiError)) throw error;
    code = error.code;
    response = {
      status: error.status,
      body: errorDocument(error, ctx.requestId, address?.host ?? ''),
      headers: { ...(error instanceof OssApiError ? error.headers : {}), 'x-oss-ec': errorEc(error.code) },
    };
  }
  writeResponse(res, response, ctx.requestId, address?.method === 'HEAD');
  ctx.log({
    product: 'oss',
    action,
    ...(address ? requestNames(address) : {}),
    ...(accessKeyId ? { accessKeyId } : {}),
    status: response.status,
    ...(code ? { code } : {}),
  });
}

/** The bucket and object a request names, for the log. */
function requestNames(address: OssAddress): { bucket?: string; key?: string } {
  return { ...(address.bucket !== '' ? { bucket: address.bucket } : {}), ...(address.key !== '' ? { key: address.key } : {}) };
}

function writeResponse(res: ServerResponse, response: OssResponse, requestId: string, isHead: boolean): void {
  const body = response.body === undefined ? undefined : Buffer.from(response.body, 'utf8');
  res.statusCode = response.status;
  res.setHeader('Server', 'AliyunOSS');
  res.setHeader('Date', new Date().toUTCString());
  res.setHeader('x-oss-request-id', requestId);
  if (body) res.setHeader('Content-Type', 'application/xml');
  for (const [name, value] of Object.entries(response.headers ?? {})) if (value !== '') res.setHeader(name, value);
  if (response.stream) {
    // An object: HEAD sends its length without the bytes; GET streams them with backpressure.
    res.setHeader('Content-Length', response.stream.length);
    if (isHead) res.end();
    else Readable.from(response.stream.chunks()).pipe(res);
    return;
  }
  res.setHeader('Content-Length', body && !isHead ? body.length : 0);
  res.end(body && !isHead ? body : undefined);
}

function methodNotAllowed(): OssApiError {
  return new OssApiError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
}

/** Scenario seeding and the admin view for the `oss` section. */
export const ossProduct = {
  product: 'oss',
  seed(world: World, scenario: Readonly<Record<string, unknown>>): void {
    seedOss(world, ossState(world), scenario.oss);
  },
  dump(world: World): unknown {
    return {
      buckets: ossState(world).buckets.map((b) => ({
        name: b.name,
        region: b.region,
        location: `oss-${b.region}`,
        versioning: b.versioning ?? 'Disabled',
        worm: b.worm ? { wormId: b.worm.wormId, state: b.worm.state, days: b.worm.days } : null,
        stat: b.stat(),
        multipartUploads: b.uploads.map((u) => ({ key: u.key, uploadId: u.uploadId })),
        liveChannels: b.channels.map((c) => c.name),
        tags: b.tags,
      })),
    };
  },
} as const;

export { OssState } from './state.js';
