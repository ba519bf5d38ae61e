import { ramSdk } from '../../cloud/sdk.js';
import type { RamClient } from '../../cloud/clients.js';
import { GLOBAL, addressOf, type Resource, type ResourceType, type Step } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { markerPages } from '../pagination.js';
import { attachedCustomPolicies, attachedPolicies, detachPolicies, policyRef } from './attachments.js';
import { RAM_PAGE } from './user.js';
import { isGone, unlessGone } from '../../cloud/errors.js';

const { DeleteGroupRequest, GetGroupRequest, ListGroupsRequest, ListUsersForGroupRequest, RemoveUserFromGroupRequest } = ramSdk;

const TYPE = 'ram.group';

async function membersOf(ram: RamClient, groupName: string): Promise<string[]> {
  const members: string[] = [];
  const pages = markerPages(async (marker) => {
    const body = (await ram.listUsersForGroup(new ListUsersForGroupRequest({ groupName, maxItems: RAM_PAGE, marker }))).body;
    return { page: body?.users?.user ?? [], isTruncated: body?.isTruncated ?? false, marker: body?.marker };
  });
  for await (const page of pages) for (const u of page) if (u.userName) members.push(u.userName);
  return members;
}

async function describeGroup(
  ram: RamClient,
  g: { groupName?: string; groupId?: string; comments?: string; createDate?: string },
): Promise<Resource> {
  const name = g.groupName ?? '';
  const [policies, members] = await Promise.all([attachedPolicies(ram, 'group', name), membersOf(ram, name)]);
  return {
    type: TYPE,
    region: GLOBAL,
    id: name,
    name,
    createdAt: g.createDate ? new Date(g.createDate).toISOString() : undefined,
    properties: {
      groupId: g.groupId ?? null,
      comments: g.comments ?? null,
      memberUserNames: members,
      attachedPolicies: policies.map((p) => policyRef(p.policyType, p.policyName)),
    },
  };
}

function names(v: unknown): readonly string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export const ramGroup: ResourceType = {
  type: TYPE,
  service: 'ram',
  scope: 'global',
  resourceCenterTypes: ['ACS::RAM::Group'],
  tags: { none: true, keepInstead: 'keep groups by name, or keep a member user (a kept user keeps its groups)' },
  description: 'RAM group: members removed, policies detached, then deleted (after its member users)',
  stepSummary: ['remove-members', 'detach-policies', 'delete'],
  // DeleteGroup is synchronous: no deleting state, GetGroup then answers EntityNotExist.Group (RAM API docs).
  deletedWhenAnswered: true,
  dependsOn: ['ram.user'],
  touchesTypes: ['ram.policy'],
  attachmentProperties: ['attachedPolicies', 'memberUserNames'],
  hints: {
    'DeleteConflict.Group.User': 'a user was added to the group during the teardown: run apply again',
    'DeleteConflict.Group.Policy': 'a policy was attached to the group during the teardown: run apply again',
  },

  async *list(ctx) {
    const ram = ctx.clients.ram();
    const pages = markerPages(async (marker) => {
      const body = (await ram.listGroups(new ListGroupsRequest({ maxItems: RAM_PAGE, marker }))).body;
      return { page: body?.groups?.group ?? [], isTruncated: body?.isTruncated ?? false, marker: body?.marker };
    });
    yield* mapConcurrently(eachItem(pages), detailConcurrency(ctx), (g) => describeGroup(ram, g));
  },

  /**
   * A group goes after its members. Deleting it first would strip its policies from users
   * that are kept or blocked — above all the caller, whose permissions may come from this
   * group: the teardown would lose its rights half-way. A kept or blocked member therefore
   * blocks the group, and the members' own remove-from-groups steps usually leave it empty.
   */
  dependencies(r) {
    return [
      ...names(r.properties.memberUserNames).map((u) => ({ address: addressOf('ram.user', GLOBAL, u), reason: 'member of this group' })),
      ...attachedCustomPolicies(r, 'group'),
    ];
  },

  steps(r) {
    const steps: Step[] = [];
    const members = names(r.properties.memberUserNames);
    const policies = names(r.properties.attachedPolicies);
    if (members.length > 0)
      steps.push({
        action: 'remove-members',
        description: `remove ${members.length === 1 ? '1 member' : `${members.length} members`} (${members.join(', ')})`,
      });
    if (policies.length > 0)
      steps.push({
        action: 'detach-policies',
        description: `detach ${policies.length === 1 ? '1 policy' : `${policies.length} policies`} (${policies.join(', ')})`,
      });
    steps.push({ action: 'delete', description: 'delete the group' });
    return steps;
  },

  async run(step, r, ctx) {
    const ram = ctx.clients.ram();
    switch (step.action) {
      // Members and policies as read() found them just before the steps (see ResourceType.run).
      case 'remove-members':
        for (const userName of names(r.properties.memberUserNames))
          await unlessGone(ram.removeUserFromGroup(new RemoveUserFromGroupRequest({ groupName: r.id, userName })));
        return;
      case 'detach-policies':
        await detachPolicies(ram, 'group', r.id, names(r.properties.attachedPolicies));
        return;
      case 'delete':
        await ram.deleteGroup(new DeleteGroupRequest({ groupName: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    const ram = ctx.clients.ram();
    try {
      const group = (await ram.getGroup(new GetGroupRequest({ groupName: r.id }))).body?.group;
      return group ? await describeGroup(ram, group) : undefined;
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  },
};
