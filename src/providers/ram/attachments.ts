/**
 * Policies attached to RAM principals (users, groups, roles): listing them for the scan and
 * detaching them before a principal or a custom policy is deleted.
 */
import {
  DetachPolicyFromGroupRequest,
  DetachPolicyFromRoleRequest,
  DetachPolicyFromUserRequest,
  ListPoliciesForGroupRequest,
  ListPoliciesForRoleRequest,
  ListPoliciesForUserRequest,
} from '@alicloud/ram20150501';
import type { RamClient } from '../../cloud/clients.js';
import { unlessGone } from '../../cloud/errors.js';

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
