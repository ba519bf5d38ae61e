import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ramRole } from '../../../src/providers/ram/role.js';
import { TEST_CALLER, collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from './rpc.js';

afterEach(() => nock.cleanAll());

const role = (name: string, props: Partial<Resource['properties']> = {}): Resource => ({
  type: 'ram.role',
  region: 'global',
  id: name,
  name,
  properties: { serviceLinked: false, attachedPolicies: [], ...props },
});
const step = (action: string) => ({ action, description: '' });

describe('ram.role', () => {
  it('pages ListRoles, flags service-linked roles and reads policies of the others', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const scopes = [
      rpc('ListRoles', (q) => q.MaxItems === '1000' && q.Marker === undefined, {
        IsTruncated: true,
        Marker: 'r-2',
        Roles: {
          Role: [
            {
              RoleName: 'app-role',
              RoleId: '3001',
              Arn: 'acs:ram::1234567890123456:role/app-role',
              CreateDate: '2024-05-01T10:00:00Z',
              Tags: { Tag: [{ TagKey: 'env', TagValue: 'test' }] },
            },
          ],
        },
      }),
      rpc('ListRoles', (q) => q.Marker === 'r-2', {
        IsTruncated: false,
        Roles: {
          Role: [
            {
              RoleName: 'AliyunServiceRoleForSLB',
              RoleId: '3002',
              Arn: 'acs:ram::1234567890123456:role/aliyun-service-role/aliyunservicerolefor slb',
            },
          ],
        },
      }),
      rpc('ListPoliciesForRole', (q) => q.RoleName === 'app-role', {
        Policies: { Policy: [{ PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' }] },
      }),
    ];
    const found = await collect(ramRole.list(h.scanContext('global')));
    expect(found.map((r) => [r.id, r.properties.serviceLinked])).toEqual([
      ['app-role', false],
      ['AliyunServiceRoleForSLB', true],
    ]);
    expect(found[0]).toMatchObject({ tags: { env: 'test' }, properties: { attachedPolicies: ['Custom:demo-custom-readonly'] } });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('blocks service-linked roles and the role the caller assumed, never failing them', () => {
    const slr = ramRole.steps(role('AliyunServiceRoleForSLB', { serviceLinked: true }), providerHarness());
    expect(slr).toHaveLength(1);
    expect(slr[0]?.blocked).toMatch(/service-linked role/);
    const assumed = providerHarness({
      caller: {
        ...TEST_CALLER,
        identityType: 'AssumedRoleUser',
        arn: 'acs:ram::1234567890123456:assumed-role/teardown-role/session-1',
        ramUserName: undefined,
      },
    });
    expect(ramRole.steps(role('teardown-role'), assumed)[0]?.blocked).toBe(
      'the teardown runs as this role; delete it afterwards in the RAM console with another identity',
    );
    expect(ramRole.steps(role('app-role', { attachedPolicies: ['Custom:p'] }), assumed).map((s) => s.action)).toEqual([
      'detach-policies',
      'delete',
    ]);
  });

  it('detaches policies and deletes; DeleteConflict.Role.Policy is a dependency error, a vanished role is gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpc(
        'DetachPolicyFromRole',
        (q) => q.RoleName === 'app-role' && q.PolicyName === 'demo-custom-readonly' && q.PolicyType === 'Custom',
        {},
      ),
      rpcError('DeleteRole', (q) => q.RoleName === 'app-role', 409, 'DeleteConflict.Role.Policy'),
      rpc('DeleteRole', (q) => q.RoleName === 'app-role', {}),
      rpcError('DeleteRole', (q) => q.RoleName === 'app-role', 404, 'EntityNotExist.Role'),
    ];
    // The policies read() returned just before the steps: not listed again.
    const r = role('app-role', { attachedPolicies: ['Custom:demo-custom-readonly'] });
    await ramRole.run(step('detach-policies'), r, h.stepContext('global'));
    expect(h.calls.map((c) => c.action)).toEqual(['DetachPolicyFromRole']);
    await expect(ramRole.run(step('delete'), r, h.stepContext('global'))).rejects.toMatchObject({
      code: 'DeleteConflict.Role.Policy',
      kind: 'dependency',
    });
    await ramRole.run(step('delete'), r, h.stepContext('global'));
    await expect(ramRole.run(step('delete'), r, h.stepContext('global'))).rejects.toMatchObject({
      code: 'EntityNotExist.Role',
      kind: 'gone',
    });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('re-reads a role by name with its tags now (ListTagResources: GetRole has none); a denied tag read is "unreadable"; undefined when gone', async () => {
    const h = providerHarness();
    const getRole = rpc('GetRole', (q) => q.RoleName === 'app-role', {
      Role: { RoleName: 'app-role', RoleId: '3001', Arn: 'acs:ram::1234567890123456:role/app-role' },
    });
    const scopes = [
      getRole,
      rpc('ListPoliciesForRole', (q) => q.RoleName === 'app-role', { Policies: { Policy: [] } }),
      rpc('ListTagResources', (q) => q.ResourceType === 'role' && q.ResourceNames === '["app-role"]', {
        TagResources: [{ ResourceName: 'app-role', ResourceType: 'role', TagKey: 'keep', TagValue: 'true' }],
      }),
      rpc('GetRole', (q) => q.RoleName === 'app-role', {
        Role: { RoleName: 'app-role', RoleId: '3001', Arn: 'acs:ram::1234567890123456:role/app-role' },
      }),
      rpc('ListPoliciesForRole', (q) => q.RoleName === 'app-role', { Policies: { Policy: [] } }),
      rpcError('ListTagResources', (q) => q.ResourceType === 'role', 403, 'NoPermission'),
      rpcError('GetRole', (q) => q.RoleName === 'app-role', 404, 'EntityNotExist.Role'),
    ];
    const scanned = { ...role('app-role'), tags: { env: 'test' } };
    expect(await ramRole.read(scanned, h.scanContext('global'))).toMatchObject({
      id: 'app-role',
      tags: { keep: 'true' },
      properties: { roleId: '3001' },
    });
    const denied = await ramRole.read(scanned, h.scanContext('global'));
    expect(denied?.tags).toBeUndefined();
    expect(denied?.tagsUnreadable).toMatch(/^NoPermission: /);
    expect(await ramRole.read(scanned, h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
