import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudApiError } from '../../../src/cloud/errors.js';
import type { Inventory, Resource } from '../../../src/providers/contract.js';
import { ramUser } from '../../../src/providers/ram/user.js';
import { collect, providerHarness } from '../harness.js';
import { any, rpc, rpcError } from './rpc.js';

afterEach(() => nock.cleanAll());

function inventoryOf(rs: Resource[]): Inventory {
  return { get: (a) => rs.find((r) => `${r.type}/${r.region}/${r.id}` === a), byType: (t) => rs.filter((r) => r.type === t) };
}

function user(name: string, props: Partial<Resource['properties']> = {}): Resource {
  return { type: 'ram.user', region: 'global', id: name, name, properties: { attachedPolicies: [], groups: [], ...props } };
}

describe('ram.user list', () => {
  it('pages ListUsers by Marker and reads each user’s policies and groups', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const scopes = [
      rpc('ListUsers', (q) => q.MaxItems === '1000' && q.Marker === undefined, {
        IsTruncated: true,
        Marker: 'm-2',
        Users: { User: [{ UserName: 'alice', UserId: '2001', DisplayName: 'Alice', CreateDate: '2024-05-01T10:00:00Z' }] },
      }),
      rpc('ListUsers', (q) => q.Marker === 'm-2', {
        IsTruncated: false,
        Users: { User: [{ UserName: 'bob', UserId: '2002', CreateDate: '2024-05-02T10:00:00Z' }] },
      }),
      rpc('ListPoliciesForUser', (q) => q.UserName === 'alice', {
        Policies: { Policy: [{ PolicyName: 'demo-custom-readonly', PolicyType: 'Custom', DefaultVersion: 'v3' }] },
      }),
      rpc('ListGroupsForUser', (q) => q.UserName === 'alice', { Groups: { Group: [{ GroupName: 'developers', GroupId: 'g1' }] } }),
      rpc('ListPoliciesForUser', (q) => q.UserName === 'bob', { Policies: { Policy: [] } }),
      rpc('ListGroupsForUser', (q) => q.UserName === 'bob', { Groups: { Group: [] } }),
    ];
    const found = await collect(ramUser.list(h.scanContext('global')));
    expect(found.map((r) => r.id)).toEqual(['alice', 'bob']);
    expect(found[0]).toMatchObject({
      region: 'global',
      createdAt: '2024-05-01T10:00:00.000Z',
      properties: { userId: '2001', displayName: 'Alice', attachedPolicies: ['Custom:demo-custom-readonly'], groups: ['developers'] },
    });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});

describe('ram.user plan', () => {
  const h = providerHarness();
  it('depends on the user’s access keys only', () => {
    const keys = [
      { type: 'ram.access-key', region: 'global', id: 'LTAI-a1', properties: { userName: 'alice' } },
      { type: 'ram.access-key', region: 'global', id: 'LTAI-b1', properties: { userName: 'bob' } },
    ];
    expect(ramUser.dependencies(user('alice'), inventoryOf(keys))).toEqual([
      { address: 'ram.access-key/global/LTAI-a1', reason: 'access key of this user' },
    ]);
  });
  it('plans detach and remove only when needed, then login profile, MFA and delete', () => {
    expect(ramUser.steps(user('bob'), h).map((s) => s.action)).toEqual(['delete-login-profile', 'unbind-mfa', 'delete']);
    expect(ramUser.steps(user('alice', { attachedPolicies: ['Custom:p'], groups: ['developers'] }), h).map((s) => s.action)).toEqual([
      'detach-policies',
      'remove-from-groups',
      'delete-login-profile',
      'unbind-mfa',
      'delete',
    ]);
  });
  it('counts in words that agree: 1 group, 1 policy, 2 groups', () => {
    const one = ramUser.steps(user('alice', { attachedPolicies: ['Custom:p'], groups: ['developers'] }), h).map((s) => s.description);
    expect(one.slice(0, 2)).toEqual(['detach 1 policy (Custom:p)', 'remove from 1 group (developers)']);
    const two = ramUser.steps(user('alice', { groups: ['developers', 'ops'] }), h).map((s) => s.description);
    expect(two[0]).toBe('remove from 2 groups (developers, ops)');
  });
  it('blocks the caller’s own user', () => {
    const steps = ramUser.steps(user('teardown-bot'), h);
    expect(steps).toHaveLength(1);
    expect(steps[0]?.blocked).toBe('the teardown runs as this user; delete it afterwards in the RAM console with another identity');
  });
});

describe('ram.user run', () => {
  const step = (action: string) => ({ action, description: '' });

  it('detaches the policies and leaves the groups apply just re-read, without listing them again', async () => {
    const h = providerHarness();
    const scopes = [
      rpc(
        'DetachPolicyFromUser',
        (q) => q.UserName === 'alice' && q.PolicyName === 'demo-custom-readonly' && q.PolicyType === 'Custom',
        {},
      ),
      // Detached by someone else meanwhile: nothing to do.
      rpcError(
        'DetachPolicyFromUser',
        (q) => q.PolicyName === 'AliyunECSReadOnlyAccess' && q.PolicyType === 'System',
        404,
        'EntityNotExist.User.Policy',
      ),
      rpc('RemoveUserFromGroup', (q) => q.UserName === 'alice' && q.GroupName === 'developers', {}),
    ];
    // As apply hands it over: the properties read() returned just before the steps.
    const r = user('alice', {
      attachedPolicies: ['Custom:demo-custom-readonly', 'System:AliyunECSReadOnlyAccess'],
      groups: ['developers'],
    });
    await ramUser.run(step('detach-policies'), r, h.stepContext('global'));
    await ramUser.run(step('remove-from-groups'), r, h.stepContext('global'));
    expect(scopes.every((s) => s.isDone())).toBe(true);
    expect(h.calls.map((c) => c.action)).toEqual(['DetachPolicyFromUser', 'DetachPolicyFromUser', 'RemoveUserFromGroup']);
  });

  it('deletes the login profile and MFA device, treating their absence as done, then the user', async () => {
    const h = providerHarness();
    const scopes = [
      rpcError('DeleteLoginProfile', (q) => q.UserName === 'bob', 404, 'EntityNotExist.User.LoginProfile'),
      rpc('UnbindMFADevice', (q) => q.UserName === 'bob', { MFADevice: { SerialNumber: 'acs:ram::1234567890123456:mfa/bob' } }),
      rpc('DeleteUser', (q) => q.UserName === 'bob', {}),
    ];
    const r = user('bob');
    for (const a of ['delete-login-profile', 'unbind-mfa', 'delete']) await ramUser.run(step(a), r, h.stepContext('global'));
    expect(h.calls.filter((c) => c.mutating).map((c) => c.action)).toEqual(['DeleteLoginProfile', 'UnbindMFADevice', 'DeleteUser']);
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('surfaces DeleteConflict.User.AccessKey as a dependency error and a vanished user as gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpcError('DeleteUser', (q) => q.UserName === 'bob', 409, 'DeleteConflict.User.AccessKey', 'The user has access keys.'),
      rpcError('DeleteUser', (q) => q.UserName === 'bob', 404, 'EntityNotExist.User'),
    ];
    const conflict = await ramUser.run(step('delete'), user('bob'), h.stepContext('global')).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(CloudApiError);
    expect(conflict).toMatchObject({ code: 'DeleteConflict.User.AccessKey', kind: 'dependency', statusCode: 409 });
    expect(ramUser.hints?.['DeleteConflict.User.AccessKey']).toBeDefined();
    const gone = await ramUser.run(step('delete'), user('bob'), h.stepContext('global')).catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 'EntityNotExist.User', kind: 'gone' });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('does not swallow other errors in prep steps', async () => {
    const h = providerHarness();
    const s = rpcError('DeleteLoginProfile', any, 403, 'NoPermission');
    await expect(ramUser.run(step('delete-login-profile'), user('bob'), h.stepContext('global'))).rejects.toMatchObject({
      code: 'NoPermission',
      kind: 'permanent',
    });
    expect(s.isDone()).toBe(true);
  });

  it('refuses an unknown step', async () => {
    const h = providerHarness();
    await expect(ramUser.run(step('explode'), user('bob'), h.stepContext('global'))).rejects.toThrow(/unknown step/);
  });
});

describe('ram.user read', () => {
  it('re-reads by name, and returns undefined once gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpc('GetUser', (q) => q.UserName === 'bob', { User: { UserName: 'bob', UserId: '2002', CreateDate: '2024-05-02T10:00:00Z' } }),
      rpc('ListPoliciesForUser', (q) => q.UserName === 'bob', { Policies: { Policy: [] } }),
      rpc('ListGroupsForUser', (q) => q.UserName === 'bob', { Groups: { Group: [{ GroupName: 'developers' }] } }),
      rpcError('GetUser', (q) => q.UserName === 'bob', 404, 'EntityNotExist.User'),
    ];
    expect((await ramUser.read(user('bob'), h.scanContext('global')))?.properties.groups).toEqual(['developers']);
    expect(await ramUser.read(user('bob'), h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
