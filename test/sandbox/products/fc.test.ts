// Function Compute 3.0, a ROA product, against a running sandbox: through its official SDK
// (@alicloud/fc20230330, which signs ROA requests with ACS3 over the path), each response body
// checked against the SDK model, and every route held to the official metadata.
import Fc, * as $Fc from '@alicloud/fc20230330';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { productMetadata } from '../../../src/sandbox/metadata/index.js';
import { fcProduct } from '../../../src/sandbox/products/fc.js';
import { resetSandbox } from '../admin-client.js';
import { assertWireKeysMatchModel } from '../sdk-model.js';
import { demoScenario, refusal, sdkClass, sdkConfig, type RawRpcClient } from './sandbox-rpc.js';

type FcClient = InstanceType<typeof Fc.default>;

const scenario = (): Record<string, unknown> => ({
  ...demoScenario(),
  fc: {
    functions: [
      { name: 'api', region: 'cn-hangzhou', triggers: ['nightly', 'oss-upload'], tags: { env: 'prod' } },
      { name: 'svc$legacy', region: 'cn-hangzhou', runtime: 'python3.10' },
      { name: 'worker', region: 'cn-hangzhou', vpcId: 'vpc-1', vSwitchIds: ['vsw-1'], securityGroupId: 'sg-1' },
      { name: 'far', region: 'cn-shanghai' },
    ],
  },
});

/** A raw ROA call, as the official SDK makes it, for the JSON body before the model reads it. */
async function roaBody(sb: RunningSandbox, method: string, pathname: string, action: string, query: Record<string, string> = {}) {
  const client = new (sdkClass<RawRpcClient>((await import('@alicloud/openapi-core')).default))(sdkConfig(sb));
  const res = await client.callApi(
    new $OpenApiUtil.Params({
      action,
      version: '2023-03-30',
      protocol: 'HTTP',
      method,
      authType: 'AK',
      style: 'ROA',
      pathname,
      reqBodyType: 'json',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({ query }),
    new $dara.RuntimeOptions({}),
  );
  return res.body as Record<string, unknown>;
}

describe('Function Compute 3.0 (ROA) in the sandbox', () => {
  let sb: RunningSandbox;
  let fc: FcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1000 });
    fc = new (sdkClass<FcClient>(Fc))(sdkConfig(sb));
  });
  afterAll(async () => sb?.close());
  beforeEach(async () => resetSandbox(sb));

  it('serves every action at the method and path of the official metadata', () => {
    const routes = productMetadata('fc')?.routes ?? {};
    for (const [action, route] of Object.entries(fcProduct.roa ?? {})) expect(`${route.method} ${route.path}`).toBe(routes[action]);
    expect(Object.keys(fcProduct.roa ?? {}).sort()).toEqual(Object.keys(fcProduct.actions).sort());
  });

  it('ListFunctions pages with limit and nextToken, FC 2.0 functions included, bodies in the SDK model', async () => {
    const first = await fc.listFunctions(new $Fc.ListFunctionsRequest({ limit: 2 }));
    expect(first.statusCode).toBe(200);
    expect(first.body?.functions?.map((f) => f.functionName)).toEqual(['api', 'svc$legacy']);
    expect(first.body?.functions?.[0]?.tags?.map((t) => [t.key, t.value])).toEqual([['env', 'prod']]);
    const second = await fc.listFunctions(new $Fc.ListFunctionsRequest({ limit: 2, nextToken: first.body?.nextToken }));
    expect(second.body?.functions?.map((f) => f.functionName)).toEqual(['worker']);
    expect(second.body?.functions?.[0]?.vpcConfig?.vSwitchIds).toEqual(['vsw-1']);
    expect(second.body?.nextToken).toBeUndefined();
    const raw = await roaBody(sb, 'GET', '/2023-03-30/functions', 'ListFunctions', { limit: '100' });
    assertWireKeysMatchModel($Fc.ListFunctionsOutput, raw);
    // The generic call's RegionId picks the region (the real service names it in the host).
    const shanghai = await roaBody(sb, 'GET', '/2023-03-30/functions', 'ListFunctions', { RegionId: 'cn-shanghai' });
    expect((shanghai.functions as Array<{ functionName: string }>).map((f) => f.functionName)).toEqual(['far']);
  });

  it('GetFunction and ListTriggers answer in the SDK model; an unknown function is FunctionNotFound (404)', async () => {
    const got = await fc.getFunction('api', new $Fc.GetFunctionRequest({}));
    expect(got.body?.functionName).toBe('api');
    assertWireKeysMatchModel($Fc.Function, await roaBody(sb, 'GET', '/2023-03-30/functions/api', 'GetFunction'));
    const triggers = await fc.listTriggers('api', new $Fc.ListTriggersRequest({ limit: 100 }));
    expect(triggers.body?.triggers?.map((t) => t.triggerName)).toEqual(['nightly', 'oss-upload']);
    assertWireKeysMatchModel($Fc.ListTriggersOutput, await roaBody(sb, 'GET', '/2023-03-30/functions/api/triggers', 'ListTriggers'));
    expect(await refusal(fc.getFunction('nope', new $Fc.GetFunctionRequest({})))).toEqual({ code: 'FunctionNotFound', statusCode: 404 });
  });

  it('DeleteFunction refuses a function with triggers (FunctionNotEmpty); after DeleteTrigger it is gone', async () => {
    expect(await refusal(fc.deleteFunction('api'))).toEqual({ code: 'FunctionNotEmpty', statusCode: 400 });
    for (const t of ['nightly', 'oss-upload']) expect((await fc.deleteTrigger('api', t)).statusCode).toBe(204);
    expect(await refusal(fc.deleteTrigger('api', 'nightly'))).toEqual({ code: 'TriggerNotFound', statusCode: 404 });
    expect((await fc.deleteFunction('api')).statusCode).toBe(204);
    expect(await refusal(fc.deleteFunction('api'))).toEqual({ code: 'FunctionNotFound', statusCode: 404 });
    // A name with `$` (an FC 2.0 function) travels percent-encoded, as the SDK signs it.
    expect((await fc.deleteFunction('svc$legacy')).statusCode).toBe(204);
  });

  it('refuses a ROA action at another method or path, like the real gateway', async () => {
    await expect(roaBody(sb, 'POST', '/2023-03-30/functions', 'ListFunctions')).rejects.toMatchObject({ code: 'InvalidAction.NotFound' });
    await expect(roaBody(sb, 'GET', '/2023-03-30/function', 'ListFunctions')).rejects.toMatchObject({ code: 'InvalidAction.NotFound' });
  });

  it('refuses a parameter the metadata does not list, and a wrong signature', async () => {
    await expect(roaBody(sb, 'GET', '/2023-03-30/functions', 'ListFunctions', { maxResults: '5' })).rejects.toMatchObject({
      code: 'InvalidParameter',
    });
    const bad = new (sdkClass<FcClient>(Fc))(new $OpenApiUtil.Config({ ...sdkConfig(sb), accessKeySecret: 'wrong' }));
    expect((await refusal(bad.listFunctions(new $Fc.ListFunctionsRequest({})))).code).toBe('SignatureDoesNotMatch');
  });
});
