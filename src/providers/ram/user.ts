import { ramSdk } from '../../cloud/sdk.js';
import type { ListUsersResponseBodyUsersUser } from '@alicloud/ram20150501';
import type { RamClient } from '../../cloud/clients.js';
import type { CallerIdentity } from '../../cloud/identity.js';
import { GLOBAL, addressOf, type Resource, type ResourceType, type ScanContext, type Step } from '../contract.js';
import { detailConcurrency, mapConcurrently } from '../concurrency.js';
import { markerPages } from '../pagination.js';
import { attachedCustomPolicies, attachedPolicies, detachPolicies, policyRef } from './attachments.js';
import { isGone, unlessGone } from '../../cloud/errors.js';

const {
  DeleteLoginProfileRequest,
  DeleteUserRequest,
  GetUserRequest,
  ListGroupsForUserRequest,
  ListUsersRequest,
  RemoveUserFromGroupRequest,
  UnbindMFADeviceRequest,
} = ramSdk;

const TYPE = 'ram.user';
/** RAM list APIs: MaxItems 1–1000 (RAM API docs: ListUsers). */
export const RAM_PAGE = 1000;

export async function* listRamUsers(ram: RamClient): AsyncGenerator<ListUsersResponseBodyUsersUser> {
  const pages = markerPages(async (marker) => {
    const body = (await ram.listUsers(new ListUsersRequest({ maxItems: RAM_PAGE, marker }))).body;
    return { page: body?.users?.user ?? [], isTruncated: body?.isTruncated ?? false, marker: body?.marker };
  });
  for await (const page of pages) yield* page;
}

async function groupsOf(ram: RamClient, userName: string): Promise<string[]> {
  const body = (await ram.listGroupsForUser(new ListGroupsForUserRequest({ userName }))).body;
  return (body?.groups?.group ?? []).map((g) => g.groupName ?? '').filter((g) => g !== '');
}

async function describeUser(
  ram: RamClient,
  u: { userName?: string; userId?: string; displayName?: string; createDate?: string; comments?: string },
): Promise<Resource> {
  const name = u.userName ?? '';
  const [policies, groups] = await Promise.all([attachedPolicies(ram, 'user', name), groupsOf(ram, name)]);
  return {
    type: TYPE,
    region: GLOBAL,
    id: name,
    name,
    createdAt: u.createDate ? new Date(u.createDate).toISOString() : undefined,
    properties: {
      userId: u.userId ?? null,
      displayName: u.displayName ?? null,
      comments: u.comments ?? null,
      attachedPolicies: policies.map((p) => policyRef(p.policyType, p.policyName)),
      groups,
    },
  };
}

export function isCallerUser(userName: string, caller: CallerIdentity): boolean {
  return caller.identityType === 'RAMUser' && caller.ramUserName === userName;
}

function names(v: unknown): readonly string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export const ramUser: ResourceType = {
  type: TYPE,
  service: 'ram',
  scope: 'global',
  resourceCenterTypes: ['ACS::RAM::User'],
  tags: { none: true, keepInstead: 'keep users by name or id' },
  description: 'RAM user: policies detached, removed from groups, login profile and MFA removed, then deleted',
  stepSummary: ['detach-policies', 'remove-from-groups', 'delete-login-profile', 'unbind-mfa', 'delete'],
  // DeleteUser answers once the user is gone: later calls answer EntityNotExist.User (RAM API
  // docs: DeleteUser, GetUser); there is no deleting state.
  deletedWhenAnswered: true,
  dependsOn: ['ram.access-key'],
  touchesTypes: ['ram.group', 'ram.policy'],
  attachmentProperties: ['attachedPolicies', 'groups'],
  hints: {
    'DeleteConflict.User.AccessKey': 'the user still has AccessKeys (created after the plan?): run plan again so they are deleted first',
    'DeleteConflict.User.Policy': 'a policy was attached to the user during the teardown: run apply again',
    'DeleteConflict.User.Group': 'the user was added to a group during the teardown: run apply again',
  },

  async *list(ctx) {
    const ram = ctx.clients.ram();
    // Two detail calls per user: side by side, several users at once (the scan's call caps hold).
    yield* mapConcurrently(listRamUsers(ram), detailConcurrency(ctx), (u) => describeUser(ram, u));
  },

  dependencies(r, inventory) {
    // DeleteUser refuses while the user has AccessKeys (DeleteConflict.User.AccessKey, 409).
    const keys = inventory
      .byType('ram.access-key')
      .filter((k) => k.properties.userName === r.id)
      .map((k) => ({ address: addressOf(k.type, k.region, k.id), reason: 'access key of this user' }));
    // Removing the user from a group changes the group: a kept group (or one a kept user
    // belongs to) keeps all its members.
    const groups = names(r.properties.groups).map((g) => ({
      address: addressOf('ram.group', GLOBAL, g),
      reason: 'group this user would be removed from',
      keptWith: true,
    }));
    return [...keys, ...groups, ...attachedCustomPolicies(r, 'user')];
  },

  steps(r, ctx) {
    if (isCallerUser(r.id, ctx.caller))
      return [
        {
          action: 'delete',
          description: 'delete the user',
          blocked: 'the teardown runs as this user; delete it afterwards in the RAM console with another identity',
        },
      ];
    const steps: Step[] = [];
    const policies = names(r.properties.attachedPolicies);
    const groups = names(r.properties.groups);
    if (policies.length > 0)
      steps.push({
        action: 'detach-policies',
        description: `detach ${policies.length === 1 ? '1 policy' : `${policies.length} policies`} (${policies.join(', ')})`,
      });
    if (groups.length > 0)
      steps.push({
        action: 'remove-from-groups',
        description: `remove from ${groups.length === 1 ? '1 group' : `${groups.length} groups`} (${groups.join(', ')})`,
      });
    // Whether a user has a console password or an MFA device costs two calls per user to find
    // out; both steps are no-ops when there is none, so they are always planned.
    steps.push({ action: 'delete-login-profile', description: 'delete the console login profile, if any' });
    steps.push({ action: 'unbind-mfa', description: 'unbind the MFA device, if any' });
    steps.push({ action: 'delete', description: 'delete the user' });
    return steps;
  },

  async run(step, r, ctx) {
    const ram = ctx.clients.ram();
    switch (step.action) {
      // Policies and groups as read() found them just before the steps (see ResourceType.run).
      case 'detach-policies':
        await detachPolicies(ram, 'user', r.id, names(r.properties.attachedPolicies));
        return;
      case 'remove-from-groups':
        for (const groupName of names(r.properties.groups))
          await unlessGone(ram.removeUserFromGroup(new RemoveUserFromGroupRequest({ userName: r.id, groupName })));
        return;
      case 'delete-login-profile':
        // EntityNotExist.User.LoginProfile (404): the user has no console password.
        await unlessGone(ram.deleteLoginProfile(new DeleteLoginProfileRequest({ userName: r.id })));
        return;
      case 'unbind-mfa':
        // EntityNotExist.User.MFADevice (404): no MFA device bound.
        await unlessGone(ram.unbindMFADevice(new UnbindMFADeviceRequest({ userName: r.id })));
        return;
      case 'delete':
        await ram.deleteUser(new DeleteUserRequest({ userName: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx: ScanContext) {
    const ram = ctx.clients.ram();
    try {
      const user = (await ram.getUser(new GetUserRequest({ userName: r.id }))).body?.user;
      return user ? await describeUser(ram, user) : undefined;
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  },
};
