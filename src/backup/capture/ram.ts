/**
 * RAM identities as documents that can recreate them: a custom policy with every version's
 * document (ListPolicyVersions returns each version's PolicyDocument: RAM API docs,
 * ListPolicyVersions; @alicloud/ram20150501 ListPolicyVersionsResponseBody), a role with its
 * trust policy (GetRole AssumeRolePolicyDocument) and attached policies, a user with its
 * groups, attached policies, whether it has a console login and an MFA device, and its
 * AccessKey ids, a group with its members and attached policies.
 *
 * Secrets are never read: RAM returns no password and no AccessKey secret after creation
 * (ListAccessKeys lists ids and status only), so none can reach a backup.
 */
import { ramSdk } from '../../cloud/sdk.js';
import type { RamClient } from '../../cloud/clients.js';
import { isGone } from '../../cloud/errors.js';
import { markerPages } from '../../providers/pagination.js';
import { attachedPolicies } from '../../providers/ram/attachments.js';
import { encodeSegment } from '../object-paths.js';
import { jsonFile, type TypeBackup } from './context.js';

const {
  GetGroupRequest,
  GetLoginProfileRequest,
  GetPolicyRequest,
  GetRoleRequest,
  GetUserMFAInfoRequest,
  GetUserRequest,
  ListAccessKeysRequest,
  ListGroupsForUserRequest,
  ListPolicyVersionsRequest,
  ListUsersForGroupRequest,
} = ramSdk;

/** RAM list APIs: MaxItems 1–1000 (RAM API docs). */
const RAM_PAGE = 1000;

/** The call's result, or undefined when RAM answers EntityNotExist.* (no login profile, no MFA device). */
async function unlessMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

async function membersOf(ram: RamClient, groupName: string): Promise<Array<{ userName: string; joinDate: string | null }>> {
  const members: Array<{ userName: string; joinDate: string | null }> = [];
  const pages = markerPages(async (marker) => {
    const body = (await ram.listUsersForGroup(new ListUsersForGroupRequest({ groupName, maxItems: RAM_PAGE, marker }))).body;
    return { page: body?.users?.user ?? [], isTruncated: body?.isTruncated ?? false, marker: body?.marker };
  });
  for await (const page of pages) for (const u of page) members.push({ userName: u.userName ?? '', joinDate: u.joinDate ?? null });
  return members;
}

const SECRETS_NOTE =
  'its console password and AccessKey secrets: RAM never returns them after creation, so a recreated user needs a new password and new AccessKeys';

export const ramBackups: Readonly<Record<string, TypeBackup>> = {
  'ram.policy': {
    async capture(r, ctx) {
      const ram = ctx.clients.ram();
      const policy = (await ram.getPolicy(new GetPolicyRequest({ policyName: r.id, policyType: 'Custom' }))).body?.policy;
      const versions = (await ram.listPolicyVersions(new ListPolicyVersionsRequest({ policyName: r.id, policyType: 'Custom' }))).body
        ?.policyVersions?.policyVersion;
      const doc = {
        policyName: r.id,
        policyType: 'Custom',
        description: policy?.description ?? null,
        defaultVersion: policy?.defaultVersion ?? null,
        createDate: policy?.createDate ?? null,
        versions: (versions ?? []).map((v) => ({
          versionId: v.versionId ?? '',
          isDefaultVersion: v.isDefaultVersion ?? false,
          createDate: v.createDate ?? null,
          policyDocument: v.policyDocument ?? null,
        })),
      };
      return { files: [await ctx.dir.writeFile(`ram/policies/${encodeSegment(r.id)}.json`, jsonFile(doc))] };
    },
  },

  'ram.role': {
    async capture(r, ctx) {
      const ram = ctx.clients.ram();
      const role = (await ram.getRole(new GetRoleRequest({ roleName: r.id }))).body?.role;
      const doc = {
        roleName: r.id,
        arn: role?.arn ?? null,
        description: role?.description ?? null,
        maxSessionDuration: role?.maxSessionDuration ?? null,
        createDate: role?.createDate ?? null,
        assumeRolePolicyDocument: role?.assumeRolePolicyDocument ?? null,
        attachedPolicies: await attachedPolicies(ram, 'role', r.id),
      };
      return { files: [await ctx.dir.writeFile(`ram/roles/${encodeSegment(r.id)}.json`, jsonFile(doc))] };
    },
  },

  'ram.user': {
    cannotBackUp: SECRETS_NOTE,
    async capture(r, ctx) {
      const ram = ctx.clients.ram();
      const user = (await ram.getUser(new GetUserRequest({ userName: r.id }))).body?.user;
      const groups = (await ram.listGroupsForUser(new ListGroupsForUserRequest({ userName: r.id }))).body?.groups?.group ?? [];
      const login = (await unlessMissing(ram.getLoginProfile(new GetLoginProfileRequest({ userName: r.id }))))?.body?.loginProfile;
      const mfa = (await unlessMissing(ram.getUserMFAInfo(new GetUserMFAInfoRequest({ userName: r.id }))))?.body?.MFADevice;
      const keys = (await ram.listAccessKeys(new ListAccessKeysRequest({ userName: r.id }))).body?.accessKeys?.accessKey ?? [];
      const doc = {
        userName: r.id,
        userId: user?.userId ?? null,
        displayName: user?.displayName ?? null,
        email: user?.email ?? null,
        mobilePhone: user?.mobilePhone ?? null,
        comments: user?.comments ?? null,
        createDate: user?.createDate ?? null,
        groups: groups.map((g) => g.groupName ?? ''),
        attachedPolicies: await attachedPolicies(ram, 'user', r.id),
        loginProfile: login
          ? { present: true, passwordResetRequired: login.passwordResetRequired ?? null, mfaBindRequired: login.MFABindRequired ?? null }
          : { present: false },
        mfaDevice: mfa ? { present: true, serialNumber: mfa.serialNumber ?? null, type: mfa.type ?? null } : { present: false },
        // Ids and status only: RAM never returns a secret after creation.
        accessKeys: keys.map((k) => ({ accessKeyId: k.accessKeyId ?? '', status: k.status ?? null, createDate: k.createDate ?? null })),
      };
      return { files: [await ctx.dir.writeFile(`ram/users/${encodeSegment(r.id)}.json`, jsonFile(doc))] };
    },
  },

  'ram.group': {
    async capture(r, ctx) {
      const ram = ctx.clients.ram();
      const group = (await ram.getGroup(new GetGroupRequest({ groupName: r.id }))).body?.group;
      const doc = {
        groupName: r.id,
        groupId: group?.groupId ?? null,
        comments: group?.comments ?? null,
        createDate: group?.createDate ?? null,
        members: await membersOf(ram, r.id),
        attachedPolicies: await attachedPolicies(ram, 'group', r.id),
      };
      return { files: [await ctx.dir.writeFile(`ram/groups/${encodeSegment(r.id)}.json`, jsonFile(doc))] };
    },
  },

  'ram.access-key': {
    cannotBackUp:
      'the AccessKey secret: RAM never returns it after creation; whatever uses this key needs a new one (its id and status are in this manifest)',
  },
};
