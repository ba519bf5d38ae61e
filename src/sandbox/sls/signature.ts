/**
 * Simple Log Service's own request signature, verified as the official SDK computes it
 * (@alicloud/gateway-sls `getAuthorization`/`getSignature`, signature version v1, the SDK's
 * default; SLS API docs "Request signatures"):
 *
 *   Authorization: LOG <AccessKeyId>:<Signature>
 *   StringToSign  = VERB \n CONTENT-MD5 \n CONTENT-TYPE \n DATE \n
 *                   each `x-log-*` / `x-acs-*` header as `name:value\n`, sorted by name,
 *                   then the path and the query parameters sorted by name, `?k=v&k=v`,
 *                   values as they were before URL encoding
 *   Signature     = base64(HMAC-SHA256(secret, StringToSign))  (x-log-signaturemethod: hmac-sha256)
 *
 * Errors (SLS common error codes, https://www.alibabacloud.com/help/en/sls/developer-reference/error-codes):
 * 401 `Unauthorized` "AccessKeyId not found: <id>" for an unknown or inactive key, 401
 * `SignatureNotMatch` "Signature <signature> not matched.", 400 `ParameterInvalid` for a
 * malformed `authorization`, 400 `MissingAPIVersion` / `MissingDate` for missing headers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SandboxApiError } from '../framework.js';

export interface SignedSlsRequest {
  readonly method: string;
  readonly pathname: string;
  readonly headers: IncomingHttpHeaders;
  /** Query parameters, decoded. */
  readonly query: Readonly<Record<string, string>>;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

export function slsStringToSign(req: SignedSlsRequest): string {
  const h = req.headers;
  const signedHeaders = Object.keys(h)
    .filter((name) => name.includes('x-log-') || name.includes('x-acs-'))
    .sort()
    .map((name) => `${name}:${headerValue(h, name)}\n`)
    .join('');
  const query = Object.keys(req.query)
    .sort()
    .map((k) => `${k}=${req.query[k] ?? ''}`)
    .join('&');
  const resource = query ? `${req.pathname}?${query}` : req.pathname;
  return `${req.method}\n${headerValue(h, 'content-md5')}\n${headerValue(h, 'content-type')}\n${headerValue(h, 'date')}\n${signedHeaders}${resource}`;
}

/** Verifies the request's signature; returns the AccessKey id that signed it. */
export function verifySlsSignature(req: SignedSlsRequest, lookupSecret: (accessKeyId: string) => string | undefined): string {
  if (headerValue(req.headers, 'x-log-apiversion') === '')
    throw new SandboxApiError(400, 'MissingAPIVersion', 'x-log-apiversion does not exist in http header');
  if (headerValue(req.headers, 'date') === '') throw new SandboxApiError(400, 'MissingDate', 'Date does not exist in http header');
  const authorization = headerValue(req.headers, 'authorization');
  const m = /^LOG ([^:]+):(.+)$/.exec(authorization);
  if (!m) throw new SandboxApiError(400, 'ParameterInvalid', `Http extend authorization : ${authorization} pair is invalid.`);
  const [, accessKeyId = '', signature = ''] = m;
  const secret = lookupSecret(accessKeyId);
  if (secret === undefined) throw new SandboxApiError(401, 'Unauthorized', `AccessKeyId not found: ${accessKeyId}`);
  const method = headerValue(req.headers, 'x-log-signaturemethod') === 'hmac-sha1' ? 'sha1' : 'sha256';
  const expected = createHmac(method, secret).update(slsStringToSign(req), 'utf8').digest('base64');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b))
    throw new SandboxApiError(401, 'SignatureNotMatch', `Signature ${signature} not matched.`);
  return accessKeyId;
}
