import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsLaunchTemplate } from '../../../src/providers/ecs/launch-template.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';

afterEach(() => nock.cleanAll());

const wire = (id: string) => ({
  LaunchTemplateId: id,
  LaunchTemplateName: `name-${id}`,
  LatestVersionNumber: 3,
  DefaultVersionNumber: 1,
  CreateTime: '2026-01-01T00:00:00Z',
  Tags: { Tag: [{ TagKey: 'env', TagValue: 'dev' }] },
});
const lt = (id: string): Resource => ({ type: 'ecs.launch-template', region: 'cn-hangzhou', id, properties: {} });

describe('ecs.launch-template', () => {
  it('lists every page of 50 with tags and versions', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeLaunchTemplates')
      .reply(200, {
        RequestId: 'R',
        LaunchTemplateSets: { LaunchTemplateSet: Array.from({ length: 50 }, (_, i) => wire(`lt-${i}`)) },
        TotalCount: 51,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeLaunchTemplates')
      .reply(200, { RequestId: 'R', LaunchTemplateSets: { LaunchTemplateSet: [wire('lt-x')] }, TotalCount: 51 });
    const found = await collect(ecsLaunchTemplate.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(51);
    expect(found[50]).toMatchObject({ id: 'lt-x', name: 'name-lt-x', tags: { env: 'dev' }, properties: { latestVersion: 3 } });
    expect(ecsLaunchTemplate.steps(found[50] as Resource, h.scanContext())[0]?.description).toMatch(/all its versions \(3\)/);
  });

  it('deletes by id; a template already gone counts as gone and reads as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.LaunchTemplateId === 'lt-1' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteLaunchTemplate')
      .reply(200, { RequestId: 'R', LaunchTemplateId: 'lt-1' })
      .post('/')
      .query((q) => q.LaunchTemplateId === 'lt-gone')
      .matchHeader('x-acs-action', 'DeleteLaunchTemplate')
      .reply(404, rpcError('InvalidLaunchTemplate.NotFound', 'The specified launch template does not exist.'))
      .post('/')
      .query((q) => q['LaunchTemplateId.1'] === 'lt-gone')
      .matchHeader('x-acs-action', 'DescribeLaunchTemplates')
      .reply(200, { RequestId: 'R', LaunchTemplateSets: { LaunchTemplateSet: [] }, TotalCount: 0 });
    await ecsLaunchTemplate.run({ action: 'delete', description: '' }, lt('lt-1'), h.stepContext());
    await expect(ecsLaunchTemplate.run({ action: 'delete', description: '' }, lt('lt-gone'), h.stepContext())).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(await ecsLaunchTemplate.read(lt('lt-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('never deletes with read-only clients', async () => {
    const h = providerHarness({ mode: 'read-only' });
    await expect(ecsLaunchTemplate.run({ action: 'delete', description: '' }, lt('lt-1'), h.stepContext())).rejects.toThrow(/refused/);
    expect(h.calls).toEqual([]);
  });
});
