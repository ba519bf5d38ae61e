/**
 * RAM 2015-05-01 (global): the reads and deletes a teardown needs, with RAM's real
 * preconditions and codes (RAM API docs, error codes of DeleteUser, DeleteGroup,
 * DeleteRole, DeletePolicy, DeletePolicyVersion; terraform-provider-alicloud
 * alicloud/resource_alicloud_ram_user.go, _ram_policy.go retry the same DeleteConflict.* codes):
 * - missing entities: `EntityNotExist.User|Group|Role|Policy|Policy.Version|User.AccessKey|
 *   User.LoginProfile|User.MFADevice|User.Group` (404);
 * - DeleteUser while anything hangs off the user: `DeleteConflict.User.AccessKey|Policy|Group|
 *   LoginProfile|MFADevice` (409); DeleteGroup: `DeleteConflict.Group.User|Policy`;
 *   DeleteRole: `DeleteConflict.Role.Policy`; DeletePolicy: `DeleteConflict.Policy.User|Group|
 *   Version`, and for a role attachment `DeleteConflict.Role.Policy` (what terraform retries
 *   there; no `DeleteConflict.Policy.Role` exists in any source); deleting the default
 *   version: `DeleteConflict.Policy.Version.Default` (all 409).
 * Lists page with Marker/MaxItems/IsTruncated (default 100, at most 1000, as documented).
 */
import {
  SandboxApiError,
  bool,
  jsonList,
  pageByMarker,
  pageByToken,
  required,
  type ProductModule,
  type RpcCall,
  type RpcHandler,
  type World,
} from '../framework.js';
import { isoSeconds } from './scenario-section.js';
import { matchesTagFilters, type SandboxTag } from './tagging.js';
import {
  findAccessKey,
  ramState,
  seedRam,
  type PolicyType,
  type PrincipalType,
  type RamGroup,
  type RamPolicy,
  type RamState,
  type RamUser,
} from './ram/state.js';

const PAGE = { defaultSize: 100, maxSize: 1000 } as const;

const notFound = (code: string, message: string) => new SandboxApiError(404, code, message);
const conflict = (code: string, message: string) => new SandboxApiError(409, code, message);

function user(state: RamState, name: string): RamUser {
  const u = state.users.get(name);
  if (!u) throw notFound('EntityNotExist.User', `The user does not exist: ${name}.`);
  return u;
}

function group(state: RamState, name: string) {
  const g = state.groups.get(name);
  if (!g) throw notFound('EntityNotExist.Group', `The group does not exist: ${name}.`);
  return g;
}

function role(state: RamState, name: string) {
  const r = state.roles.get(name);
  if (!r) throw notFound('EntityNotExist.Role', `The role does not exist: ${name}.`);
  return r;
}

function policyType(raw: string | undefined): PolicyType | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'System' || raw === 'Custom') return raw;
  throw new SandboxApiError(400, 'InvalidParameter.PolicyType', 'The parameter "PolicyType" must be System or Custom.');
}

function policy(state: RamState, name: string, type: string | undefined): RamPolicy {
  const p = state.policyByName(name, policyType(type));
  if (!p) throw notFound('EntityNotExist.Policy', `The policy does not exist: ${name}.`);
  return p;
}

/** The RAM user whose key signed the call; undefined when the root account's key did. */
function callerUserName(call: RpcCall, world: World): string | undefined {
  return findAccessKey(world, call.accessKeyId)?.userName;
}

function sortedByName<T>(items: Iterable<T>, name: (t: T) => string): T[] {
  return [...items].sort((a, b) => name(a).localeCompare(name(b)));
}

function markerPage<T>(items: readonly T[], call: RpcCall): { page: T[]; fields: Record<string, unknown> } {
  const { page, isTruncated, marker } = pageByMarker(items, call.params, PAGE);
  return { page, fields: isTruncated ? { IsTruncated: true, Marker: marker } : { IsTruncated: false } };
}

/** A user as ListUsers and GetUser return it. */
function userRow(u: RamUser) {
  return {
    UserId: u.userId,
    UserName: u.userName,
    DisplayName: u.displayName,
    Comments: u.comments,
    Email: u.email,
    MobilePhone: u.mobilePhone,
    CreateDate: isoSeconds(u.createDate),
    UpdateDate: isoSeconds(u.updateDate),
  };
}

/** A group as ListGroups and GetGroup return it. */
function groupRow(g: RamGroup) {
  return {
    GroupId: g.groupId,
    GroupName: g.groupName,
    Comments: g.comments,
    CreateDate: isoSeconds(g.createDate),
    UpdateDate: isoSeconds(g.updateDate),
  };
}

function policyRow(state: RamState, p: RamPolicy) {
  return {
    PolicyName: p.policyName,
    PolicyType: p.policyType,
    Description: p.description,
    DefaultVersion: p.defaultVersion,
    AttachmentCount: state.attachmentsOfPolicy(p).length,
    CreateDate: isoSeconds(p.createDate),
    UpdateDate: isoSeconds(p.updateDate),
  };
}

/** RAM 2015-05-01 ListRoles / ListPolicies: Tags.Tag[] of TagKey/TagValue (GetRole / GetPolicy have none). */
function tagsRow(tags: ReadonlyArray<{ readonly key: string; readonly value: string }>) {
  return { Tags: { Tag: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) } };
}

function policiesFor(state: RamState, principalType: PrincipalType, principalName: string) {
  const rows = state.attachmentsOf(principalType, principalName).flatMap((a) => {
    const p = state.policy(a.policyType, a.policyName);
    return p
      ? [
          {
            PolicyName: p.policyName,
            PolicyType: p.policyType,
            Description: p.description,
            DefaultVersion: p.defaultVersion,
            AttachDate: isoSeconds(a.attachDate),
          },
        ]
      : [];
  });
  return { Policies: { Policy: sortedByName(rows, (r) => r.PolicyName) } };
}

function detach(state: RamState, call: RpcCall, principalType: PrincipalType, principalName: string): Record<string, unknown> {
  const p = policy(state, required(call.params, 'PolicyName'), required(call.params, 'PolicyType'));
  const a = state.attachmentsOf(principalType, principalName).find((x) => x.policyName === p.policyName && x.policyType === p.policyType);
  if (!a)
    throw notFound(
      `EntityNotExist.${principalType}.Policy`,
      `The policy ${p.policyName} is not attached to the ${principalType.toLowerCase()} ${principalName}.`,
    );
  state.detach(a);
  return {};
}

const actions: Record<string, RpcHandler> = {
  // ---- users ---------------------------------------------------------------------------
  ListUsers(call, world) {
    const state = ramState(world);
    const { page, fields } = markerPage(
      sortedByName(state.users.values(), (u) => u.userName),
      call,
    );
    return {
      ...fields,
      Users: {
        User: page.map(userRow),
      },
    };
  },

  GetUser(call, world) {
    const u = user(ramState(world), required(call.params, 'UserName'));
    return {
      User: {
        ...userRow(u),
        ...(u.lastLoginDate !== undefined ? { LastLoginDate: isoSeconds(u.lastLoginDate) } : {}),
      },
    };
  },

  DeleteUser(call, world) {
    const state = ramState(world);
    const u = user(state, required(call.params, 'UserName'));
    if (state.keysOf(u.userName).length > 0)
      throw conflict('DeleteConflict.User.AccessKey', 'The user has access keys and cannot be deleted. Delete the access keys first.');
    if (state.groupsOf(u.userName).length > 0)
      throw conflict(
        'DeleteConflict.User.Group',
        'The user belongs to groups and cannot be deleted. Remove the user from the groups first.',
      );
    if (state.attachmentsOf('User', u.userName).length > 0)
      throw conflict('DeleteConflict.User.Policy', 'The user has policies attached and cannot be deleted. Detach the policies first.');
    if (u.loginProfile)
      throw conflict(
        'DeleteConflict.User.LoginProfile',
        'The user has a login profile and cannot be deleted. Delete the login profile first.',
      );
    if (u.mfaDevice)
      throw conflict(
        'DeleteConflict.User.MFADevice',
        'The user has an MFA device bound and cannot be deleted. Unbind the MFA device first.',
      );
    state.users.delete(u.userName);
    return {};
  },

  // ---- access keys ---------------------------------------------------------------------
  ListAccessKeys(call, world) {
    const state = ramState(world);
    // Without UserName, RAM lists the keys of the caller itself (RAM API docs: ListAccessKeys).
    const named = call.params.UserName;
    const owner = named ? user(state, named).userName : callerUserName(call, world);
    return {
      AccessKeys: {
        AccessKey: state.keysOf(owner).map((k) => ({ AccessKeyId: k.id, Status: k.status, CreateDate: isoSeconds(k.createDate) })),
      },
    };
  },

  DeleteAccessKey(call, world) {
    const state = ramState(world);
    const keyId = required(call.params, 'UserAccessKeyId');
    const named = call.params.UserName;
    const owner = named ? user(state, named).userName : callerUserName(call, world);
    const key = state.accessKeys.get(keyId);
    if (!key || key.userName !== owner) throw notFound('EntityNotExist.User.AccessKey', `The access key does not exist: ${keyId}.`);
    state.accessKeys.delete(keyId);
    return {};
  },

  // ---- login profile and MFA -----------------------------------------------------------
  GetLoginProfile(call, world) {
    const u = user(ramState(world), required(call.params, 'UserName'));
    if (!u.loginProfile) throw notFound('EntityNotExist.User.LoginProfile', `The login profile of user ${u.userName} does not exist.`);
    return {
      LoginProfile: {
        UserName: u.userName,
        PasswordResetRequired: u.loginProfile.passwordResetRequired,
        MFABindRequired: u.loginProfile.mfaBindRequired,
        CreateDate: isoSeconds(u.loginProfile.createDate),
      },
    };
  },

  DeleteLoginProfile(call, world) {
    const u = user(ramState(world), required(call.params, 'UserName'));
    if (!u.loginProfile) throw notFound('EntityNotExist.User.LoginProfile', `The login profile of user ${u.userName} does not exist.`);
    u.loginProfile = undefined;
    return {};
  },

  GetUserMFAInfo(call, world) {
    const u = user(ramState(world), required(call.params, 'UserName'));
    if (!u.mfaDevice) throw notFound('EntityNotExist.User.MFADevice', `The user ${u.userName} has no MFA device bound.`);
    return { MFADevice: { SerialNumber: u.mfaDevice.serialNumber, Type: u.mfaDevice.type } };
  },

  UnbindMFADevice(call, world) {
    const u = user(ramState(world), required(call.params, 'UserName'));
    if (!u.mfaDevice) throw notFound('EntityNotExist.User.MFADevice', `The user ${u.userName} has no MFA device bound.`);
    const serialNumber = u.mfaDevice.serialNumber;
    u.mfaDevice = undefined;
    return { MFADevice: { SerialNumber: serialNumber } };
  },

  // ---- groups --------------------------------------------------------------------------
  ListGroups(call, world) {
    const { page, fields } = markerPage(
      sortedByName(ramState(world).groups.values(), (g) => g.groupName),
      call,
    );
    return {
      ...fields,
      Groups: {
        Group: page.map(groupRow),
      },
    };
  },

  GetGroup(call, world) {
    const g = group(ramState(world), required(call.params, 'GroupName'));
    return {
      Group: groupRow(g),
    };
  },

  ListGroupsForUser(call, world) {
    const state = ramState(world);
    const u = user(state, required(call.params, 'UserName'));
    const groups = sortedByName(state.groupsOf(u.userName), (g) => g.groupName);
    return {
      Groups: {
        Group: groups.map((g) => ({
          GroupId: g.groupId,
          GroupName: g.groupName,
          Comments: g.comments,
          JoinDate: isoSeconds(g.members.get(u.userName) ?? g.createDate),
        })),
      },
    };
  },

  ListUsersForGroup(call, world) {
    const state = ramState(world);
    const g = group(state, required(call.params, 'GroupName'));
    const members = [...g.members.entries()].sort(([a], [b]) => a.localeCompare(b));
    const { page, fields } = markerPage(members, call);
    return {
      ...fields,
      Users: {
        User: page.map(([name, joined]) => ({
          UserName: name,
          DisplayName: state.users.get(name)?.displayName ?? name,
          JoinDate: isoSeconds(joined),
        })),
      },
    };
  },

  RemoveUserFromGroup(call, world) {
    const state = ramState(world);
    const g = group(state, required(call.params, 'GroupName'));
    const u = user(state, required(call.params, 'UserName'));
    if (!g.members.delete(u.userName))
      throw notFound('EntityNotExist.User.Group', `The user ${u.userName} is not a member of group ${g.groupName}.`);
    return {};
  },

  DeleteGroup(call, world) {
    const state = ramState(world);
    const g = group(state, required(call.params, 'GroupName'));
    if (g.members.size > 0)
      throw conflict('DeleteConflict.Group.User', 'The group has users and cannot be deleted. Remove the users first.');
    if (state.attachmentsOf('Group', g.groupName).length > 0)
      throw conflict('DeleteConflict.Group.Policy', 'The group has policies attached and cannot be deleted. Detach the policies first.');
    state.groups.delete(g.groupName);
    return {};
  },

  // ---- policies ------------------------------------------------------------------------
  ListPolicies(call, world) {
    const state = ramState(world);
    const type = policyType(call.params.PolicyType);
    const all = [...state.policies.values()]
      .filter((p) => type === undefined || p.policyType === type)
      .sort((a, b) => a.policyType.localeCompare(b.policyType) || a.policyName.localeCompare(b.policyName));
    const { page, fields } = markerPage(all, call);
    return { ...fields, Policies: { Policy: page.map((p) => ({ ...policyRow(state, p), ...tagsRow(p.tags) })) } };
  },

  GetPolicy(call, world) {
    const state = ramState(world);
    const p = policy(state, required(call.params, 'PolicyName'), required(call.params, 'PolicyType'));
    const v = p.versions.find((x) => x.versionId === p.defaultVersion);
    return {
      Policy: { ...policyRow(state, p), ...(v ? { PolicyDocument: v.document } : {}) },
      ...(v
        ? {
            DefaultPolicyVersion: {
              VersionId: v.versionId,
              IsDefaultVersion: true,
              PolicyDocument: v.document,
              CreateDate: isoSeconds(v.createDate),
            },
          }
        : {}),
    };
  },

  ListPoliciesForUser(call, world) {
    const state = ramState(world);
    return policiesFor(state, 'User', user(state, required(call.params, 'UserName')).userName);
  },

  ListPoliciesForGroup(call, world) {
    const state = ramState(world);
    return policiesFor(state, 'Group', group(state, required(call.params, 'GroupName')).groupName);
  },

  ListPoliciesForRole(call, world) {
    const state = ramState(world);
    return policiesFor(state, 'Role', role(state, required(call.params, 'RoleName')).roleName);
  },

  ListEntitiesForPolicy(call, world) {
    const state = ramState(world);
    const p = policy(state, required(call.params, 'PolicyName'), required(call.params, 'PolicyType'));
    const of = (t: PrincipalType) =>
      state
        .attachmentsOfPolicy(p)
        .filter((a) => a.principalType === t)
        .sort((a, b) => a.principalName.localeCompare(b.principalName));
    return {
      Users: {
        User: of('User').map((a) => {
          const u = state.users.get(a.principalName);
          return {
            UserName: a.principalName,
            UserId: u?.userId ?? '',
            DisplayName: u?.displayName ?? a.principalName,
            AttachDate: isoSeconds(a.attachDate),
          };
        }),
      },
      Groups: {
        Group: of('Group').map((a) => ({
          GroupName: a.principalName,
          Comments: state.groups.get(a.principalName)?.comments ?? '',
          AttachDate: isoSeconds(a.attachDate),
        })),
      },
      Roles: {
        Role: of('Role').map((a) => {
          const r = state.roles.get(a.principalName);
          return {
            RoleName: a.principalName,
            RoleId: r?.roleId ?? '',
            Arn: `acs:ram::${world.accountId}:role/${a.principalName}`,
            Description: r?.description ?? '',
            AttachDate: isoSeconds(a.attachDate),
          };
        }),
      },
    };
  },

  ListPolicyVersions(call, world) {
    const p = policy(ramState(world), required(call.params, 'PolicyName'), required(call.params, 'PolicyType'));
    return {
      PolicyVersions: {
        PolicyVersion: p.versions.map((v) => ({
          VersionId: v.versionId,
          IsDefaultVersion: v.versionId === p.defaultVersion,
          PolicyDocument: v.document,
          CreateDate: isoSeconds(v.createDate),
        })),
      },
    };
  },

  DeletePolicyVersion(call, world) {
    const p = policy(ramState(world), required(call.params, 'PolicyName'), 'Custom');
    const versionId = required(call.params, 'VersionId');
    const index = p.versions.findIndex((v) => v.versionId === versionId);
    if (index < 0) throw notFound('EntityNotExist.Policy.Version', `The policy version does not exist: ${versionId}.`);
    if (p.defaultVersion === versionId)
      throw conflict('DeleteConflict.Policy.Version.Default', 'The default version of a policy cannot be deleted.');
    p.versions.splice(index, 1);
    return {};
  },

  DeletePolicy(call, world) {
    const state = ramState(world);
    // Only custom policies can be deleted; a system policy name is simply not found among them.
    const p = policy(state, required(call.params, 'PolicyName'), 'Custom');
    if (bool(call.params.CascadingDelete)) {
      // CascadingDelete=true detaches the policy everywhere and drops its versions (RAM API docs: DeletePolicy).
      for (const a of state.attachmentsOfPolicy(p)) state.detach(a);
    } else {
      const attached = state.attachmentsOfPolicy(p);
      if (attached.some((a) => a.principalType === 'User'))
        throw conflict('DeleteConflict.Policy.User', 'The policy is attached to users and cannot be deleted.');
      if (attached.some((a) => a.principalType === 'Group'))
        throw conflict('DeleteConflict.Policy.Group', 'The policy is attached to groups and cannot be deleted.');
      if (attached.some((a) => a.principalType === 'Role'))
        throw conflict('DeleteConflict.Role.Policy', 'The policy is attached to roles and cannot be deleted.');
      if (p.versions.length > 1)
        throw conflict('DeleteConflict.Policy.Version', 'The policy has versions other than the default and cannot be deleted.');
    }
    state.policies.delete(`Custom:${p.policyName}`);
    return {};
  },

  DetachPolicyFromUser(call, world) {
    const state = ramState(world);
    return detach(state, call, 'User', user(state, required(call.params, 'UserName')).userName);
  },

  DetachPolicyFromGroup(call, world) {
    const state = ramState(world);
    return detach(state, call, 'Group', group(state, required(call.params, 'GroupName')).groupName);
  },

  DetachPolicyFromRole(call, world) {
    const state = ramState(world);
    return detach(state, call, 'Role', role(state, required(call.params, 'RoleName')).roleName);
  },

  // ---- roles ---------------------------------------------------------------------------
  ListRoles(call, world) {
    const { page, fields } = markerPage(
      sortedByName(ramState(world).roles.values(), (r) => r.roleName),
      call,
    );
    return {
      ...fields,
      Roles: {
        Role: page.map((r) => ({
          RoleId: r.roleId,
          RoleName: r.roleName,
          Arn: `acs:ram::${world.accountId}:role/${r.roleName}`,
          Description: r.description,
          MaxSessionDuration: r.maxSessionDuration,
          CreateDate: isoSeconds(r.createDate),
          UpdateDate: isoSeconds(r.updateDate),
          ...tagsRow(r.tags),
        })),
      },
    };
  },

  /**
   * RAM API docs, ListTagResources: ResourceType `role` | `policy` (required), ResourceNames a
   * JSON list of up to 50 names, Tag a JSON list of up to 20 {Key, Value}, PageSize 1–100,
   * NextToken; TagResources[] of ResourceName/ResourceType/TagKey/TagValue, one row per tag.
   */
  ListTagResources(call, world) {
    const state = ramState(world);
    const type = required(call.params, 'ResourceType');
    if (type !== 'role' && type !== 'policy')
      throw new SandboxApiError(400, 'InvalidParameter.ResourceType', 'The parameter "ResourceType" is invalid.');
    const names = jsonList(call.params.ResourceNames, 'ResourceNames');
    if (names.length > 50) throw new SandboxApiError(400, 'InvalidParameter.ResourceNames', 'The parameter "ResourceNames" is invalid.');
    const filters = tagFilterList(call.params.Tag);
    const tagged: Array<{ name: string; tags: ReadonlyArray<{ key: string; value: string }> }> =
      type === 'role'
        ? [...state.roles.values()].map((r) => ({ name: r.roleName, tags: r.tags }))
        : [...state.policies.values()].filter((p) => p.policyType === 'Custom').map((p) => ({ name: p.policyName, tags: p.tags }));
    const rows = tagged
      .filter((x) => names.length === 0 || names.includes(x.name))
      .filter((x) => matchesTagFilters(x.tags, filters))
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((x) => x.tags.map((t) => ({ ResourceName: x.name, ResourceType: type, TagKey: t.key, TagValue: t.value })));
    const page = pageByToken(
      rows,
      {
        ...(call.params.NextToken ? { NextToken: call.params.NextToken } : {}),
        ...(call.params.PageSize ? { MaxResults: call.params.PageSize } : {}),
      },
      { defaultSize: 50, maxSize: 100 },
    );
    return { TagResources: page.page, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },

  GetRole(call, world) {
    const r = role(ramState(world), required(call.params, 'RoleName'));
    return {
      Role: {
        RoleId: r.roleId,
        RoleName: r.roleName,
        Arn: `acs:ram::${world.accountId}:role/${r.roleName}`,
        Description: r.description,
        MaxSessionDuration: r.maxSessionDuration,
        AssumeRolePolicyDocument: JSON.stringify({
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: [`acs:ram::${world.accountId}:root`] } }],
          Version: '1',
        }),
        CreateDate: isoSeconds(r.createDate),
        UpdateDate: isoSeconds(r.updateDate),
      },
    };
  },

  DeleteRole(call, world) {
    const state = ramState(world);
    const r = role(state, required(call.params, 'RoleName'));
    // "The DeleteRole operation cannot be used to delete service-linked roles" (RAM API docs:
    // DeleteRole). The code the real API returns is UNCONFIRMED (no source found);
    // NoPermission.ServiceLinkedRole (400) is RAM's code for refused service-linked-role
    // operations, and a 400 keeps a client from retrying as it would a 409 conflict.
    if (r.path === '/aliyun-service-role/')
      throw new SandboxApiError(
        400,
        'NoPermission.ServiceLinkedRole',
        `The role ${r.roleName} is a service-linked role; delete it with DeleteServiceLinkedRole from the service that owns it.`,
      );
    if (state.attachmentsOf('Role', r.roleName).length > 0)
      throw conflict('DeleteConflict.Role.Policy', 'The role has policies attached and cannot be deleted. Detach the policies first.');
    state.roles.delete(r.roleName);
    return {};
  },
};

export const ramProduct: ProductModule = {
  product: 'ram',
  version: '2015-05-01',
  actions,
  seed: seedRam,
  dump(world) {
    const s = ramState(world);
    return {
      users: [...s.users.keys()].sort(),
      accessKeys: [...s.accessKeys.values()].map((k) => ({ id: k.id, status: k.status, userName: k.userName ?? '(root)' })),
      groups: [...s.groups.values()].map((g) => ({ name: g.groupName, members: [...g.members.keys()].sort() })),
      roles: [...s.roles.values()].map((r) => ({ name: r.roleName, path: r.path })),
      policies: [...s.policies.values()]
        .filter((p) => p.policyType === 'Custom')
        .map((p) => ({ name: p.policyName, defaultVersion: p.defaultVersion, versions: p.versions.map((v) => v.versionId) })),
      attachments: s.attachments.map((a) => ({ policy: `${a.policyType}:${a.policyName}`, to: `${a.principalType}:${a.principalName}` })),
    };
  },
};

/** RAM takes tag filters as a JSON list: `Tag=[{"Key":"env","Value":"prod"}]`. */
function tagFilterList(raw: string | undefined): SandboxTag[] {
  if (raw === undefined || raw === '') return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    v = undefined;
  }
  if (!Array.isArray(v) || v.length > 20) throw new SandboxApiError(400, 'InvalidParameter.Tag', 'The parameter "Tag" is invalid.');
  return v.map((t: unknown) => {
    const o = (typeof t === 'object' && t !== null ? t : {}) as { Key?: unknown; Value?: unknown };
    if (typeof o.Key !== 'string' || o.Key === '')
      throw new SandboxApiError(400, 'InvalidParameter.Tag', 'The parameter "Tag" is invalid.');
    return { key: o.Key, value: typeof o.Value === 'string' ? o.Value : '' };
  });
}
