/**
 * Calls a running sandbox the way the tool does: the generic OpenAPI call of
 * @alicloud/openapi-core (products without an npm SDK: SLB, Domain, Resource Center), or a
 * product SDK's own `callApi` to read the raw JSON body that its response model parses.
 */
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import demoAccount from '../../../src/sandbox/scenarios/demo/account.js';
import demoAlidns from '../../../src/sandbox/scenarios/demo/alidns.js';
import demoBss from '../../../src/sandbox/scenarios/demo/bss.js';
import demoDomain from '../../../src/sandbox/scenarios/demo/domain.js';
import demoRam from '../../../src/sandbox/scenarios/demo/ram.js';
import demoRds from '../../../src/sandbox/scenarios/demo/rds.js';
import demoResourceCenter from '../../../src/sandbox/scenarios/demo/resourcecenter.js';
import demoSlb from '../../../src/sandbox/scenarios/demo/slb.js';

/**
 * The demo sections of these products with the account and its keys, as scenario data (the
 * built-in 'demo' gains each section when the scenario loader imports it).
 */
export function demoScenario(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...demoAccount,
    ...demoRam,
    ...demoSlb,
    ...demoRds,
    ...demoAlidns,
    ...demoDomain,
    ...demoBss,
    ...demoResourceCenter,
    ...overrides,
  };
}

export interface RawRpcClient {
  callApi(params: $OpenApiUtil.Params, request: $OpenApiUtil.OpenApiRequest, runtime: $dara.RuntimeOptions): Promise<{ body?: unknown }>;
}

export function sdkConfig(sb: RunningSandbox, regionId = 'cn-hangzhou'): $OpenApiUtil.Config {
  return new $OpenApiUtil.Config({
    accessKeyId: sb.callerAccessKey.id,
    accessKeySecret: sb.callerAccessKey.secret,
    endpoint: `127.0.0.1:${sb.port}`,
    protocol: 'http',
    regionId,
  });
}

/**
 * Node's ESM import gives `module.exports` (the class is its `default`), vitest's loader the
 * class itself: accept both.
 */
export function sdkClass<T>(imported: unknown): new (config: $OpenApiUtil.Config) => T {
  const inner = (imported as { default?: unknown }).default;
  return (typeof inner === 'function' ? inner : imported) as new (config: $OpenApiUtil.Config) => T;
}

export function genericClient(sb: RunningSandbox): RawRpcClient {
  return new (sdkClass<RawRpcClient>(OpenApi))(sdkConfig(sb));
}

export async function rpcBody(
  client: RawRpcClient,
  version: string,
  action: string,
  query: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const res = await client.callApi(
    new $OpenApiUtil.Params({
      action,
      version,
      protocol: 'HTTP',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      pathname: '/',
      reqBodyType: 'json',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({ query }),
    new $dara.RuntimeOptions({}),
  );
  return (res.body ?? {}) as Record<string, unknown>;
}

/** The SDK error a refused call throws: code and HTTP status as the tool sees them. */
export async function refusal(p: Promise<unknown>): Promise<{ code: string; statusCode: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: unknown; statusCode?: unknown };
    return { code: String(err.code), statusCode: Number(err.statusCode) };
  }
  throw new Error('the call was expected to be refused');
}
