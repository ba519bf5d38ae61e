import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory, Resource } from '../../../src/providers/contract.js';
import { ecsInstance } from '../../../src/providers/ecs/instance.js';
import { essScalingGroup } from '../../../src/providers/ess/scaling-group.js';
import { vpcVSwitch } from '../../../src/providers/vpc/vswitch.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wireGroup = (id: string, extra: Record<string, unknown> = {}) => ({
  ScalingGroupId: id,
  ScalingGroupName: `web-${id}`,
  RegionId: 'cn-hangzhou',
  LifecycleState: 'Active',
  MinSize: 2,
  MaxSize: 4,
  TotalCapacity: 2,
  VpcId: 'vpc-1',
  VSwitchId: 'vsw-1',
  VSwitchIds: { VSwitchId: ['vsw-1', 'vsw-2'] },
  GroupDeletionProtection: false,
  ActiveScalingConfigurationId: 'asc-1',
  CreationTime: '2026-01-01T00:00Z',
  ...extra,
});

const group = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'ess.scaling-group',
  region: 'cn-hangzhou',
  id,
  properties: {
    deletionProtection: false,
    instanceIds: [],
    attachedInstanceIds: [],
    vSwitchIds: ['vsw-1'],
    ...properties,
  } as Resource['properties'],
});

function inventoryOf(rs: readonly Resource[]): Inventory {
  return {
    get: (address) => rs.find((r) => `${r.type}/${r.region}/${r.id}` === address),
    byType: (type) => rs.filter((r) => r.type === type),
  };
}

describe('ess.scaling-group', () => {
  it('lists every page of 50 groups and, per group, its instances split by who created them', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeScalingGroups')
      .matchHeader('x-acs-version', '2014-08-28')
      .reply(200, {
        RequestId: 'R',
        ScalingGroups: { ScalingGroup: Array.from({ length: 50 }, (_, i) => wireGroup(`asg-${i}`)) },
        TotalCount: 51,
        PageNumber: 1,
        PageSize: 50,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeScalingGroups')
      .reply(200, {
        RequestId: 'R',
        ScalingGroups: { ScalingGroup: [wireGroup('asg-x', { GroupDeletionProtection: true })] },
        TotalCount: 51,
        PageNumber: 2,
        PageSize: 50,
      })
      .post('/')
      .query((q) => q.ScalingGroupId === 'asg-0' && q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeScalingInstances')
      .reply(200, {
        RequestId: 'R',
        ScalingInstances: {
          ScalingInstance: [
            { InstanceId: 'i-auto1', CreationType: 'AutoCreated', ScalingGroupId: 'asg-0' },
            { InstanceId: 'i-auto2', CreationType: 'AutoCreated', ScalingGroupId: 'asg-0' },
            { InstanceId: 'i-mine', CreationType: 'Attached', ScalingGroupId: 'asg-0' },
          ],
        },
        TotalCount: 3,
        PageNumber: 1,
        PageSize: 50,
      })
      .post('/')
      .query((q) => typeof q.ScalingGroupId === 'string' && q.ScalingGroupId !== 'asg-0')
      .matchHeader('x-acs-action', 'DescribeScalingInstances')
      .times(50)
      .reply(200, { RequestId: 'R', ScalingInstances: { ScalingInstance: [] }, TotalCount: 0, PageNumber: 1, PageSize: 50 })
      // Tags: one call per page of groups (ResourceId.1–50), following NextToken.
      .post('/')
      .query(
        (q) =>
          q.ResourceType === 'scalinggroup' &&
          q['ResourceId.1'] === 'asg-0' &&
          q['ResourceId.50'] === 'asg-49' &&
          q.NextToken === undefined,
      )
      .matchHeader('x-acs-action', 'ListTagResources')
      .reply(200, {
        RequestId: 'R',
        TagResources: { TagResource: [{ ResourceId: 'asg-0', ResourceType: 'scalinggroup', TagKey: 'keep', TagValue: 'true' }] },
        NextToken: 'n1',
      })
      .post('/')
      .query((q) => q['ResourceId.1'] === 'asg-0' && q.NextToken === 'n1')
      .matchHeader('x-acs-action', 'ListTagResources')
      .reply(200, {
        RequestId: 'R',
        TagResources: { TagResource: [{ ResourceId: 'asg-0', ResourceType: 'scalinggroup', TagKey: 'team', TagValue: 'web' }] },
      })
      .post('/')
      .query((q) => q['ResourceId.1'] === 'asg-x' && q['ResourceId.2'] === undefined)
      .matchHeader('x-acs-action', 'ListTagResources')
      .reply(403, rpcError('Forbidden.RAM', 'User not authorized to operate on the specified resource.', 'ess.aliyuncs.com'));
    const found = await collect(essScalingGroup.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(51);
    expect(found[0]?.tags).toEqual({ keep: 'true', team: 'web' });
    expect([found[1]?.tags, found[1]?.tagsUnreadable]).toEqual([undefined, undefined]);
    expect(found[50]?.tagsUnreadable).toMatch(/^Forbidden\.RAM: /);
    expect(found[0]).toMatchObject({
      id: 'asg-0',
      name: 'web-asg-0',
      createdAt: '2026-01-01T00:00:00.000Z',
      properties: {
        status: 'Active',
        minSize: 2,
        vpcId: 'vpc-1',
        vSwitchIds: ['vsw-1', 'vsw-2'],
        instanceIds: ['i-auto1', 'i-auto2'],
        attachedInstanceIds: ['i-mine'],
        deletionProtection: false,
      },
    });
    expect(found[50]?.properties.deletionProtection).toBe(true);
    expect(h.calls.every((c) => !c.mutating)).toBe(true);
  });

  it('plans protection off, then ForceDelete saying what it releases', () => {
    const h = providerHarness();
    const steps = essScalingGroup.steps(
      group('asg-1', { deletionProtection: true, instanceIds: ['i-1', 'i-2'], attachedInstanceIds: ['i-3'] }),
      h.scanContext(),
    );
    expect(steps.map((s) => s.action)).toEqual(['disable-deletion-protection', 'delete']);
    expect(steps[1]?.description).toMatch(/ForceDelete: releases the 2 instances it created, removes the 1 attached by hand/);
  });

  it('turns protection off and deletes with ForceDelete', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.ScalingGroupId === 'asg-1' && q.GroupDeletionProtection === 'false' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'SetGroupDeletionProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.ScalingGroupId === 'asg-1' && q.ForceDelete === 'true' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteScalingGroup')
      .reply(200, { RequestId: 'R' });
    await essScalingGroup.run({ action: 'disable-deletion-protection', description: '' }, group('asg-1'), h.stepContext());
    await essScalingGroup.run({ action: 'delete', description: '' }, group('asg-1'), h.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it('takes NotFound as gone, retries a conflict, and reads a gone group as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.ScalingGroupId === 'asg-gone')
      .matchHeader('x-acs-action', 'DeleteScalingGroup')
      .reply(404, rpcError('InvalidScalingGroupId.NotFound', 'The specified scaling group does not exist.', 'ess.aliyuncs.com'))
      .post('/')
      .query((q) => q.ScalingGroupId === 'asg-busy')
      .matchHeader('x-acs-action', 'DeleteScalingGroup')
      .reply(
        400,
        rpcError(
          'InvalidOperation.Conflict',
          'Specific operation may conflicts with other operations, please retry later.',
          'ess.aliyuncs.com',
        ),
      )
      .post('/')
      .query((q) => q['ScalingGroupId.1'] === 'asg-gone')
      .matchHeader('x-acs-action', 'DescribeScalingGroups')
      .reply(200, { RequestId: 'R', ScalingGroups: { ScalingGroup: [] }, TotalCount: 0, PageNumber: 1, PageSize: 10 });
    const del = { action: 'delete', description: '' };
    await expect(essScalingGroup.run(del, group('asg-gone'), h.stepContext())).rejects.toMatchObject({ kind: 'gone', service: 'ess' });
    await expect(essScalingGroup.run(del, group('asg-busy'), h.stepContext())).rejects.toMatchObject({ kind: 'dependency' });
    expect(await essScalingGroup.read(group('asg-gone'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('refuses to mutate with read-only clients before sending anything', async () => {
    const h = providerHarness({ mode: 'read-only' });
    await expect(essScalingGroup.run({ action: 'delete', description: '' }, group('asg-1'), h.stepContext())).rejects.toThrow(
      /refused to call mutating API ess:DeleteScalingGroup/,
    );
  });

  it('puts the instances it created under it (owner), orders the attached ones and its vswitches after it', () => {
    const g = group('asg-1', { instanceIds: ['i-auto'], attachedInstanceIds: ['i-mine'], vSwitchIds: ['vsw-1'] });
    const instance = (id: string): Resource => ({ type: 'ecs.instance', region: 'cn-hangzhou', id, properties: { vSwitchId: 'vsw-1' } });
    const other = { ...g, region: 'cn-shanghai' };
    const inv = inventoryOf([g, other, instance('i-auto'), instance('i-mine'), instance('i-alone')]);
    expect(ecsInstance.dependencies(instance('i-auto'), inv)).toEqual([
      { address: 'ess.scaling-group/cn-hangzhou/asg-1', reason: 'created by this scaling group, which releases it', owner: true },
    ]);
    expect(ecsInstance.dependencies(instance('i-mine'), inv)).toEqual([
      { address: 'ess.scaling-group/cn-hangzhou/asg-1', reason: 'attached to this scaling group, which would replace it' },
    ]);
    expect(ecsInstance.dependencies(instance('i-alone'), inv)).toEqual([]);
    const vsw: Resource = { type: 'vpc.vswitch', region: 'cn-hangzhou', id: 'vsw-1', properties: {} };
    expect(vpcVSwitch.dependencies(vsw, inv).map((d) => d.address)).toContain('ess.scaling-group/cn-hangzhou/asg-1');
  });
});
