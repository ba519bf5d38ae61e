import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsDeploymentSet } from '../../../src/providers/ecs/deployment-set.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';
import { inventoryOf } from './inventory.js';

afterEach(() => nock.cleanAll());

const wire = (id: string, instances: string[] = []) => ({
  DeploymentSetId: id,
  DeploymentSetName: `name-${id}`,
  DeploymentStrategy: 'Availability',
  InstanceAmount: instances.length,
  InstanceIds: { InstanceId: instances },
  CreationTime: '2026-01-01T00:00:00Z',
});
const ds = (id: string, instanceIds: string[] = []): Resource => ({
  type: 'ecs.deployment-set',
  region: 'cn-hangzhou',
  id,
  properties: { instanceIds },
});

describe('ecs.deployment-set', () => {
  it('lists every page of 50 with the member instances', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeDeploymentSets')
      .reply(200, {
        RequestId: 'R',
        DeploymentSets: { DeploymentSet: Array.from({ length: 50 }, (_, i) => wire(`ds-${i}`)) },
        TotalCount: 51,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeDeploymentSets')
      .reply(200, { RequestId: 'R', DeploymentSets: { DeploymentSet: [wire('ds-x', ['i-1'])] }, TotalCount: 51 });
    const found = await collect(ecsDeploymentSet.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(51);
    expect(found[50]?.properties).toMatchObject({ instanceIds: ['i-1'], instanceAmount: 1 });
  });

  it('waits for the instances placed in it', () => {
    const inv = inventoryOf([
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: {} },
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-2', properties: {} },
    ]);
    expect(ecsDeploymentSet.dependencies(ds('ds-1', ['i-1']), inv)).toEqual([
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'instance in this deployment set' },
    ]);
  });

  it('deletes; a set still holding instances is a dependency to retry; reads by id', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.DeploymentSetId === 'ds-1')
      .matchHeader('x-acs-action', 'DeleteDeploymentSet')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.DeploymentSetId === 'ds-busy')
      .matchHeader('x-acs-action', 'DeleteDeploymentSet')
      .reply(403, rpcError('DependencyViolation.NotEmpty', 'There are still instance(s) in the specified DeploymentSetId.'))
      .post('/')
      .query((q) => q.DeploymentSetIds === '["ds-busy"]')
      .matchHeader('x-acs-action', 'DescribeDeploymentSets')
      .reply(200, { RequestId: 'R', DeploymentSets: { DeploymentSet: [wire('ds-busy', ['i-9'])] }, TotalCount: 1 });
    await ecsDeploymentSet.run({ action: 'delete', description: '' }, ds('ds-1'), h.stepContext());
    await expect(ecsDeploymentSet.run({ action: 'delete', description: '' }, ds('ds-busy'), h.stepContext())).rejects.toMatchObject({
      code: 'DependencyViolation.NotEmpty',
      kind: 'dependency',
    });
    expect((await ecsDeploymentSet.read(ds('ds-busy'), h.scanContext()))?.properties.instanceIds).toEqual(['i-9']);
    expect(scope.isDone()).toBe(true);
  });
});
