import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ramGroup } from '../../../src/providers/ram/group.js';
import { collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from './rpc.js';

afterEach(() => nock.cleanAll());

const group = (props: Partial<Resource['properties']> = {}): Resource => ({
  type: 'ram.group',
  region: 'global',
  id: 'developers',
  name: 'developers',
  properties: { memberUserNames: [], attachedPolicies: [], ...props },
});
const step = (action: string) => ({ action, description: '' });

describe('ram.group', () => {
  it('pages ListGroups and ListUsersForGroup by Marker and reads attached policies', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const scopes = [
      rpc('ListGroups', (q) => q.MaxItems === '1000' && q.Marker === undefined, {
        IsTruncated: true,
        Marker: 'g-2',
        Groups: { Group: [{ GroupName: 'developers', GroupId: 'g1', CreateDate: '2024-05-01T10:00:00Z' }] },
      }),
      rpc('ListGroups', (q) => q.Marker === 'g-2', { IsTruncated: false, Groups: { Group: [{ GroupName: 'empty', GroupId: 'g2' }] } }),
      rpc('ListPoliciesForGroup', (q) => q.GroupName === 'developers', {
        Policies: { Policy: [{ PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }] },
      }),
      rpc('ListUsersForGroup', (q) => q.GroupName === 'developers' && q.Marker === undefined, {
        IsTruncated: true,
        Marker: 'u-2',
        Users: { User: [{ UserName: 'alice' }] },
      }),
      rpc('ListUsersForGroup', (q) => q.GroupName === 'developers' && q.Marker === 'u-2', {
        IsTruncated: false,
        Users: { User: [{ UserName: 'bob' }] },
      }),
      rpc('ListPoliciesForGroup', (q) => q.GroupName === 'empty', { Policies: { Policy: [] } }),
      rpc('ListUsersForGroup', (q) => q.GroupName === 'empty', { IsTruncated: false, Users: { User: [] } }),
    ];
    const found = await collect(ramGroup.list(h.scanContext('global')));
    expect(found.map((g) => g.id)).toEqual(['developers', 'empty']);
    expect(found[0]?.properties).toMatchObject({ memberUserNames: ['alice', 'bob'], attachedPolicies: ['System:AliyunECSReadOnlyAccess'] });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('goes after its member users and plans only the prep steps needed', () => {
    const h = providerHarness();
    const g = group({ memberUserNames: ['alice', 'teardown-bot'], attachedPolicies: ['System:AliyunECSReadOnlyAccess'] });
    expect(ramGroup.dependencies(g, { get: () => undefined, byType: () => [] })).toEqual([
      { address: 'ram.user/global/alice', reason: 'member of this group' },
      { address: 'ram.user/global/teardown-bot', reason: 'member of this group' },
    ]);
    expect(ramGroup.steps(g, h).map((s) => s.action)).toEqual(['remove-members', 'detach-policies', 'delete']);
    expect(ramGroup.steps(group(), h).map((s) => s.action)).toEqual(['delete']);
  });

  it('removes the members and detaches the policies apply just re-read, without listing them again, and deletes', async () => {
    const h = providerHarness();
    const scopes = [
      rpc('RemoveUserFromGroup', (q) => q.GroupName === 'developers' && q.UserName === 'carol', {}),
      rpc(
        'DetachPolicyFromGroup',
        (q) => q.GroupName === 'developers' && q.PolicyName === 'AliyunECSReadOnlyAccess' && q.PolicyType === 'System',
        {},
      ),
      rpc('DeleteGroup', (q) => q.GroupName === 'developers', {}),
    ];
    const fresh = { ...group(), properties: { memberUserNames: ['carol'], attachedPolicies: ['System:AliyunECSReadOnlyAccess'] } };
    for (const a of ['remove-members', 'detach-policies', 'delete']) await ramGroup.run(step(a), fresh, h.stepContext('global'));
    expect(scopes.every((s) => s.isDone())).toBe(true);
    expect(h.calls.map((c) => c.action)).toEqual(['RemoveUserFromGroup', 'DetachPolicyFromGroup', 'DeleteGroup']);
  });

  it('surfaces DeleteConflict.Group.User as dependency and a vanished group as gone; read is undefined then', async () => {
    const h = providerHarness();
    const scopes = [
      rpcError('DeleteGroup', (q) => q.GroupName === 'developers', 409, 'DeleteConflict.Group.User'),
      rpcError('DeleteGroup', (q) => q.GroupName === 'developers', 404, 'EntityNotExist.Group'),
      rpcError('GetGroup', (q) => q.GroupName === 'developers', 404, 'EntityNotExist.Group'),
    ];
    await expect(ramGroup.run(step('delete'), group(), h.stepContext('global'))).rejects.toMatchObject({
      code: 'DeleteConflict.Group.User',
      kind: 'dependency',
    });
    await expect(ramGroup.run(step('delete'), group(), h.stepContext('global'))).rejects.toMatchObject({
      code: 'EntityNotExist.Group',
      kind: 'gone',
    });
    expect(await ramGroup.read(group(), h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
