/**
 * Policies attached to RAM principals (users, groups, roles): listing them for the scan and
 * detaching them before a principal or a custom policy is deleted.
 */
import { ramSdk } from '../../cloud/sdk.js';
import type { RamClient } from '../../cloud/clients.js';
import { unlessGone } from '../../cloud/errors.js';
import { tagReadFailure, type TagRead } from '../tags.js';
import { GLOBAL, addressOf, type Dependency, type Resource } from '../contract.js';

const {
  DetachPolicyFromGroupRequest,
  DetachPolicyFromRoleRequest,
  DetachPolicyFromUserRequest,
  ListPoliciesForGroupRequest,
  ListPoliciesForRoleRequest,
  ListPoliciesForUserRequest,
  ListTagResourcesRequest,
} = ramSdk;

export type PrincipalKind = 'user' | 'group' | 'role';

export interface AttachedPolicy {
  readonly policyName: string;
  /** `System` or `Custom`. */
  readonly policyType: string;
}

/** `Custom:demo-readonly`: how attachments are stored in a principal's `attachedPolicies` property. */
export function policyRef(policyType: string, policyName: string): string {
  return `${policyType}:${policyName}`;
}

/**
 * `keptWith` dependencies of a principal on the custom policies attached to it: detaching one
 * names the policy (DetachPolicyFrom*), so a kept policy — or one a kept principal holds —
 * keeps every principal it is attached to. System policies are Alibaba Cloud's, never kept.
 */
export function attachedCustomPolicies(r: Resource, kind: PrincipalKind): Dependency[] {
  const refs = Array.isArray(r.properties.attachedPolicies) ? r.properties.attachedPolicies : [];
  return refs
    .filter((ref) => ref.startsWith('Custom:'))
    .map((ref) => ({
      address: addressOf('ram.policy', GLOBAL, ref.slice('Custom:'.length)),
      reason: `custom policy attached to this ${kind}`,
      keptWith: true,
    }));
}

export async function attachedPolicies(ram: RamClient, kind: PrincipalKind, name: string): Promise<AttachedPolicy[]> {
  const body =
    kind === 'user'
      ? (await ram.listPoliciesForUser(new ListPoliciesForUserRequest({ userName: name }))).body
      : kind === 'group'
        ? (await ram.listPoliciesForGroup(new ListPoliciesForGroupRequest({ groupName: name }))).body
        : (await ram.listPoliciesForRole(new ListPoliciesForRoleRequest({ roleName: name }))).body;
  return (body?.policies?.policy ?? []).map((p) => ({ policyName: p.policyName ?? '', policyType: p.policyType ?? '' }));
}

export async function detachPolicy(ram: RamClient, kind: PrincipalKind, name: string, p: AttachedPolicy): Promise<void> {
  // EntityNotExist.User.Policy / .Group.Policy / .Role.Policy (404): already detached, nothing to do.
  await unlessGone(
    kind === 'user'
      ? ram.detachPolicyFromUser(new DetachPolicyFromUserRequest({ userName: name, policyName: p.policyName, policyType: p.policyType }))
      : kind === 'group'
        ? ram.detachPolicyFromGroup(
            new DetachPolicyFromGroupRequest({ groupName: name, policyName: p.policyName, policyType: p.policyType }),
          )
        : ram.detachPolicyFromRole(new DetachPolicyFromRoleRequest({ roleName: name, policyName: p.policyName, policyType: p.policyType })),
  );
}

/**
 * Detaches the policies `refs` names (`Custom:name`, as in `attachedPolicies`). Steps pass the
 * principal's properties as apply re-read them just before its steps (not what the plan saw):
 * anything attached since makes the delete fail with DeleteConflict.*.Policy, whose hint says
 * to run apply again.
 */
export async function detachPolicies(ram: RamClient, kind: PrincipalKind, name: string, refs: readonly string[]): Promise<void> {
  for (const ref of refs) {
    // Policy names have no colon (RAM: letters, digits and hyphens), so the first one splits type from name.
    const colon = ref.indexOf(':');
    if (colon > 0) await detachPolicy(ram, kind, name, { policyType: ref.slice(0, colon), policyName: ref.slice(colon + 1) });
  }
}

/**
 * The tags of one role or policy now. ListRoles and ListPolicies carry tags (RAM 2015-05-01,
 * Roles.Role[].Tags.Tag[] / Policies.Policy[].Tags.Tag[] of TagKey/TagValue), but GetRole and
 * GetPolicy do not: a re-read asks ListTagResources (RAM API docs: ListTagResources —
 * ResourceType `role` | `policy`, ResourceNames a JSON list of up to 50 names, NextToken;
 * TagResources[] of ResourceName/TagKey/TagValue).
 */
export async function ramTagsOf(ram: RamClient, resourceType: 'role' | 'policy', name: string): Promise<TagRead> {
  try {
    const tags: Record<string, string> = {};
    let nextToken: string | undefined;
    do {
      const body = (await ram.listTagResources(new ListTagResourcesRequest({ resourceType, resourceNames: [name], nextToken }))).body;
      for (const t of body?.tagResources ?? []) if (t.resourceName === name && t.tagKey) tags[t.tagKey] = t.tagValue ?? '';
      nextToken = body?.nextToken || undefined;
    } while (nextToken !== undefined);
    return { tags };
  } catch (err) {
    return tagReadFailure(err);
  }
}

/** Tags as ListRoles / ListPolicies return them. */
export function listedTags(tags: { tag?: Array<{ tagKey?: string; tagValue?: string }> } | undefined): Record<string, string> {
  return Object.fromEntries((tags?.tag ?? []).filter((t) => t.tagKey).map((t) => [t.tagKey ?? '', t.tagValue ?? '']));
}
