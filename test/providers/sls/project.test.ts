import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { slsProject } from '../../../src/providers/sls/project.js';
import { changeSincePlan } from '../../../src/plan/fingerprint.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

// Through the endpoint override http://cloud.test, the region's Log Service endpoint is
// cn-hangzhou.cloud.test and a project's host <project>.cn-hangzhou.cloud.test, as the cloud's
// cn-hangzhou.log.aliyuncs.com and <project>.cn-hangzhou.log.aliyuncs.com.
const ENDPOINT = 'http://cn-hangzhou.cloud.test';
const projectHost = (name: string) => `http://${name}.cn-hangzhou.cloud.test`;

const project = (name: string, extra: Record<string, unknown> = {}) => ({
  projectName: name,
  region: 'cn-hangzhou',
  description: `${name} logs`,
  status: 'Normal',
  createTime: '2024-03-22 08:00:00',
  lastModifyTime: '2024-03-22 08:00:00',
  resourceGroupId: 'rg-1',
  ...extra,
});
const resource = (id: string): Resource => ({ type: 'sls.project', region: 'cn-hangzhou', id, properties: { logstores: ['access'] } });
const slsError = (errorCode: string, errorMessage: string) => ({ errorCode, errorMessage });

describe('sls.project', () => {
  it('lists the region projects page by page, with their tags (one call for the page) and how many Logstores each holds', async () => {
    const h = providerHarness();
    const names = Array.from({ length: 500 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const list = nock(ENDPOINT)
      .get('/')
      .query({ offset: '0', size: '500' })
      .matchHeader('authorization', /^LOG LTAI5tTestCaller000001:/)
      .reply(200, { count: 500, total: 501, projects: names.map((n) => project(n)) })
      .get('/')
      .query({ offset: '500', size: '500' })
      .reply(200, { count: 1, total: 501, projects: [project('web')] });
    // Tags: 20 project names a call, the names as a JSON array (resourceId is `Json`).
    const tagCalls: string[][] = [];
    const tags = nock(ENDPOINT)
      .get('/tags')
      .query((q) => q.resourceType === 'project' && typeof q.resourceId === 'string')
      .times(26)
      .reply(200, (uri) => {
        const ids = JSON.parse(new URL(uri, ENDPOINT).searchParams.get('resourceId') ?? '[]') as string[];
        tagCalls.push(ids);
        return {
          nextToken: '',
          tagResources: ids.includes('web') ? [{ resourceId: 'web', resourceType: 'project', tagKey: 'keep', tagValue: 'true' }] : [],
        };
      });
    for (const n of [...names, 'web'])
      nock(projectHost(n))
        .get('/logstores')
        .query({ offset: '0', size: '500' })
        .reply(200, { count: n === 'web' ? 2 : 0, total: n === 'web' ? 2 : 0, logstores: n === 'web' ? ['access', 'error'] : [] });
    const found = await collect(slsProject.list(h.scanContext()));
    expect(list.isDone() && tags.isDone()).toBe(true);
    expect(tagCalls.every((ids) => ids.length <= 20)).toBe(true);
    expect(found).toHaveLength(501);
    const web = found.find((r) => r.id === 'web');
    expect(web).toMatchObject({
      name: 'web',
      tags: { keep: 'true' },
      createdAt: '2024-03-22T08:00:00.000Z',
      properties: { logstores: ['access', 'error'], description: 'web logs', resourceGroupId: 'rg-1' },
    });
    expect(found.find((r) => r.id === 'p000')?.tags).toBeUndefined();
    expect(h.calls.every((c) => !c.mutating)).toBe(true);
  });

  it('leaves projects "tags unknown" when their tag read fails, or answers a page it cannot follow', async () => {
    const h = providerHarness();
    nock(ENDPOINT)
      .get('/')
      .query(true)
      .reply(200, { count: 1, total: 1, projects: [project('a')] });
    nock(ENDPOINT).get('/tags').query(true).reply(401, slsError('Unauthorized', 'denied by sts or ram, action: log:ListTagResources'));
    nock(projectHost('a')).get('/logstores').query(true).reply(200, { count: 0, total: 0, logstores: [] });
    const [denied] = await collect(slsProject.list(h.scanContext()));
    expect(denied?.tags).toBeUndefined();
    expect(denied?.tagsUnreadable).toMatch(/^Unauthorized: denied by sts or ram/);

    nock(ENDPOINT)
      .get('/')
      .query(true)
      .reply(200, { count: 1, total: 1, projects: [project('a')] });
    nock(ENDPOINT).get('/tags').query(true).reply(200, { nextToken: 'more', tagResources: [] });
    nock(projectHost('a')).get('/logstores').query(true).reply(200, { count: 0, total: 0, logstores: [] });
    const [paged] = await collect(slsProject.list(h.scanContext()));
    expect(paged?.tagsUnreadable).toMatch(/nextToken/);
  });

  it('plans one step that says how many Logstores, and their logs, go with the project', () => {
    const h = providerHarness();
    const ctx = { settings: h.settings, caller: h.caller, now: h.now };
    const withStores = { ...resource('web'), properties: { logstores: ['access', 'error'] } };
    expect(slsProject.steps(withStores, ctx)).toEqual([
      {
        action: 'delete',
        description: 'delete the project with its 2 Logstores and their logs, and its configuration (cannot be restored)',
      },
    ]);
    expect(slsProject.steps({ ...resource('empty'), properties: { logstores: [] } }, ctx)[0]?.description).toBe(
      'delete the project with its configuration (it holds no Logstore)',
    );
  });

  it('deletes the project at its own host, and re-reads it there (ProjectNotExist: gone)', async () => {
    const h = providerHarness();
    const del = nock(projectHost('web'))
      .delete('/')
      .matchHeader('authorization', /^LOG /)
      .matchHeader('x-log-apiversion', '0.6.0')
      .reply(200, '');
    await slsProject.run({ action: 'delete', description: '' }, resource('web'), h.stepContext());
    expect(del.isDone()).toBe(true);
    expect(h.calls).toEqual([{ service: 'sls', action: 'DeleteProject', mutating: true, ok: true, code: undefined }]);

    nock(projectHost('web')).get('/').reply(404, slsError('ProjectNotExist', 'The Project does not exist : web'));
    expect(await slsProject.read?.(resource('web'), h.scanContext())).toBeUndefined();
  });

  it('re-reads a project with its Logstores and tags', async () => {
    const h = providerHarness();
    nock(projectHost('web')).get('/').reply(200, project('web'));
    nock(projectHost('web'))
      .get('/logstores')
      .query(true)
      .reply(200, { count: 1, total: 1, logstores: ['access'] });
    nock(ENDPOINT)
      .get('/tags')
      .query((q) => q.resourceId === '["web"]')
      .reply(200, { nextToken: '', tagResources: [{ resourceId: 'web', resourceType: 'project', tagKey: 'env', tagValue: 'prod' }] });
    const again = await slsProject.read?.(resource('web'), h.scanContext());
    expect(again).toMatchObject({ id: 'web', tags: { env: 'prod' }, properties: { logstores: ['access'] } });
  });

  it('a Logstore created after the plan makes the project "changed since the plan": its logs were not reviewed', () => {
    const planned = { ...resource('web'), properties: { logstores: ['access'] } };
    const now = { ...resource('web'), properties: { logstores: ['access', 'payments'] } };
    expect(changeSincePlan(planned, now, slsProject.attachmentProperties)).toBe(
      'changed since the plan was made: logstores now also has payments',
    );
    expect(changeSincePlan(planned, { ...planned, properties: { logstores: [] } }, slsProject.attachmentProperties)).toBeUndefined();
  });

  it('is refused by read-only clients before anything is sent', async () => {
    const h = providerHarness({ mode: 'read-only' });
    await expect(slsProject.run({ action: 'delete', description: '' }, resource('web'), h.stepContext())).rejects.toThrow(
      /refused to call mutating API sls:DeleteProject/,
    );
    expect(h.calls).toEqual([]);
  });
});
