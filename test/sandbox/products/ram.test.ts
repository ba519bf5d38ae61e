import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as RamModels from '@alicloud/ram20150501';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { ramProduct } from '../../../src/sandbox/products/ram.js';
import { ramClient, rpc, sdkError } from '../clients.js';
import { resetSandbox } from '../admin-client.js';
import { describeConformance, type ConformanceCase } from './conformance.js';

const RAM = '2015-05-01';
type Params = Record<string, string>;

const CASES: readonly ConformanceCase[] = [
  { action: 'ListUsers', params: {} },
  { action: 'GetUser', params: { UserName: 'alice' } },
  { action: 'ListAccessKeys', params: { UserName: 'alice' } },
  { action: 'ListAccessKeys', params: {} },
  { action: 'GetLoginProfile', params: { UserName: 'alice' } },
  { action: 'GetUserMFAInfo', params: { UserName: 'alice' } },
  { action: 'ListGroups', params: {} },
  { action: 'ListGroupsForUser', params: { UserName: 'alice' } },
  { action: 'ListUsersForGroup', params: { GroupName: 'developers' } },
  { action: 'ListPolicies', params: { PolicyType: 'Custom' } },
  { action: 'ListPolicies', params: { PolicyType: 'System' } },
  { action: 'ListPoliciesForUser', params: { UserName: 'alice' } },
  { action: 'ListPoliciesForGroup', params: { GroupName: 'developers' } },
  { action: 'ListPoliciesForRole', params: { RoleName: 'app-role' } },
  { action: 'ListEntitiesForPolicy', params: { PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' } },
  { action: 'ListPolicyVersions', params: { PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' } },
  { action: 'ListRoles', params: {} },
  { action: 'ListTagResources', params: { ResourceType: 'role', ResourceNames: '["app-role"]' } },
  { action: 'ListTagResources', params: { ResourceType: 'policy', Tag: '[{"Key":"team","Value":"demo"}]', PageSize: '1' } },
  { action: 'GetGroup', params: { GroupName: 'developers' } },
  { action: 'GetRole', params: { RoleName: 'app-role' } },
  { action: 'GetPolicy', params: { PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' } },
  { action: 'DeleteAccessKey', params: { UserName: 'alice', UserAccessKeyId: 'LTAI5tDemoAlice000001' } },
  { action: 'DeleteLoginProfile', params: { UserName: 'alice' } },
  { action: 'UnbindMFADevice', params: { UserName: 'alice' } },
  { action: 'RemoveUserFromGroup', params: { UserName: 'bob', GroupName: 'developers' } },
  { action: 'DetachPolicyFromUser', params: { UserName: 'alice', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' } },
  { action: 'DetachPolicyFromGroup', params: { GroupName: 'developers', PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' } },
  { action: 'DetachPolicyFromRole', params: { RoleName: 'app-role', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' } },
  { action: 'DeletePolicyVersion', params: { PolicyName: 'demo-custom-readonly', VersionId: 'v1' } },
  {
    action: 'DeleteUser',
    params: { UserName: 'bob' },
    setup: [
      ['DeleteAccessKey', { UserName: 'bob', UserAccessKeyId: 'LTAI5tDemoBob00000001' }],
      ['RemoveUserFromGroup', { UserName: 'bob', GroupName: 'developers' }],
    ],
  },
  {
    action: 'DeleteGroup',
    params: { GroupName: 'developers' },
    setup: [
      ['RemoveUserFromGroup', { UserName: 'alice', GroupName: 'developers' }],
      ['RemoveUserFromGroup', { UserName: 'bob', GroupName: 'developers' }],
      ['DetachPolicyFromGroup', { GroupName: 'developers', PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }],
    ],
  },
  {
    action: 'DeleteRole',
    params: { RoleName: 'app-role' },
    setup: [['DetachPolicyFromRole', { RoleName: 'app-role', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' }]],
  },
  {
    action: 'DeletePolicy',
    params: { PolicyName: 'demo-custom-readonly' },
    setup: [
      ['DetachPolicyFromUser', { UserName: 'alice', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' }],
      ['DetachPolicyFromRole', { RoleName: 'app-role', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' }],
      ['DeletePolicyVersion', { PolicyName: 'demo-custom-readonly', VersionId: 'v1' }],
      ['DeletePolicyVersion', { PolicyName: 'demo-custom-readonly', VersionId: 'v2' }],
    ],
  },
];

describeConformance({ title: 'RAM', product: ramProduct, models: RamModels, client: (sb) => ramClient(sb), cases: CASES });

describe('RAM behaviour', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());
  beforeEach(() => resetSandbox(sb));

  it('lists the demo users, keys and policies with their real values', async () => {
    const users = await ramClient(sb).listUsers(new RamModels.ListUsersRequest({}));
    expect(users.body?.users?.user?.map((u) => u.userName)).toEqual(['alice', 'bob', 'teardown-bot']);
    const keys = await ramClient(sb).listAccessKeys(new RamModels.ListAccessKeysRequest({ userName: 'alice' }));
    expect(keys.body?.accessKeys?.accessKey?.map((k) => [k.accessKeyId, k.status])).toEqual([
      ['LTAI5tDemoAlice000001', 'Active'],
      ['LTAI5tDemoAlice000002', 'Inactive'],
    ]);
    const versions = await ramClient(sb).listPolicyVersions(
      new RamModels.ListPolicyVersionsRequest({ policyName: 'demo-custom-readonly', policyType: 'Custom' }),
    );
    expect(versions.body?.policyVersions?.policyVersion?.map((v) => [v.versionId, v.isDefaultVersion])).toEqual([
      ['v1', false],
      ['v2', false],
      ['v3', true],
    ]);
    const entities = await ramClient(sb).listEntitiesForPolicy(
      new RamModels.ListEntitiesForPolicyRequest({ policyName: 'demo-custom-readonly', policyType: 'Custom' }),
    );
    expect(entities.body?.users?.user?.map((u) => u.userName)).toEqual(['alice']);
    expect(entities.body?.roles?.role?.map((r) => r.roleName)).toEqual(['app-role']);
    expect(entities.body?.groups?.group).toEqual([]);
  });

  it("ListAccessKeys without UserName lists the caller's own keys (RAM user and root)", async () => {
    const own = await ramClient(sb).listAccessKeys(new RamModels.ListAccessKeysRequest({}));
    expect(own.body?.accessKeys?.accessKey?.map((k) => k.accessKeyId)).toEqual(['LTAI5tDemoTeardownBot01']);
    const root = ramClient(sb, { accessKeyId: 'LTAI5tDemoRootKey00001', accessKeySecret: 'demoSecretRootKey000000000000000000' });
    const rootKeys = await root.listAccessKeys(new RamModels.ListAccessKeysRequest({}));
    expect(rootKeys.body?.accessKeys?.accessKey?.map((k) => k.accessKeyId)).toEqual(['LTAI5tDemoRootKey00001']);
  });

  it('pages ListUsers, ListPolicies and ListRoles with Marker/MaxItems/IsTruncated', async () => {
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const res = await ramClient(sb).listUsers(new RamModels.ListUsersRequest({ maxItems: 1, ...(marker ? { marker } : {}) }));
      names.push(...(res.body?.users?.user ?? []).map((u) => u.userName ?? ''));
      marker = res.body?.isTruncated ? res.body.marker : undefined;
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(names).toEqual(['alice', 'bob', 'teardown-bot']);

    const first = await ramClient(sb).listPolicies(new RamModels.ListPoliciesRequest({ policyType: 'System', maxItems: 5 }));
    expect(first.body?.isTruncated).toBe(true);
    expect(first.body?.policies?.policy).toHaveLength(5);
    const rest = await ramClient(sb).listPolicies(
      new RamModels.ListPoliciesRequest({ policyType: 'System', maxItems: 5, marker: first.body?.marker }),
    );
    expect(rest.body?.isTruncated).toBe(false);
    expect(rest.body?.marker).toBeUndefined();
    const all = [...(first.body?.policies?.policy ?? []), ...(rest.body?.policies?.policy ?? [])].map((p) => p.policyName);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('AdministratorAccess');

    const roles = await ramClient(sb).listRoles(new RamModels.ListRolesRequest({ maxItems: 1 }));
    expect(roles.body?.isTruncated).toBe(true);
    expect(roles.body?.roles?.role?.map((r) => r.roleName)).toEqual(['AliyunServiceRoleForSLB']);
  });

  it('refuses DeleteUser while anything hangs off the user, with the documented code for each (409)', async () => {
    const expected: Array<[string, string, Params]> = [
      ['DeleteConflict.User.AccessKey', 'DeleteAccessKey', { UserName: 'alice', UserAccessKeyId: 'LTAI5tDemoAlice000001' }],
      ['DeleteConflict.User.AccessKey', 'DeleteAccessKey', { UserName: 'alice', UserAccessKeyId: 'LTAI5tDemoAlice000002' }],
      ['DeleteConflict.User.Group', 'RemoveUserFromGroup', { UserName: 'alice', GroupName: 'developers' }],
      [
        'DeleteConflict.User.Policy',
        'DetachPolicyFromUser',
        { UserName: 'alice', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' },
      ],
      ['DeleteConflict.User.LoginProfile', 'DeleteLoginProfile', { UserName: 'alice' }],
      ['DeleteConflict.User.MFADevice', 'UnbindMFADevice', { UserName: 'alice' }],
    ];
    for (const [code, fixAction, fixParams] of expected) {
      const err = await sdkError(ramClient(sb).deleteUser(new RamModels.DeleteUserRequest({ userName: 'alice' })));
      expect(err).toMatchObject({ code, statusCode: 409 });
      await rpc(sb, RAM, fixAction, fixParams);
    }
    await ramClient(sb).deleteUser(new RamModels.DeleteUserRequest({ userName: 'alice' }));
    const gone = await sdkError(ramClient(sb).getUser(new RamModels.GetUserRequest({ userName: 'alice' })));
    expect(gone).toMatchObject({ code: 'EntityNotExist.User', statusCode: 404 });
  });

  it('reports missing entities with EntityNotExist.* (404)', async () => {
    const cases: Array<[string, Params, string]> = [
      ['DeleteUser', { UserName: 'nobody' }, 'EntityNotExist.User'],
      ['DeleteAccessKey', { UserName: 'alice', UserAccessKeyId: 'LTAI5tDemoBob00000001' }, 'EntityNotExist.User.AccessKey'],
      ['GetLoginProfile', { UserName: 'bob' }, 'EntityNotExist.User.LoginProfile'],
      ['DeleteLoginProfile', { UserName: 'bob' }, 'EntityNotExist.User.LoginProfile'],
      ['GetUserMFAInfo', { UserName: 'bob' }, 'EntityNotExist.User.MFADevice'],
      ['UnbindMFADevice', { UserName: 'bob' }, 'EntityNotExist.User.MFADevice'],
      ['RemoveUserFromGroup', { UserName: 'teardown-bot', GroupName: 'developers' }, 'EntityNotExist.User.Group'],
      ['DeleteGroup', { GroupName: 'nobody' }, 'EntityNotExist.Group'],
      ['DeleteRole', { RoleName: 'nobody' }, 'EntityNotExist.Role'],
      ['DeletePolicy', { PolicyName: 'AdministratorAccess' }, 'EntityNotExist.Policy'],
      ['DeletePolicyVersion', { PolicyName: 'demo-custom-readonly', VersionId: 'v9' }, 'EntityNotExist.Policy.Version'],
      ['DetachPolicyFromUser', { UserName: 'bob', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' }, 'EntityNotExist.User.Policy'],
    ];
    for (const [action, params, code] of cases) {
      const err = await sdkError(rpc(sb, RAM, action, params));
      expect([action, err.code, err.statusCode]).toEqual([action, code, 404]);
    }
  });

  it('refuses DeleteGroup, DeleteRole, DeletePolicy and DeletePolicyVersion while something depends on them (409)', async () => {
    const groupErr = await sdkError(ramClient(sb).deleteGroup(new RamModels.DeleteGroupRequest({ groupName: 'developers' })));
    expect(groupErr).toMatchObject({ code: 'DeleteConflict.Group.User', statusCode: 409 });
    await rpc(sb, RAM, 'RemoveUserFromGroup', { UserName: 'alice', GroupName: 'developers' });
    await rpc(sb, RAM, 'RemoveUserFromGroup', { UserName: 'bob', GroupName: 'developers' });
    expect(await sdkError(rpc(sb, RAM, 'DeleteGroup', { GroupName: 'developers' }))).toMatchObject({
      code: 'DeleteConflict.Group.Policy',
      statusCode: 409,
    });

    expect(await sdkError(rpc(sb, RAM, 'DeleteRole', { RoleName: 'app-role' }))).toMatchObject({
      code: 'DeleteConflict.Role.Policy',
      statusCode: 409,
    });

    const policy = { PolicyName: 'demo-custom-readonly' };
    expect(await sdkError(rpc(sb, RAM, 'DeletePolicy', policy))).toMatchObject({ code: 'DeleteConflict.Policy.User', statusCode: 409 });
    await rpc(sb, RAM, 'DetachPolicyFromUser', { UserName: 'alice', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' });
    expect(await sdkError(rpc(sb, RAM, 'DeletePolicy', policy))).toMatchObject({ code: 'DeleteConflict.Role.Policy', statusCode: 409 });
    await rpc(sb, RAM, 'DetachPolicyFromRole', { RoleName: 'app-role', PolicyName: 'demo-custom-readonly', PolicyType: 'Custom' });
    expect(await sdkError(rpc(sb, RAM, 'DeletePolicy', policy))).toMatchObject({ code: 'DeleteConflict.Policy.Version', statusCode: 409 });
    expect(await sdkError(rpc(sb, RAM, 'DeletePolicyVersion', { ...policy, VersionId: 'v3' }))).toMatchObject({
      code: 'DeleteConflict.Policy.Version.Default',
      statusCode: 409,
    });
    await rpc(sb, RAM, 'DeletePolicyVersion', { ...policy, VersionId: 'v1' });
    await rpc(sb, RAM, 'DeletePolicyVersion', { ...policy, VersionId: 'v2' });
    await rpc(sb, RAM, 'DeletePolicy', policy);
    expect(await sdkError(rpc(sb, RAM, 'ListPolicyVersions', { ...policy, PolicyType: 'Custom' }))).toMatchObject({
      code: 'EntityNotExist.Policy',
    });
  });

  it('DeletePolicy with CascadingDelete=true detaches and drops versions in one call', async () => {
    await rpc(sb, RAM, 'DeletePolicy', { PolicyName: 'demo-custom-readonly', CascadingDelete: 'true' });
    const forAlice = await ramClient(sb).listPoliciesForUser(new RamModels.ListPoliciesForUserRequest({ userName: 'alice' }));
    expect(forAlice.body?.policies?.policy).toEqual([]);
  });

  it('refuses to delete a service-linked role with DeleteRole', async () => {
    const err = await sdkError(ramClient(sb).deleteRole(new RamModels.DeleteRoleRequest({ roleName: 'AliyunServiceRoleForSLB' })));
    expect(err).toMatchObject({ code: 'NoPermission.ServiceLinkedRole', statusCode: 400 });
    const roles = await ramClient(sb).listRoles(new RamModels.ListRolesRequest({}));
    expect(roles.body?.roles?.role?.map((r) => r.roleName)).toContain('AliyunServiceRoleForSLB');
  });
});
