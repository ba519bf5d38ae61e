/**
 * Verifies RPC request signatures exactly as the official SDKs compute them
 * (@alicloud/openapi-core dist/utils.js `getAuthorization` and `getRPCSignature`):
 *
 * - ACS3-HMAC-SHA256 (the SDKs' default): header
 *   `authorization: ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<a;b>,Signature=<hex>`.
 *   CanonicalRequest = METHOD \n path \n sorted `k=enc(v)` (keys not encoded) \n
 *   each signed header `name:trim(value)\n` \n signed names joined by `;` \n hex(sha256(body));
 *   StringToSign = `ACS3-HMAC-SHA256\n` + hex(sha256(CanonicalRequest));
 *   Signature = hex(HMAC-SHA256(secret, StringToSign)).
 * - RPC v1 (`signatureAlgorithm: 'v2'` in the SDK Config): query `SignatureMethod=HMAC-SHA1`,
 *   `AccessKeyId`, `Signature`; StringToSign = `METHOD&%2F&` + enc(sorted `enc(k)=enc(v)`
 *   over query and form body, joined by `&`); Signature = base64(HMAC-SHA1(secret + '&')).
 *
 * Keys come from the RAM slice, so a key deleted or disabled through RAM stops working.
 * Codes, per Alibaba Cloud's common (gateway) error codes: unknown key
 * `InvalidAccessKeyId.NotFound` (404), disabled key `InvalidAccessKeyId.Inactive` (400),
 * wrong signature `SignatureDoesNotMatch` (400), malformed `IncompleteSignature` (400),
 * replayed nonce `SignatureNonceUsed` (400).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SandboxApiError, type World } from './framework.js';
import { findAccessKey } from './products/ram/state.js';
import { findTemporaryKey } from './products/sts.js';

export interface SignedRpcRequest {
  readonly method: string;
  /** The request path without the query string, as received. */
  readonly pathname: string;
  readonly headers: IncomingHttpHeaders;
  /** Query parameters, decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Form-body parameters, decoded (v1 signs them together with the query). */
  readonly form: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The secret of an active AccessKey, for every protocol's verifier (the OSS handler too). */
export function lookupSecret(world: World, accessKeyId: string): string | undefined {
  const key = findAccessKey(world, accessKeyId);
  if (key) return key.status === 'Active' ? key.secret : undefined;
  return findTemporaryKey(world, accessKeyId)?.secret;
}

/** `encodeURIComponent` plus `!'()*`, as the SDK's `encode`. */
export function acsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

function secretFor(world: World, accessKeyId: string): string {
  const temporary = findTemporaryKey(world, accessKeyId);
  if (temporary) return temporary.secret;
  const key = findAccessKey(world, accessKeyId);
  if (!key) throw new SandboxApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (key.status !== 'Active') throw new SandboxApiError(400, 'InvalidAccessKeyId.Inactive', 'Specified access key is disabled.');
  return key.secret;
}

const incomplete = (why: string) =>
  new SandboxApiError(400, 'IncompleteSignature', `The request signature does not conform to Aliyun standards: ${why}.`);

export function acs3StringToSign(req: SignedRpcRequest, signedHeaders: readonly string[]): string {
  const canonicalQuery = Object.keys(req.query)
    .sort()
    .map((k) => `${k}=${acsEncode(req.query[k] ?? '')}`)
    .join('&');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValue(req.headers, h).trim()}\n`).join('');
  const payloadHash = createHash('sha256').update(req.body).digest('hex');
  const canonicalRequest = [req.method, req.pathname, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
  return `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
}

export function rpcV1StringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${acsEncode(k)}=${acsEncode(params[k] ?? '')}`)
    .join('&');
  return `${method}&${acsEncode('/')}&${acsEncode(canonical)}`;
}

function verifyAcs3(world: World, req: SignedRpcRequest, authorization: string): string {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]*),Signature=([0-9a-f]+)$/.exec(authorization.trim());
  if (!m) throw incomplete('the authorization header is not ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...');
  const [, accessKeyId = '', signedList = '', signature = ''] = m;
  const signedHeaders = signedList.split(';').filter((h) => h !== '');
  // The SDK always signs host and every x-acs-* header; a request that leaves the action or
  // the body hash unsigned could be altered in flight, so the real gateway refuses it.
  for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-content-sha256'])
    if (!signedHeaders.includes(required)) throw incomplete(`header ${required} is not signed`);
  const secret = secretFor(world, accessKeyId);
  const expected = createHmac('sha256', secret).update(acs3StringToSign(req, signedHeaders)).digest('hex');
  if (!sameText(expected, signature)) throw signatureMismatch();
  return accessKeyId;
}

function verifyRpcV1(world: World, req: SignedRpcRequest): string {
  const params = { ...req.form, ...req.query };
  const accessKeyId = params.AccessKeyId;
  const signature = params.Signature;
  if (!accessKeyId) throw incomplete('AccessKeyId is missing');
  if (!signature) throw incomplete('Signature is missing');
  if (params.SignatureMethod !== 'HMAC-SHA1') throw incomplete(`SignatureMethod ${params.SignatureMethod ?? '(none)'} is not supported`);
  const secret = secretFor(world, accessKeyId);
  const expected = createHmac('sha1', `${secret}&`).update(rpcV1StringToSign(req.method, params)).digest('base64');
  if (!sameText(expected, signature)) throw signatureMismatch();
  return accessKeyId;
}

function signatureMismatch(): SandboxApiError {
  return new SandboxApiError(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.');
}

/** Nonces already used; the real gateway refuses a replayed nonce within 15 minutes. */
class NonceRegistry {
  private readonly seen = new Set<string>();
  use(nonce: string): void {
    if (this.seen.has(nonce)) throw new SandboxApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.seen.add(nonce);
  }
}

/** Verifies the request's signature and returns the AccessKey id that signed it. */
/**
 * A temporary key (STS AssumeRole) is only good with its SecurityToken: the
 * `x-acs-security-token` header, or the `SecurityToken` parameter in RPC v1 (STS common errors,
 * help/doc-detail/42775: MissingSecurityToken). The code for a wrong token,
 * InvalidSecurityToken.MismatchWithAccessKey, is UNCONFIRMED.
 */
function verifySecurityToken(world: World, req: SignedRpcRequest, accessKeyId: string): void {
  const temporary = findTemporaryKey(world, accessKeyId);
  if (!temporary) return;
  const token = headerValue(req.headers, 'x-acs-security-token') || req.query.SecurityToken || req.form.SecurityToken || '';
  if (token === '') throw new SandboxApiError(400, 'MissingSecurityToken', 'SecurityToken is mandatory for this action.');
  if (!sameText(token, temporary.securityToken))
    throw new SandboxApiError(
      400,
      'InvalidSecurityToken.MismatchWithAccessKey',
      'The security token you provided does not match the AccessKeyId.',
    );
}

export function verifyRpcSignature(world: World, req: SignedRpcRequest): string {
  const authorization = headerValue(req.headers, 'authorization');
  const accessKeyId = authorization !== '' ? verifyAcs3(world, req, authorization) : verifyRpcV1(world, req);
  verifySecurityToken(world, req, accessKeyId);
  const nonce = headerValue(req.headers, 'x-acs-signature-nonce') || req.query.SignatureNonce || req.form.SignatureNonce;
  if (nonce) world.slice('signature-nonces', () => new NonceRegistry()).use(nonce);
  return accessKeyId;
}
