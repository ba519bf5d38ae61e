import { ramSdk } from '../../cloud/sdk.js';
import type { RamClient } from '../../cloud/clients.js';
import { GLOBAL, addressOf, type Resource, type ResourceType, type Step } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { markerPages } from '../pagination.js';
import { detachPolicy, listedTags, policyRef, ramTagsOf } from './attachments.js';
import { withTags, type TagRead } from '../tags.js';
import { RAM_PAGE } from './user.js';
import { isGone, unlessGone } from '../../cloud/errors.js';

const {
  DeletePolicyRequest,
  DeletePolicyVersionRequest,
  GetPolicyRequest,
  ListEntitiesForPolicyRequest,
  ListPoliciesRequest,
  ListPolicyVersionsRequest,
} = ramSdk;

const TYPE = 'ram.policy';
const CUSTOM = 'Custom';

interface PolicySummary {
  policyName?: string;
  description?: string;
  defaultVersion?: string;
  attachmentCount?: number;
  createDate?: string;
}

async function versionsOf(ram: RamClient, policyName: string) {
  const body = (await ram.listPolicyVersions(new ListPolicyVersionsRequest({ policyName, policyType: CUSTOM }))).body;
  return body?.policyVersions?.policyVersion ?? [];
}

async function describePolicy(ram: RamClient, p: PolicySummary, tags: TagRead): Promise<Resource> {
  const name = p.policyName ?? '';
  const versions = await versionsOf(ram, name);
  return withTags(describedPolicy(p, name, versions), tags);
}

function describedPolicy(p: PolicySummary, name: string, versions: Array<{ versionId?: string; isDefaultVersion?: boolean }>): Resource {
  return {
    type: TYPE,
    region: GLOBAL,
    id: name,
    name,
    createdAt: p.createDate ? new Date(p.createDate).toISOString() : undefined,
    properties: {
      policyType: CUSTOM,
      description: p.description ?? null,
      defaultVersion: p.defaultVersion ?? null,
      attachmentCount: p.attachmentCount ?? 0,
      nonDefaultVersions: versions.filter((v) => !v.isDefaultVersion).map((v) => v.versionId ?? ''),
    },
  };
}

const PRINCIPAL_TYPES = [
  ['ram.user', 'user'],
  ['ram.group', 'group'],
  ['ram.role', 'role'],
] as const;

export const ramPolicy: ResourceType = {
  type: TYPE,
  service: 'ram',
  scope: 'global',
  resourceCenterTypes: ['ACS::RAM::Policy'],
  tags: { source: "ListPolicies (each policy's Tags); re-read with ListTagResources (ResourceType policy)" },
  description: 'RAM custom policy: detached everywhere, non-default versions deleted, then deleted (system policies are not listed)',
  stepSummary: ['detach', 'delete-versions', 'delete'],
  // DeletePolicy is synchronous: no deleting state, GetPolicy then answers EntityNotExist.Policy (RAM API docs).
  deletedWhenAnswered: true,
  dependsOn: ['ram.user', 'ram.group', 'ram.role'],
  hints: {
    'DeleteConflict.Policy.User': 'the policy was attached to a user during the teardown: run apply again',
    'DeleteConflict.Policy.Group': 'the policy was attached to a group during the teardown: run apply again',
    'DeleteConflict.Policy.Version': 'a policy version was created during the teardown: run apply again',
  },

  async *list(ctx) {
    const ram = ctx.clients.ram();
    const pages = markerPages(async (marker) => {
      const body = (await ram.listPolicies(new ListPoliciesRequest({ policyType: CUSTOM, maxItems: RAM_PAGE, marker }))).body;
      return { page: body?.policies?.policy ?? [], isTruncated: body?.isTruncated ?? false, marker: body?.marker };
    });
    yield* mapConcurrently(eachItem(pages), detailConcurrency(ctx), (p) => describePolicy(ram, p, { tags: listedTags(p.tags) }));
  },

  /**
   * A custom policy goes after every user, group and role it is attached to: detaching it
   * from a kept or blocked principal (the caller above all) would change what that principal
   * may do. Those principals' own detach steps release it; a kept one blocks the policy.
   */
  dependencies(r, inventory) {
    const ref = policyRef(CUSTOM, r.id);
    return PRINCIPAL_TYPES.flatMap(([type, kind]) =>
      inventory
        .byType(type)
        .filter((p) => Array.isArray(p.properties.attachedPolicies) && p.properties.attachedPolicies.includes(ref))
        .map((p) => ({ address: addressOf(p.type, p.region, p.id), reason: `${kind} this policy is attached to` })),
    );
  },

  steps(r) {
    const steps: Step[] = [];
    const versions = Array.isArray(r.properties.nonDefaultVersions) ? r.properties.nonDefaultVersions : [];
    if (typeof r.properties.attachmentCount === 'number' && r.properties.attachmentCount > 0)
      steps.push({
        action: 'detach',
        description: `detach from the ${r.properties.attachmentCount} users, groups and roles still using it`,
      });
    if (versions.length > 0)
      steps.push({
        action: 'delete-versions',
        description: `delete ${versions.length === 1 ? '1 non-default version' : `${versions.length} non-default versions`} (${versions.join(', ')})`,
      });
    steps.push({ action: 'delete', description: 'delete the policy' });
    return steps;
  },

  async run(step, r, ctx) {
    const ram = ctx.clients.ram();
    switch (step.action) {
      case 'detach': {
        const body = (await ram.listEntitiesForPolicy(new ListEntitiesForPolicyRequest({ policyName: r.id, policyType: CUSTOM }))).body;
        const attached = { policyName: r.id, policyType: CUSTOM };
        for (const u of body?.users?.user ?? []) if (u.userName) await detachPolicy(ram, 'user', u.userName, attached);
        for (const g of body?.groups?.group ?? []) if (g.groupName) await detachPolicy(ram, 'group', g.groupName, attached);
        for (const role of body?.roles?.role ?? []) if (role.roleName) await detachPolicy(ram, 'role', role.roleName, attached);
        return;
      }
      case 'delete-versions':
        // The default version cannot be deleted (DeleteConflict.Policy.Version.Default, 409); it goes with the policy.
        // The versions read() found just before the steps (see ResourceType.run).
        for (const versionId of Array.isArray(r.properties.nonDefaultVersions) ? r.properties.nonDefaultVersions : [])
          if (versionId) await unlessGone(ram.deletePolicyVersion(new DeletePolicyVersionRequest({ policyName: r.id, versionId })));
        return;
      case 'delete':
        await ram.deletePolicy(new DeletePolicyRequest({ policyName: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    const ram = ctx.clients.ram();
    try {
      const policy = (await ram.getPolicy(new GetPolicyRequest({ policyName: r.id, policyType: CUSTOM }))).body?.policy;
      return policy ? await describePolicy(ram, policy, await ramTagsOf(ram, 'policy', r.id)) : undefined;
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  },
};
