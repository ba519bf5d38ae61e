import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup } from '@alicloud/ecs20140526';
import { isGone } from '../../cloud/errors.js';
import {
  addressOf,
  type Dependency,
  type Resource,
  type ResourceType,
  type ScanContext,
  type Step,
  type StepContext,
} from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { chunks, dependenciesOn, isoTime, listProperty, tagsOf } from '../references.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { clusterDependencies } from '../cs/cluster.js';

const {
  DeleteSecurityGroupRequest,
  DescribeSecurityGroupAttributeRequest,
  DescribeSecurityGroupReferencesRequest,
  DescribeSecurityGroupsRequest,
  RevokeSecurityGroupEgressRequest,
  RevokeSecurityGroupRequest,
} = ecsSdk;

const TYPE = 'ecs.security-group';
/** DescribeSecurityGroups MaxResults: at most 100 (API docs). */
const PAGE_SIZE = 100;
/** DescribeSecurityGroupReferences takes SecurityGroupId.1..10 (API docs). */
const REFERENCES_PER_CALL = 10;
/** DescribeSecurityGroupAttribute MaxResults: at most 1000 rules per page (API docs). */
const RULES_PAGE_SIZE = 1000;

function toResource(
  g: DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup,
  region: string,
  referencedBy?: readonly string[],
): Resource {
  return {
    type: TYPE,
    region,
    id: g.securityGroupId ?? '',
    name: g.securityGroupName || undefined,
    createdAt: isoTime(g.creationTime),
    tags: tagsOf(g.tags?.tag),
    properties: {
      vpcId: g.vpcId || null,
      securityGroupType: g.securityGroupType ?? null,
      ecsCount: g.ecsCount ?? null,
      ...(referencedBy ? { referencedBy: [...referencedBy] } : {}),
    },
  };
}

/** Groups (other than itself) whose rules name each of `ids` as source or destination. */
async function referencingGroups(ids: readonly string[], ctx: ScanContext): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const chunk of chunks(ids, REFERENCES_PER_CALL)) {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeSecurityGroupReferences(new DescribeSecurityGroupReferencesRequest({ regionId: ctx.region, securityGroupId: chunk }));
    for (const ref of res.body?.securityGroupReferences?.securityGroupReference ?? []) {
      if (!ref.securityGroupId) continue;
      const by = (ref.referencingSecurityGroups?.referencingSecurityGroup ?? [])
        .map((g) => g.securityGroupId ?? '')
        .filter((g) => g !== '' && g !== ref.securityGroupId);
      out.set(ref.securityGroupId, by);
    }
  }
  return out;
}

/** Revokes, in `groupId`, every rule that names `referencedId`. A group gone meanwhile has nothing left to revoke. */
async function revokeRulesNaming(groupId: string, referencedId: string, ctx: StepContext): Promise<void> {
  const ecs = ctx.clients.ecs(ctx.region);
  const ingress: string[] = [];
  const egress: string[] = [];
  try {
    const pages = nextTokenPages(async (nextToken) => {
      const res = await ecs.describeSecurityGroupAttribute(
        new DescribeSecurityGroupAttributeRequest({
          regionId: ctx.region,
          securityGroupId: groupId,
          direction: 'all',
          maxResults: RULES_PAGE_SIZE,
          nextToken,
        }),
      );
      return { page: res.body?.permissions?.permission ?? [], nextToken: res.body?.nextToken };
    });
    for await (const page of pages)
      for (const p of page) {
        if (!p.securityGroupRuleId) continue;
        if (p.direction === 'ingress' && p.sourceGroupId === referencedId) ingress.push(p.securityGroupRuleId);
        if (p.direction === 'egress' && p.destGroupId === referencedId) egress.push(p.securityGroupRuleId);
      }
  } catch (err) {
    if (isGone(err)) return;
    throw err;
  }
  if (ingress.length > 0)
    await ecs.revokeSecurityGroup(
      new RevokeSecurityGroupRequest({ regionId: ctx.region, securityGroupId: groupId, securityGroupRuleId: ingress }),
    );
  if (egress.length > 0)
    await ecs.revokeSecurityGroupEgress(
      new RevokeSecurityGroupEgressRequest({ regionId: ctx.region, securityGroupId: groupId, securityGroupRuleId: egress }),
    );
}

async function describeGroup(
  id: string,
  ctx: ScanContext,
): Promise<DescribeSecurityGroupsResponseBodySecurityGroupsSecurityGroup | undefined> {
  const res = await ctx.clients
    .ecs(ctx.region)
    .describeSecurityGroups(new DescribeSecurityGroupsRequest({ regionId: ctx.region, securityGroupIds: JSON.stringify([id]) }));
  return res.body?.securityGroups?.securityGroup?.find((g) => g.securityGroupId === id);
}

export const ecsSecurityGroup: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::SecurityGroup'],
  tags: { source: "DescribeSecurityGroups (each group's Tags)" },
  description: 'ECS security groups (rules in other groups that reference them are revoked first)',
  stepSummary: ['revoke-references', 'delete'],
  dependsOn: ['ecs.instance', 'ecs.network-interface', 'alb.load-balancer', 'nlb.load-balancer', 'fc.function', 'cs.cluster'],
  // An ACK cluster deletes the security group it created; one it was given stays protected until it goes.
  ownedBy: ['cs.cluster'],
  // revoke-references modifies the other groups whose rules name this one.
  touchesTypes: ['ecs.security-group'],
  hints: {
    DependencyViolation: 'instances, network interfaces or other groups\u2019 rules still use this group; it is retried while they go',
    'InvalidOperation.DeletionProtection':
      'the group belongs to a container cluster (ACK) or another service: delete that cluster or service, which removes its group',
  },

  async *list(ctx) {
    const pages = nextTokenPages(async (nextToken) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeSecurityGroups(new DescribeSecurityGroupsRequest({ regionId: ctx.region, maxResults: PAGE_SIZE, nextToken }));
      return { page: res.body?.securityGroups?.securityGroup ?? [], nextToken: res.body?.nextToken };
    });
    for await (const page of pages) {
      // Service-managed groups belong to a cloud service and are removed with it.
      const groups = page.filter((g) => g.securityGroupId && g.serviceManaged !== true);
      const refs = await referencingGroups(
        groups.map((g) => g.securityGroupId ?? ''),
        ctx,
      );
      for (const g of groups) yield toResource(g, ctx.region, refs.get(g.securityGroupId ?? '') ?? []);
    }
  },

  /**
   * Rules of other groups that reference this one are revoked by this group's own
   * `revoke-references` step rather than waiting for those groups to be deleted: two groups
   * that reference each other would otherwise wait for each other forever. Revoking modifies
   * those groups, so they are `touches` dependencies: if one of them is kept (or otherwise
   * not destroyed by this plan), this group is blocked instead of touching it.
   */
  dependencies(r, inventory) {
    const deps: Dependency[] = [
      ...dependenciesOn(inventory, 'ecs.instance', 'securityGroupIds', r.id, 'instance in this security group'),
      ...dependenciesOn(inventory, 'ecs.network-interface', 'securityGroupIds', r.id, 'network interface in this security group'),
      ...dependenciesOn(inventory, 'alb.load-balancer', 'securityGroupIds', r.id, 'application load balancer in this security group'),
      ...dependenciesOn(inventory, 'nlb.load-balancer', 'securityGroupIds', r.id, 'network load balancer in this security group'),
      ...dependenciesOn(inventory, 'fc.function', 'securityGroupId', r.id, 'function with network interfaces in this security group'),
      ...clusterDependencies(r, inventory),
      ...listProperty(r, 'referencedBy').map((id) => ({
        address: addressOf(TYPE, r.region, id),
        reason: 'security group whose rules reference this one (they are revoked first)',
        touches: true,
      })),
    ];
    return deps;
  },

  steps(r) {
    const steps: Step[] = [];
    const referencedBy = listProperty(r, 'referencedBy');
    if (referencedBy.length > 0)
      steps.push({ action: 'revoke-references', description: `revoke the rules of ${referencedBy.join(', ')} that reference this group` });
    steps.push({ action: 'delete', description: 'delete the security group' });
    return steps;
  },

  async run(step, r, ctx) {
    switch (step.action) {
      case 'revoke-references': {
        // Only in the groups the plan named (all destroyed by the same plan): a group that
        // started referencing this one after the plan is not touched; the delete then fails
        // with DependencyViolation and the report says which group to look at.
        const planned = new Set(listProperty(r, 'referencedBy'));
        const now = (await referencingGroups([r.id], ctx)).get(r.id) ?? [];
        for (const groupId of now) if (planned.has(groupId)) await revokeRulesNaming(groupId, r.id, ctx);
        return;
      }
      case 'delete':
        await ctx.clients
          .ecs(ctx.region)
          .deleteSecurityGroup(new DeleteSecurityGroupRequest({ regionId: ctx.region, securityGroupId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    const g = await describeGroup(r.id, ctx);
    // References are not re-read: the plan's list bounds what revoke-references may touch.
    return g ? toResource(g, ctx.region) : undefined;
  },

  async readMany(rs, ctx) {
    // SecurityGroupIds: a JSON array of up to 100 ids; MaxResults up to 100
    // (metadata: ecs/DescribeSecurityGroups). References are not re-read, as in read().
    const found = await describeInChunks(
      rs.map((r) => r.id),
      DESCRIBE_MAX,
      async (chunk) => {
        const res = await ctx.clients
          .ecs(ctx.region)
          .describeSecurityGroups(
            new DescribeSecurityGroupsRequest({ regionId: ctx.region, securityGroupIds: JSON.stringify(chunk), maxResults: DESCRIBE_MAX }),
          );
        return (res.body?.securityGroups?.securityGroup ?? []).filter((g) => g.securityGroupId).map((g) => toResource(g, ctx.region));
      },
    );
    return byAddress(TYPE, rs, found);
  },
};

/** Ids per DescribeSecurityGroups call when re-reading (SecurityGroupIds takes up to 100). */
const DESCRIBE_MAX = 100;
