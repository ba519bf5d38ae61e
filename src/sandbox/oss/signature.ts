/**
 * OSS request authentication, verified exactly as ali-oss 6.23 signs
 * (node_modules/ali-oss/lib/common/signUtils.js):
 *
 * - v1 `Authorization: OSS <AccessKeyId>:<base64(HMAC-SHA1(secret, StringToSign))>` with
 *   StringToSign = VERB, Content-MD5, Content-Type, Date (x-oss-date when sent), the sorted
 *   `x-oss-*` headers, then the canonical resource `/bucket/key` plus the signed
 *   sub-resources (only those in OSS's list; `max-keys`, `marker`, `prefix`... are not signed).
 * - v4 `Authorization: OSS4-HMAC-SHA256 Credential=<AK>/<yyyymmdd>/<region>/oss/aliyun_v4_request,
 *   [AdditionalHeaders=a;b,]Signature=<hex>`: canonical request over the URI-encoded
 *   `/bucket/key`, every query parameter, Content-Type/Content-MD5/x-oss-* plus the
 *   additional headers, and x-oss-content-sha256; the key is derived from
 *   `"aliyun_v4" + secret` over date, region, `oss`, `aliyun_v4_request`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SandboxApiError } from '../framework.js';
import type { QueryParam } from './request.js';

/**
 * Query parameters that are part of the v1 canonical resource (aliyun-oss-python-sdk,
 * oss2/auth.py `ProviderAuth._subresource_key_set`, which mirrors the server's list).
 */
const V1_SIGNED_SUBRESOURCES = new Set([
  'response-content-type',
  'response-content-language',
  'response-cache-control',
  'logging',
  'response-content-encoding',
  'acl',
  'uploadId',
  'uploads',
  'partNumber',
  'group',
  'link',
  'delete',
  'website',
  'location',
  'objectInfo',
  'objectMeta',
  'response-expires',
  'response-content-disposition',
  'cors',
  'lifecycle',
  'restore',
  'qos',
  'referer',
  'stat',
  'bucketInfo',
  'append',
  'position',
  'security-token',
  'live',
  'comp',
  'status',
  'vod',
  'startTime',
  'endTime',
  'x-oss-process',
  'symlink',
  'callback',
  'callback-var',
  'tagging',
  'encryption',
  'versions',
  'versioning',
  'versionId',
  'policy',
  'requestPayment',
  'x-oss-traffic-limit',
  'qosInfo',
  'asyncFetch',
  'x-oss-request-payer',
  'sequential',
  'inventory',
  'inventoryId',
  'continuation-token',
  'worm',
  'wormId',
  'wormExtend',
  'replication',
  'replicationLocation',
  'replicationProgress',
  'transferAcceleration',
]);

export interface SignedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  /** '' for ListBuckets. */
  readonly bucket: string;
  /** Decoded object key, '' for bucket-level calls. */
  readonly key: string;
  readonly query: readonly QueryParam[];
}

export interface VerifiedCaller {
  readonly accessKeyId: string;
  /** The region named in a v4 credential scope, e.g. `cn-hangzhou`. */
  readonly signedRegion?: string;
}

const V1_PATTERN = /^OSS ([^:\s]+):(\S+)$/;
const V4_PATTERN =
  /^OSS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aliyun_v4_request\s*,\s*(?:AdditionalHeaders=([^,\s]*)\s*,\s*)?Signature=([0-9a-f]+)\s*$/;

/** Returns the verified caller, or throws the error OSS answers with. */
export function verifyOssSignature(request: SignedRequest, lookupSecret: (accessKeyId: string) => string | undefined): VerifiedCaller {
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined || authorization === '')
    throw new SandboxApiError(403, 'AccessDenied', 'AccessDenied: Anonymous access is forbidden for this operation.');
  const v1 = V1_PATTERN.exec(authorization);
  if (v1) return verifyV1(request, v1[1] as string, v1[2] as string, lookupSecret);
  const v4 = V4_PATTERN.exec(authorization);
  if (v4) {
    const [, accessKeyId, date, region, product, additional, signature] = v4 as unknown as [
      string,
      string,
      string,
      string,
      string,
      string | undefined,
      string,
    ];
    return verifyV4(request, { accessKeyId, date, region, product, additional: additional ?? '', signature }, lookupSecret);
  }
  throw new SandboxApiError(400, 'InvalidArgument', 'Authorization header is invalid.');
}

function secretFor(accessKeyId: string, lookupSecret: (id: string) => string | undefined): string {
  const secret = lookupSecret(accessKeyId);
  if (secret === undefined)
    throw new SandboxApiError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.');
  return secret;
}

function verifyV1(
  request: SignedRequest,
  accessKeyId: string,
  signature: string,
  lookupSecret: (id: string) => string | undefined,
): VerifiedCaller {
  const secret = secretFor(accessKeyId, lookupSecret);
  const stringToSign = v1StringToSign(request);
  const expected = createHmac('sha1', secret).update(Buffer.from(stringToSign, 'utf8')).digest('base64');
  if (!sameText(expected, signature)) throw signatureMismatch();
  return { accessKeyId };
}

export function v1StringToSign(request: SignedRequest): string {
  const h = request.headers;
  const ossHeaders = Object.keys(h)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => `${name}:${(headerValue(h, name) ?? '').trim()}`);
  const subresources = request.query
    .filter((p) => V1_SIGNED_SUBRESOURCES.has(p.name))
    .sort((a, b) => compareText(a.name, b.name))
    .map((p) => (p.value === '' ? p.name : `${p.name}=${p.value}`));
  const resource =
    (request.bucket === '' ? '/' : `/${request.bucket}/${request.key}`) + (subresources.length > 0 ? `?${subresources.join('&')}` : '');
  return [
    request.method.toUpperCase(),
    headerValue(h, 'content-md5') ?? '',
    headerValue(h, 'content-type') ?? '',
    headerValue(h, 'x-oss-date') ?? headerValue(h, 'date') ?? '',
    ...ossHeaders,
    resource,
  ].join('\n');
}

interface V4Credential {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly product: string;
  readonly additional: string;
  readonly signature: string;
}

function verifyV4(request: SignedRequest, credential: V4Credential, lookupSecret: (id: string) => string | undefined): VerifiedCaller {
  const secret = secretFor(credential.accessKeyId, lookupSecret);
  const requestDate = headerValue(request.headers, 'x-oss-date') ?? '';
  if (credential.product !== 'oss' || !requestDate.startsWith(credential.date)) throw signatureMismatch();
  const additional = credential.additional === '' ? [] : credential.additional.split(';');
  const canonicalRequest = v4CanonicalRequest(request, additional);
  const stringToSign = [
    'OSS4-HMAC-SHA256',
    requestDate,
    `${credential.date}/${credential.region}/oss/aliyun_v4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signingDate = createHmac('sha256', `aliyun_v4${secret}`).update(credential.date).digest();
  const signingRegion = createHmac('sha256', signingDate).update(credential.region).digest();
  const signingProduct = createHmac('sha256', signingRegion).update('oss').digest();
  const signingKey = createHmac('sha256', signingProduct).update('aliyun_v4_request').digest();
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  if (!sameText(expected, credential.signature)) throw signatureMismatch();
  return { accessKeyId: credential.accessKeyId, signedRegion: credential.region };
}

export function v4CanonicalRequest(request: SignedRequest, additionalHeaders: readonly string[]): string {
  const h = request.headers;
  const uri = encodeOss(`/${request.bucket === '' ? '' : `${request.bucket}/`}${request.key}`).replace(/%2F/g, '/');
  // An empty value is written as the bare key (`versions`, `delete`), as ali-oss does.
  const query = request.query
    .map((p) => ({ name: encodeOss(p.name), value: p.value === '' ? '' : encodeOss(p.value) }))
    .sort((a, b) => compareText(a.name, b.name))
    .map((p) => (p.value === '' ? p.name : `${p.name}=${p.value}`))
    .join('&');
  const signedNames = new Set(additionalHeaders.map((n) => n.toLowerCase()));
  for (const name of Object.keys(h))
    if (name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-')) signedNames.add(name);
  const canonicalHeaders = [...signedNames]
    .sort()
    .map((name) => `${name}:${(headerValue(h, name) ?? '').trim()}\n`)
    .join('');
  return [
    request.method.toUpperCase(),
    uri,
    query,
    canonicalHeaders,
    additionalHeaders.join(';'),
    headerValue(h, 'x-oss-content-sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
}

/** encodeURIComponent plus `!'()*`, the encoding of the v4 canonical request. */
function encodeOss(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function signatureMismatch(): SandboxApiError {
  return new SandboxApiError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
}
