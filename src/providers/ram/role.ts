import { ramSdk } from '../../cloud/sdk.js';
import type { RamClient } from '../../cloud/clients.js';
import type { CallerIdentity } from '../../cloud/identity.js';
import { GLOBAL, type Resource, type ResourceType, type Step } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { markerPages } from '../pagination.js';
import {
  type AttachedPolicy,
  attachedCustomPolicies,
  attachedPolicies,
  detachPolicies,
  listedTags,
  policyRef,
  ramTagsOf,
} from './attachments.js';
import { withTags, type TagRead } from '../tags.js';
import { RAM_PAGE } from './user.js';
import { isGone } from '../../cloud/errors.js';

const { DeleteRoleRequest, GetRoleRequest, ListRolesRequest } = ramSdk;

const TYPE = 'ram.role';

interface RoleSummary {
  tags?: { tag?: Array<{ tagKey?: string; tagValue?: string }> };
  roleName?: string;
  roleId?: string;
  arn?: string;
  description?: string;
  createDate?: string;
  maxSessionDuration?: number;
}

/**
 * Service-linked roles live under the path /aliyun-service-role/ (visible in their ARN) and are
 * named AliyunServiceRoleFor<Service>. They belong to their cloud service: DeleteRole is not the
 * way to remove them (RAM docs: service-linked roles; ResourceManager DeleteServiceLinkedRole,
 * which only succeeds once the service has no resources left).
 */
export function isServiceLinked(roleName: string, arn: string): boolean {
  return /^AliyunServiceRoleFor/i.test(roleName) || arn.toLowerCase().includes('/aliyun-service-role/');
}

/** The role an `AssumedRoleUser` caller runs as: `acs:ram::<account>:assumed-role/<role>/<session>`. */
function callerRoleName(caller: CallerIdentity): string | undefined {
  if (caller.identityType !== 'AssumedRoleUser') return undefined;
  return /:assumed-role\/([^/]+)\//.exec(caller.arn)?.[1];
}

async function describeRole(ram: RamClient, role: RoleSummary, tags: TagRead): Promise<Resource> {
  const name = role.roleName ?? '';
  const arn = role.arn ?? '';
  const serviceLinked = isServiceLinked(name, arn);
  // A service-linked role's policies are managed by its service: not listed, never detached.
  const policies = serviceLinked ? [] : await attachedPolicies(ram, 'role', name);
  return withTags(describedRole(role, name, arn, serviceLinked, policies), tags);
}

function describedRole(role: RoleSummary, name: string, arn: string, serviceLinked: boolean, policies: AttachedPolicy[]): Resource {
  return {
    type: TYPE,
    region: GLOBAL,
    id: name,
    name,
    createdAt: role.createDate ? new Date(role.createDate).toISOString() : undefined,
    properties: {
      roleId: role.roleId ?? null,
      arn,
      description: role.description ?? null,
      serviceLinked,
      attachedPolicies: policies.map((p) => policyRef(p.policyType, p.policyName)),
    },
  };
}

export const ramRole: ResourceType = {
  type: TYPE,
  service: 'ram',
  scope: 'global',
  resourceCenterTypes: ['ACS::RAM::Role'],
  tags: { source: "ListRoles (each role's Tags); re-read with ListTagResources (ResourceType role)" },
  description: 'RAM role: policies detached, then deleted; service-linked roles and the role the teardown runs as are reported',
  stepSummary: ['detach-policies', 'delete'],
  // DeleteRole is synchronous: no deleting state, GetRole then answers EntityNotExist.Role (RAM API docs).
  deletedWhenAnswered: true,
  dependsOn: [],
  touchesTypes: ['ram.policy'],
  attachmentProperties: ['attachedPolicies'],
  hints: {
    'DeleteConflict.Role.Policy': 'a policy was attached to the role during the teardown: run apply again',
  },

  async *list(ctx) {
    const ram = ctx.clients.ram();
    const pages = markerPages(async (marker) => {
      const body = (await ram.listRoles(new ListRolesRequest({ maxItems: RAM_PAGE, marker }))).body;
      return { page: body?.roles?.role ?? [], isTruncated: body?.isTruncated ?? false, marker: body?.marker };
    });
    yield* mapConcurrently(eachItem(pages), detailConcurrency(ctx), (role) => describeRole(ram, role, { tags: listedTags(role.tags) }));
  },

  dependencies: (r) => attachedCustomPolicies(r, 'role'),

  steps(r, ctx) {
    if (r.properties.serviceLinked === true)
      return [
        {
          action: 'delete',
          description: 'delete the role',
          blocked:
            'service-linked role, owned by its cloud service: it cannot be deleted with DeleteRole; once that service has no resources left, delete it in the RAM console (Roles → Delete) or with ResourceManager DeleteServiceLinkedRole',
        },
      ];
    if (callerRoleName(ctx.caller)?.toLowerCase() === r.id.toLowerCase())
      return [
        {
          action: 'delete',
          description: 'delete the role',
          blocked: 'the teardown runs as this role; delete it afterwards in the RAM console with another identity',
        },
      ];
    const steps: Step[] = [];
    const policies = Array.isArray(r.properties.attachedPolicies) ? r.properties.attachedPolicies : [];
    if (policies.length > 0)
      steps.push({
        action: 'detach-policies',
        description: `detach ${policies.length === 1 ? '1 policy' : `${policies.length} policies`} (${policies.join(', ')})`,
      });
    steps.push({ action: 'delete', description: 'delete the role' });
    return steps;
  },

  async run(step, r, ctx) {
    const ram = ctx.clients.ram();
    switch (step.action) {
      case 'detach-policies':
        // As read() found them just before the steps (see ResourceType.run).
        await detachPolicies(ram, 'role', r.id, Array.isArray(r.properties.attachedPolicies) ? r.properties.attachedPolicies : []);
        return;
      case 'delete':
        await ram.deleteRole(new DeleteRoleRequest({ roleName: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    const ram = ctx.clients.ram();
    try {
      const role = (await ram.getRole(new GetRoleRequest({ roleName: r.id }))).body?.role;
      return role ? await describeRole(ram, role, await ramTagsOf(ram, 'role', r.id)) : undefined;
    } catch (err) {
      if (isGone(err)) return undefined;
      throw err;
    }
  },
};
