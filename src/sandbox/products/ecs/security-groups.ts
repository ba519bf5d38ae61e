/**
 * Security groups and their rules (API docs: ECS DescribeSecurityGroups,
 * DescribeSecurityGroupAttribute, DescribeSecurityGroupReferences, RevokeSecurityGroup,
 * RevokeSecurityGroupEgress, DeleteSecurityGroup).
 */
import { SandboxApiError, jsonList, pageByToken, repeatList, required, type RpcHandler, type World } from '../../framework.js';
import { ecsPage } from './paging.js';
import { ecsState, inRegion, notFound, wireTags, type EcsSecurityGroup, type SecurityGroupRule } from './state.js';

const GROUP_NOT_FOUND = (): SandboxApiError => notFound('InvalidSecurityGroupId.NotFound', 'SecurityGroupId');

function findGroup(world: World, params: Readonly<Record<string, string>>): EcsSecurityGroup {
  const g = inRegion(ecsState(world).securityGroups.get(required(params, 'SecurityGroupId')), required(params, 'RegionId'));
  if (!g) throw GROUP_NOT_FOUND();
  return g;
}

/** Groups (other than `g` itself) holding a rule whose source or destination is `g`. */
function referencingGroups(world: World, g: EcsSecurityGroup): EcsSecurityGroup[] {
  return [...ecsState(world).securityGroups.values()].filter(
    (other) => other.id !== g.id && other.rules.some((r) => r.sourceGroupId === g.id || r.destGroupId === g.id),
  );
}

const describeSecurityGroups: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = params.SecurityGroupIds !== undefined ? jsonList(params.SecurityGroupIds, 'SecurityGroupIds') : undefined;
  const s = ecsState(world);
  const matches = [...s.securityGroups.values()].filter(
    (g) =>
      g.region === region &&
      (ids === undefined || ids.includes(g.id)) &&
      (!params.SecurityGroupId || g.id === params.SecurityGroupId) &&
      (!params.VpcId || g.vpcId === params.VpcId) &&
      (!params.SecurityGroupName || g.name === params.SecurityGroupName) &&
      (!params.SecurityGroupType || g.type === params.SecurityGroupType) &&
      (params.ServiceManaged === undefined || params.ServiceManaged === '' || String(g.serviceManaged) === params.ServiceManaged),
  );
  const page = ecsPage(matches, params, { defaultSize: 10, maxResults: 100, maxPageSize: 50 });
  return {
    RegionId: region,
    SecurityGroups: {
      SecurityGroup: page.items.map((g) => {
        // Instances and interfaces in the group; a cluster protecting it is not one of them.
        const ecsCount = world.occupantsOf('security-group', g.id).filter((o) => o.kind !== 'Cluster').length;
        return {
          SecurityGroupId: g.id,
          SecurityGroupName: g.name,
          Description: '',
          VpcId: g.vpcId,
          SecurityGroupType: g.type,
          CreationTime: g.createdAt,
          EcsCount: ecsCount,
          AvailableInstanceAmount: Math.max(0, 2000 - ecsCount),
          ServiceManaged: g.serviceManaged,
          RuleCount: g.rules.length,
          GroupToGroupRuleCount: g.rules.filter((r) => r.sourceGroupId !== '' || r.destGroupId !== '').length,
          ResourceGroupId: '',
          Tags: wireTags(g.tags),
        };
      }),
    },
    ...page.fields,
  };
};

function wireRule(world: World, r: SecurityGroupRule): Record<string, unknown> {
  const groups = ecsState(world).securityGroups;
  return {
    SecurityGroupRuleId: r.ruleId,
    Direction: r.direction,
    IpProtocol: r.ipProtocol,
    PortRange: r.portRange,
    SourcePortRange: '',
    Policy: r.policy,
    Priority: r.priority,
    NicType: 'intranet',
    SourceCidrIp: r.sourceCidrIp,
    SourceGroupId: r.sourceGroupId,
    SourceGroupName: groups.get(r.sourceGroupId)?.name ?? '',
    SourceGroupOwnerAccount: r.sourceGroupId !== '' ? world.accountId : '',
    DestCidrIp: r.destCidrIp,
    DestGroupId: r.destGroupId,
    DestGroupName: groups.get(r.destGroupId)?.name ?? '',
    DestGroupOwnerAccount: r.destGroupId !== '' ? world.accountId : '',
    Ipv6SourceCidrIp: '',
    Ipv6DestCidrIp: '',
    Description: r.description,
    CreateTime: r.createdAt,
  };
}

const describeSecurityGroupAttribute: RpcHandler = ({ params }, world) => {
  const g = findGroup(world, params);
  const direction = params.Direction && params.Direction !== 'all' ? params.Direction : undefined;
  const rules = g.rules.filter((r) => direction === undefined || r.direction === direction);
  // MaxResults 10–1000, default 500 (metadata ecs/2014-05-26 DescribeSecurityGroupAttribute).
  const p = pageByToken(rules, params, { defaultSize: 500, maxSize: 1000, minSize: 10 });
  return {
    RegionId: g.region,
    SecurityGroupId: g.id,
    SecurityGroupName: g.name,
    Description: '',
    VpcId: g.vpcId,
    InnerAccessPolicy: 'Accept',
    Permissions: { Permission: p.page.map((r) => wireRule(world, r)) },
    NextToken: p.nextToken,
  };
};

const describeSecurityGroupReferences: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = repeatList(params, 'SecurityGroupId');
  if (ids.length === 0) required(params, 'SecurityGroupId');
  if (ids.length > 10) throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "SecurityGroupId" is not valid.');
  const s = ecsState(world);
  const references = ids.flatMap((id) => {
    const g = inRegion(s.securityGroups.get(id), region);
    if (!g) return [];
    return [
      {
        SecurityGroupId: g.id,
        ReferencingSecurityGroups: {
          ReferencingSecurityGroup: referencingGroups(world, g).map((other) => ({ SecurityGroupId: other.id, AliUid: world.accountId })),
        },
      },
    ];
  });
  return { SecurityGroupReferences: { SecurityGroupReference: references } };
};

/** The rule fields a revoke names, from `Permissions.N.*` or the deprecated top-level parameters. */
type RuleSelector = Partial<
  Record<'IpProtocol' | 'PortRange' | 'SourceCidrIp' | 'SourceGroupId' | 'DestCidrIp' | 'DestGroupId' | 'Policy' | 'Priority', string>
>;

const SELECTOR_FIELDS = [
  'IpProtocol',
  'PortRange',
  'SourceCidrIp',
  'SourceGroupId',
  'DestCidrIp',
  'DestGroupId',
  'Policy',
  'Priority',
] as const;

function selectors(params: Readonly<Record<string, string>>): RuleSelector[] {
  const byIndex = new Map<number, RuleSelector>();
  for (const [k, v] of Object.entries(params)) {
    const m = /^Permissions\.(\d+)\.(\w+)$/.exec(k);
    if (!m) continue;
    const field = SELECTOR_FIELDS.find((f) => f === m[2]);
    if (!field) continue;
    const sel = byIndex.get(Number(m[1])) ?? {};
    sel[field] = v;
    byIndex.set(Number(m[1]), sel);
  }
  const out = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, sel]) => sel);
  const legacy: RuleSelector = {};
  for (const f of SELECTOR_FIELDS) if (params[f]) legacy[f] = params[f];
  if (Object.keys(legacy).length > 0) out.push(legacy);
  return out;
}

function ruleMatches(r: SecurityGroupRule, sel: RuleSelector): boolean {
  const actual: Record<keyof RuleSelector, string> = {
    IpProtocol: r.ipProtocol,
    PortRange: r.portRange,
    SourceCidrIp: r.sourceCidrIp,
    SourceGroupId: r.sourceGroupId,
    DestCidrIp: r.destCidrIp,
    DestGroupId: r.destGroupId,
    Policy: r.policy,
    Priority: r.priority,
  };
  return SELECTOR_FIELDS.every((f) => sel[f] === undefined || sel[f].toLowerCase() === actual[f].toLowerCase());
}

/**
 * Removes the rules named by SecurityGroupRuleId.N or by Permissions.N. A rule that does not
 * exist is not an error: the call only guarantees the rule is absent afterwards.
 */
function revoke(direction: 'ingress' | 'egress'): RpcHandler {
  return ({ params }, world) => {
    const g = findGroup(world, params);
    const ruleIds = new Set(repeatList(params, 'SecurityGroupRuleId'));
    const sels = selectors(params);
    if (ruleIds.size === 0 && sels.length === 0)
      throw new SandboxApiError(
        400,
        'MissingParameter',
        'The input parameter "Permissions" that is mandatory for processing this request is not supplied.',
      );
    g.rules = g.rules.filter((r) => r.direction !== direction || !(ruleIds.has(r.ruleId) || sels.some((sel) => ruleMatches(r, sel))));
    return {};
  };
}

/**
 * Refused with DependencyViolation (403) while instances or ENIs are in the group or another
 * group's rules reference it (API docs: ECS DeleteSecurityGroup; terraform-provider-alicloud
 * alicloud/resource_alicloud_security_group.go retries it). A group managed by another service,
 * and the group of an ACK cluster while the cluster exists (occupancy of kind `Cluster`), answer
 * 400 InvalidOperation.DeletionProtection "The operation is not allowed due to "SecurityGroup"
 * is protected by ACK deletion protection." (API docs: DeleteSecurityGroup, error codes,
 * https://help.aliyun.com/document_detail/25558.html: the protection lifts only when the
 * cluster is deleted).
 */
const deleteSecurityGroup: RpcHandler = ({ params }, world) => {
  const g = findGroup(world, params);
  const all = world.occupantsOf('security-group', g.id);
  if (g.serviceManaged || all.some((o) => o.kind === 'Cluster'))
    throw new SandboxApiError(
      400,
      'InvalidOperation.DeletionProtection',
      'The operation is not allowed due to "SecurityGroup" is protected by ACK deletion protection.',
    );
  const occupants = all;
  if (occupants.length > 0)
    throw new SandboxApiError(
      403,
      'DependencyViolation',
      `There is still instance(s) in the specified security group: ${occupants.map((o) => o.id).join(', ')}.`,
    );
  const referencing = referencingGroups(world, g);
  if (referencing.length > 0)
    throw new SandboxApiError(
      403,
      'DependencyViolation',
      `The specified security group is referenced by other security group(s): ${referencing.map((o) => o.id).join(', ')}.`,
    );
  ecsState(world).securityGroups.delete(g.id);
  return {};
};

export const securityGroupActions: Readonly<Record<string, RpcHandler>> = {
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupAttribute: describeSecurityGroupAttribute,
  DescribeSecurityGroupReferences: describeSecurityGroupReferences,
  RevokeSecurityGroup: revoke('ingress'),
  RevokeSecurityGroupEgress: revoke('egress'),
  DeleteSecurityGroup: deleteSecurityGroup,
};
