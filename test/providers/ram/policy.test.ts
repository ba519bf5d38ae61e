import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory, Resource } from '../../../src/providers/contract.js';
import { ramPolicy } from '../../../src/providers/ram/policy.js';
import { collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from './rpc.js';

afterEach(() => nock.cleanAll());

const policy = (props: Partial<Resource['properties']> = {}): Resource => ({
  type: 'ram.policy',
  region: 'global',
  id: 'demo-custom-readonly',
  name: 'demo-custom-readonly',
  properties: { policyType: 'Custom', attachmentCount: 0, nonDefaultVersions: [], ...props },
});
const step = (action: string) => ({ action, description: '' });
const principal = (type: string, id: string, attachedPolicies: string[]): Resource => ({
  type,
  region: 'global',
  id,
  properties: { attachedPolicies },
});

describe('ram.policy', () => {
  it('lists custom policies only, over Marker pages, with their non-default versions', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const scopes = [
      rpc('ListPolicies', (q) => q.PolicyType === 'Custom' && q.MaxItems === '1000' && q.Marker === undefined, {
        IsTruncated: true,
        Marker: 'p-2',
        Policies: {
          Policy: [
            {
              PolicyName: 'demo-custom-readonly',
              PolicyType: 'Custom',
              DefaultVersion: 'v3',
              AttachmentCount: 2,
              CreateDate: '2024-05-01T10:00:00Z',
              Tags: { Tag: [{ TagKey: 'team', TagValue: 'ops' }] },
            },
          ],
        },
      }),
      rpc('ListPolicies', (q) => q.PolicyType === 'Custom' && q.Marker === 'p-2', {
        IsTruncated: false,
        Policies: { Policy: [{ PolicyName: 'unused', PolicyType: 'Custom', DefaultVersion: 'v1', AttachmentCount: 0 }] },
      }),
      rpc('ListPolicyVersions', (q) => q.PolicyName === 'demo-custom-readonly' && q.PolicyType === 'Custom', {
        PolicyVersions: {
          PolicyVersion: [
            { VersionId: 'v1', IsDefaultVersion: false },
            { VersionId: 'v2', IsDefaultVersion: false },
            { VersionId: 'v3', IsDefaultVersion: true },
          ],
        },
      }),
      rpc('ListPolicyVersions', (q) => q.PolicyName === 'unused', {
        PolicyVersions: { PolicyVersion: [{ VersionId: 'v1', IsDefaultVersion: true }] },
      }),
    ];
    const found = await collect(ramPolicy.list(h.scanContext('global')));
    expect(found.map((p) => p.id)).toEqual(['demo-custom-readonly', 'unused']);
    expect(found[0]).toMatchObject({
      tags: { team: 'ops' },
      properties: { defaultVersion: 'v3', attachmentCount: 2, nonDefaultVersions: ['v1', 'v2'] },
    });
    expect(ramPolicy.steps(found[0]!, h).map((s) => s.action)).toEqual(['detach', 'delete-versions', 'delete']);
    expect(ramPolicy.steps(found[1]!, h).map((s) => s.action)).toEqual(['delete']);
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('goes after every user, group and role it is attached to', () => {
    const rs = [
      principal('ram.user', 'alice', ['Custom:demo-custom-readonly', 'System:AliyunECSReadOnlyAccess']),
      principal('ram.user', 'bob', ['System:demo-custom-readonly']),
      principal('ram.group', 'developers', []),
      principal('ram.role', 'app-role', ['Custom:demo-custom-readonly']),
    ];
    const inventory: Inventory = { get: () => undefined, byType: (t) => rs.filter((r) => r.type === t) };
    expect(ramPolicy.dependencies(policy(), inventory)).toEqual([
      { address: 'ram.user/global/alice', reason: 'user this policy is attached to' },
      { address: 'ram.role/global/app-role', reason: 'role this policy is attached to' },
    ]);
  });

  it('detaches from every entity, deletes the non-default versions apply just re-read, then the policy', async () => {
    const h = providerHarness();
    const custom = (q: Record<string, unknown>) => q.PolicyName === 'demo-custom-readonly' && q.PolicyType === 'Custom';
    const scopes = [
      rpc('ListEntitiesForPolicy', custom, {
        Users: { User: [{ UserName: 'alice' }] },
        Groups: { Group: [{ GroupName: 'developers' }] },
        Roles: { Role: [{ RoleName: 'app-role' }] },
      }),
      rpc('DetachPolicyFromUser', (q) => custom(q) && q.UserName === 'alice', {}),
      rpc('DetachPolicyFromGroup', (q) => custom(q) && q.GroupName === 'developers', {}),
      rpc('DetachPolicyFromRole', (q) => custom(q) && q.RoleName === 'app-role', {}),
      rpc('DeletePolicyVersion', (q) => q.PolicyName === 'demo-custom-readonly' && q.VersionId === 'v1', {}),
      rpc('DeletePolicy', (q) => q.PolicyName === 'demo-custom-readonly', {}),
    ];
    const fresh = policy({ nonDefaultVersions: ['v1'] });
    for (const a of ['detach', 'delete-versions', 'delete']) await ramPolicy.run(step(a), fresh, h.stepContext('global'));
    expect(h.calls.filter((c) => c.action === 'DeletePolicyVersion')).toHaveLength(1);
    expect(h.calls.some((c) => c.action === 'ListPolicyVersions')).toBe(false);
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('surfaces DeleteConflict.Policy.Version as dependency and EntityNotExist.Policy as gone; read is undefined then', async () => {
    const h = providerHarness();
    const scopes = [
      rpcError('DeletePolicy', (q) => q.PolicyName === 'demo-custom-readonly', 409, 'DeleteConflict.Policy.Version'),
      rpcError('DeletePolicy', (q) => q.PolicyName === 'demo-custom-readonly', 404, 'EntityNotExist.Policy'),
      rpcError('GetPolicy', (q) => q.PolicyName === 'demo-custom-readonly' && q.PolicyType === 'Custom', 404, 'EntityNotExist.Policy'),
    ];
    await expect(ramPolicy.run(step('delete'), policy(), h.stepContext('global'))).rejects.toMatchObject({
      code: 'DeleteConflict.Policy.Version',
      kind: 'dependency',
    });
    await expect(ramPolicy.run(step('delete'), policy(), h.stepContext('global'))).rejects.toMatchObject({
      code: 'EntityNotExist.Policy',
      kind: 'gone',
    });
    expect(await ramPolicy.read(policy(), h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
