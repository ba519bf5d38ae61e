// Log Service against a running sandbox, through the official SDK (@alicloud/sls20201230 with
// @alicloud/gateway-sls): its own hosts (`<project>.<region>.localhost:<port>` here), its own signature
// (`LOG <key>:<signature>`), its own error shape; each answer checked against the SDK model.
import Sls, * as $Sls from '@alicloud/sls20201230';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveLocalhostNames } from '../../../src/cloud/localhost-names.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { productMetadata } from '../../../src/sandbox/metadata/index.js';
import { resetSandbox } from '../admin-client.js';
import { assertWireKeysMatchModel } from '../sdk-model.js';
import { demoScenario, sdkClass } from './sandbox-rpc.js';

type SlsClient = InstanceType<typeof Sls.default>;

const scenario = (): Record<string, unknown> => ({
  ...demoScenario(),
  sls: {
    projects: [
      { name: 'web-logs', region: 'cn-hangzhou', description: 'web', logstores: ['access', 'error'], tags: { team: 'web' } },
      { name: 'audit', region: 'cn-hangzhou', logstores: [] },
      { name: 'far-logs', region: 'cn-shanghai', logstores: ['x'] },
    ],
  },
});

function slsClient(sb: RunningSandbox, region = 'cn-hangzhou', secret = sb.callerAccessKey.secret): SlsClient {
  resolveLocalhostNames();
  return new (sdkClass<SlsClient>(Sls))(
    new $OpenApiUtil.Config({
      accessKeyId: sb.callerAccessKey.id,
      accessKeySecret: secret,
      endpoint: `${region}.localhost:${sb.port}`,
      protocol: 'http',
      regionId: region,
    }),
  );
}

/** The raw JSON of one call, as the SDK receives it before its model reads it. */
async function rawBody(
  client: SlsClient,
  action: string,
  method: string,
  pathname: string,
  opts: { project?: string; query?: Record<string, string> } = {},
): Promise<unknown> {
  const res = await (
    client as unknown as {
      execute(p: $OpenApiUtil.Params, r: $OpenApiUtil.OpenApiRequest, rt: $dara.RuntimeOptions): Promise<{ body: unknown }>;
    }
  ).execute(
    new $OpenApiUtil.Params({
      action,
      version: '2020-12-30',
      protocol: 'HTTP',
      method,
      authType: 'AK',
      style: 'ROA',
      pathname,
      reqBodyType: 'json',
      bodyType: 'json',
    }),
    new $OpenApiUtil.OpenApiRequest({
      query: opts.query ?? {},
      headers: {},
      ...(opts.project ? { hostMap: { project: opts.project } } : {}),
    }),
    new $dara.RuntimeOptions({}),
  );
  return res.body;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; message?: string; data?: { statusCode?: number } };
    return { code: err.code ?? '', status: err.data?.statusCode, message: err.message ?? '' };
  }
  throw new Error('expected the call to fail');
}

describe('Log Service in the sandbox', () => {
  let sb: RunningSandbox;
  let sls: SlsClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1000 });
    sls = slsClient(sb);
  });
  afterAll(async () => sb?.close());
  beforeEach(async () => resetSandbox(sb));

  it('lists the projects of the region the host names, paged by offset and size, each as the SDK model reads it', async () => {
    const body = await rawBody(sls, 'ListProject', 'GET', '/', { query: { offset: '0', size: '1' } });
    assertWireKeysMatchModel($Sls.ListProjectResponseBody, body);
    expect(body).toMatchObject({ count: 1, total: 2, projects: [{ projectName: 'audit', region: 'cn-hangzhou' }] });
    const second = await sls.listProject(new $Sls.ListProjectRequest({ offset: 1, size: 1 }));
    expect(second.body?.projects?.map((p) => p.projectName)).toEqual(['web-logs']);
    const shanghai = await slsClient(sb, 'cn-shanghai').listProject(new $Sls.ListProjectRequest({}));
    expect(shanghai.body?.projects?.map((p) => p.projectName)).toEqual(['far-logs']);
  });

  it('reads a project, its Logstores and its tags, at the hosts the SDK addresses', async () => {
    const project = await rawBody(sls, 'GetProject', 'GET', '/', { project: 'web-logs' });
    assertWireKeysMatchModel($Sls.Project, project);
    expect(project).toMatchObject({ projectName: 'web-logs', description: 'web', status: 'Normal' });
    const stores = await rawBody(sls, 'ListLogStores', 'GET', '/logstores', { project: 'web-logs', query: { offset: '0', size: '500' } });
    assertWireKeysMatchModel($Sls.ListLogStoresResponseBody, stores);
    expect(stores).toEqual({ count: 2, total: 2, logstores: ['access', 'error'] });
    const tags = await rawBody(sls, 'ListTagResources', 'GET', '/tags', {
      query: { resourceType: 'project', resourceId: JSON.stringify(['web-logs', 'audit']) },
    });
    assertWireKeysMatchModel($Sls.ListTagResourcesResponseBody, tags);
    const viaSdk = await sls.listTagResources(
      new $Sls.ListTagResourcesRequest({ resourceType: 'project', resourceId: ['web-logs', 'audit'] }),
    );
    expect(viaSdk.body?.tagResources?.map((t) => [t.resourceId, t.tagKey, t.tagValue])).toEqual([['web-logs', 'team', 'web']]);
  });

  it('deletes a project with its Logstores; then it does not exist (404 ProjectNotExist in SLS error shape)', async () => {
    await sls.deleteProject('audit', new $Sls.DeleteProjectRequest({}));
    expect(await refusal(sls.getProject('audit'))).toEqual({
      code: 'ProjectNotExist',
      status: 404,
      message: expect.stringContaining('The Project does not exist : audit') as unknown as string,
    });
    expect(await refusal(sls.deleteProject('audit', new $Sls.DeleteProjectRequest({})))).toMatchObject({
      code: 'ProjectNotExist',
      status: 404,
    });
    const log = sb.requestLog().filter((e) => e.product === 'sls');
    expect(log.map((e) => [e.action, e.status, e.mutating])).toEqual([
      ['DeleteProject', 200, true],
      ['GetProject', 404, false],
      ['DeleteProject', 404, true],
    ]);
  });

  it('verifies the LOG signature: a wrong secret is 401 SignatureNotMatch and changes nothing', async () => {
    const forged = slsClient(sb, 'cn-hangzhou', 'not-the-secret');
    expect(await refusal(forged.deleteProject('audit', new $Sls.DeleteProjectRequest({})))).toMatchObject({
      code: 'SignatureNotMatch',
      status: 401,
    });
    expect((await sls.getProject('audit')).body?.projectName).toBe('audit');
  });

  it('refuses a parameter the metadata does not list, and a host naming no region', async () => {
    await expect(rawBody(sls, 'ListProject', 'GET', '/', { query: { projectname: 'x' } })).rejects.toMatchObject({
      code: 'ParameterInvalid',
    });
    const lost = new (sdkClass<SlsClient>(Sls))(
      new $OpenApiUtil.Config({
        accessKeyId: sb.callerAccessKey.id,
        accessKeySecret: sb.callerAccessKey.secret,
        endpoint: `nowhere.localhost:${sb.port}`,
        protocol: 'http',
      }),
    );
    expect(await refusal(lost.listProject(new $Sls.ListProjectRequest({})))).toMatchObject({ code: 'InvalidHost', status: 400 });
  });

  it('answers a denied action with 401 Unauthorized "denied by sts or ram", naming the RAM action', async () => {
    sb.deny([{ product: 'sls', action: 'ListProject', region: 'cn-hangzhou' }]);
    try {
      const denied = await refusal(sls.listProject(new $Sls.ListProjectRequest({})));
      expect(denied).toMatchObject({ code: 'Unauthorized', status: 401 });
      expect(denied.message).toContain('denied by sts or ram, action: log:ListProject');
    } finally {
      sb.deny([]);
    }
  });

  it('implements only actions and parameters of the official metadata, at its routes', () => {
    const meta = productMetadata('sls');
    expect(meta?.version).toBe('2020-12-30');
    expect(meta?.routes).toMatchObject({
      ListProject: 'GET /',
      GetProject: 'GET /',
      DeleteProject: 'DELETE /',
      ListLogStores: 'GET /logstores',
      ListTagResources: 'GET /tags',
      TagResources: 'POST /tag',
    });
  });
});
