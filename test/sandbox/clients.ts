/**
 * Official SDK clients pointed at a running sandbox, signed with explicit keys (never a
 * developer's profile). `signature: 'v1'` switches the SDK to RPC v1 HMAC-SHA1
 * (`signatureAlgorithm: 'v2'` in the SDK Config).
 */
import Ram from '@alicloud/ram20150501';
import Sts from '@alicloud/sts20150401';
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import type { RunningSandbox } from '../../src/sandbox/index.js';

export interface ClientOptions {
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  /** With an STS temporary key. */
  readonly securityToken?: string;
  readonly signature?: 'acs3' | 'v1';
}

// Node's ESM loader hands the CJS SDK packages over as module.exports (class at `.default`);
// vitest's loader may hand over the class itself. Accept both.
type Ctor<T> = new (config: $OpenApiUtil.Config) => T;
function sdkClass<T>(mod: unknown): Ctor<T> {
  const m = mod as { default?: unknown };
  return (typeof m.default === 'function' ? m.default : mod) as Ctor<T>;
}
type RamClient = InstanceType<typeof Ram.default>;
type StsClient = InstanceType<typeof Sts.default>;
type GenericClient = InstanceType<typeof OpenApi.default>;

export function sdkConfig(sb: RunningSandbox, opts: ClientOptions = {}): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    accessKeyId: opts.accessKeyId ?? sb.callerAccessKey.id,
    accessKeySecret: opts.accessKeySecret ?? sb.callerAccessKey.secret,
    ...(opts.securityToken !== undefined ? { securityToken: opts.securityToken } : {}),
    endpoint: `127.0.0.1:${sb.port}`,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    ...(opts.signature === 'v1' ? { signatureAlgorithm: 'v2' } : {}),
  });
}

export function ramClient(sb: RunningSandbox, opts: ClientOptions = {}): RamClient {
  return new (sdkClass<RamClient>(Ram))(sdkConfig(sb, opts));
}

export function stsClient(sb: RunningSandbox, opts: ClientOptions = {}): StsClient {
  return new (sdkClass<StsClient>(Sts))(sdkConfig(sb, opts));
}

/** The generic OpenAPI client, for calls no product SDK makes (odd parameters, unknown actions). */
export function genericClient(sb: RunningSandbox, opts: ClientOptions = {}): GenericClient {
  return new (sdkClass<GenericClient>(OpenApi))(sdkConfig(sb, opts));
}

/** A generic RPC call, e.g. `rpc(sb, 'ram', '2015-05-01', 'ListUsers', {MaxItems: '1'})`. */
export async function rpc(
  sb: RunningSandbox,
  version: string,
  action: string,
  query: Record<string, string>,
  opts: ClientOptions = {},
): Promise<Record<string, unknown>> {
  const client = genericClient(sb, opts);
  const params = new $OpenApiUtil.Params({
    action,
    version,
    protocol: 'HTTP',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    pathname: '/',
    reqBodyType: 'json',
    bodyType: 'json',
  });
  const request = new $OpenApiUtil.OpenApiRequest({ query });
  const runtime = new (await import('@darabonba/typescript')).RuntimeOptions({});
  const res = (await client.callApi(params, request, runtime)) as { body: Record<string, unknown> };
  return res.body;
}

/** The error an SDK call rejects with (code, statusCode, data), or fails the test if it succeeds. */
export async function sdkError(p: Promise<unknown>): Promise<{ code: string; statusCode: number; data: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; statusCode?: number; data?: Record<string, unknown> };
    return { code: String(err.code), statusCode: Number(err.statusCode), data: err.data ?? {} };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
