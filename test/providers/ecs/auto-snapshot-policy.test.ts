import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsAutoSnapshotPolicy } from '../../../src/providers/ecs/auto-snapshot-policy.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';
import { inventoryOf } from './inventory.js';

afterEach(() => nock.cleanAll());

const wire = (id: string) => ({
  AutoSnapshotPolicyId: id,
  AutoSnapshotPolicyName: `name-${id}`,
  Status: 'Normal',
  DiskNums: 2,
  CreationTime: '2026-01-01T00:00:00Z',
  Tags: { Tag: [] },
});
const sp = (id: string, diskIds: string[] = []): Resource => ({
  type: 'ecs.auto-snapshot-policy',
  region: 'cn-hangzhou',
  id,
  properties: { diskIds },
});

describe('ecs.auto-snapshot-policy', () => {
  it('lists policies with the disks they apply to, following NextToken', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.MaxResults === '100' && q.NextToken === undefined)
      .matchHeader('x-acs-action', 'DescribeAutoSnapshotPolicyAssociations')
      .reply(200, {
        RequestId: 'R',
        AutoSnapshotPolicyAssociations: { AutoSnapshotPolicyAssociation: [{ AutoSnapshotPolicyId: 'sp-1', DiskId: 'd-2' }] },
        NextToken: 't1',
      })
      .post('/')
      .query((q) => q.NextToken === 't1')
      .matchHeader('x-acs-action', 'DescribeAutoSnapshotPolicyAssociations')
      .reply(200, {
        RequestId: 'R',
        AutoSnapshotPolicyAssociations: { AutoSnapshotPolicyAssociation: [{ AutoSnapshotPolicyId: 'sp-1', DiskId: 'd-1' }] },
        NextToken: '',
      })
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '100')
      .matchHeader('x-acs-action', 'DescribeAutoSnapshotPolicyEx')
      .reply(200, { RequestId: 'R', AutoSnapshotPolicies: { AutoSnapshotPolicy: [wire('sp-1'), wire('sp-2')] }, TotalCount: 2 });
    const found = await collect(ecsAutoSnapshotPolicy.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.properties.diskIds])).toEqual([
      ['sp-1', ['d-1', 'd-2']],
      ['sp-2', []],
    ]);
    expect(ecsAutoSnapshotPolicy.steps(found[0] as Resource, h.scanContext())[0]?.description).toMatch(
      /2 disks stop taking automatic snapshots/,
    );
  });

  it('touches the disks it applies to (a kept disk blocks it), without ordering', () => {
    const inv = inventoryOf([{ type: 'ecs.disk', region: 'cn-hangzhou', id: 'd-1', properties: {} }]);
    expect(ecsAutoSnapshotPolicy.dependencies(sp('sp-1', ['d-1', 'd-unknown']), inv)).toEqual([
      { address: 'ecs.disk/cn-hangzhou/d-1', reason: 'disk this policy applies to', touches: true },
    ]);
  });

  it('deletes with the lower-case wire names; a policy already gone (404 ParameterInvalid) is gone', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.autoSnapshotPolicyId === 'sp-1' && q.regionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteAutoSnapshotPolicy')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.autoSnapshotPolicyId === 'sp-gone')
      .matchHeader('x-acs-action', 'DeleteAutoSnapshotPolicy')
      .reply(404, rpcError('ParameterInvalid', 'The specified automatic snapshot policy does not exist.'))
      .post('/')
      .query((q) => q.AutoSnapshotPolicyId === 'sp-gone')
      .matchHeader('x-acs-action', 'DescribeAutoSnapshotPolicyEx')
      .reply(200, { RequestId: 'R', AutoSnapshotPolicies: { AutoSnapshotPolicy: [] }, TotalCount: 0 });
    await ecsAutoSnapshotPolicy.run({ action: 'delete', description: '' }, sp('sp-1'), h.stepContext());
    await expect(ecsAutoSnapshotPolicy.run({ action: 'delete', description: '' }, sp('sp-gone'), h.stepContext())).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(await ecsAutoSnapshotPolicy.read(sp('sp-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
