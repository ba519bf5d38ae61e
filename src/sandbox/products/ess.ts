/**
 * Auto Scaling (ESS 2014-08-28), regional. No npm SDK: shapes follow the API reference and the
 * official SDK models (alibabacloud-java-sdk ess-20140828 DescribeScalingInstancesResponseBody;
 * terraform-provider-alicloud service_alicloud_ess.go reads `ScalingGroups.ScalingGroup`).
 *
 * The owning behaviour is the point of this module: a group keeps at least MinSize instances.
 * When one of its instances is released behind its back (ECS DeleteInstances), the group's
 * health check notices and launches a replacement into its vswitch, as the real service does
 * ("Auto Scaling automatically creates ECS instances to maintain the minimum number", Auto
 * Scaling docs: scaling group overview). DeleteScalingGroup with ForceDelete releases the
 * instances the group created and removes the attached ones, then the group goes (API docs:
 * https://www.alibabacloud.com/help/en/auto-scaling/developer-reference/api-deletescalinggroup).
 */
import {
  SandboxApiError,
  bool,
  pageByNumber,
  pageByToken,
  repeatList,
  required,
  type ProductModule,
  type RpcHandler,
  type World,
} from '../framework.js';
import { startRelease } from './ecs/instances.js';
import { launchInstance } from './ecs/launch.js';
import { ecsState } from './ecs/state.js';
import { isoSeconds, SectionReader, type ScenarioRecord } from './scenario-section.js';

export type GroupState = 'Active' | 'Inactive' | 'Deleting';
export type CreationType = 'AutoCreated' | 'Attached';

export interface ScalingInstance {
  readonly instanceId: string;
  readonly creationType: CreationType;
  readonly zoneId: string;
  readonly createTime: number;
}

export interface ScalingGroup {
  readonly scalingGroupId: string;
  readonly name: string;
  readonly regionId: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly vpcId: string;
  readonly vSwitchIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly scalingConfigurationId: string;
  lifecycleState: GroupState;
  deletionProtection: boolean;
  readonly createTime: number;
  readonly instances: Map<string, ScalingInstance>;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export class EssState {
  readonly groups = new Map<string, ScalingGroup>();
  /** The scenario's vswitches (id → VPC and zone), where groups launch instances. */
  readonly vswitches = new Map<string, { readonly vpcId: string; readonly zoneId: string }>();
  /** Replacements launched by the health check, for tests and the admin dump. */
  replacementsLaunched = 0;
  hooksRegistered = false;
}

export function essState(world: World): EssState {
  return world.slice('ess', () => new EssState());
}

/** Realistic durations (divided by the world's speed). */
const DELETE_MS = 20_000;
const REPLACE_MS = 10_000;

function groupNotFound(): SandboxApiError {
  // API docs (DeleteScalingGroup, SetGroupDeletionProtection): 404 InvalidScalingGroupId.NotFound.
  return new SandboxApiError(404, 'InvalidScalingGroupId.NotFound', 'The specified scaling group does not exist.');
}

function findGroup(world: World, params: Readonly<Record<string, string>>): ScalingGroup {
  const g = essState(world).groups.get(required(params, 'ScalingGroupId'));
  if (!g || (params.RegionId && params.RegionId !== g.regionId)) throw groupNotFound();
  return g;
}

function conflict(): SandboxApiError {
  // API docs (SetGroupDeletionProtection): 400 InvalidOperation.Conflict.
  return new SandboxApiError(
    400,
    'InvalidOperation.Conflict',
    'Specific operation may conflicts with other operations, please retry later.',
  );
}

/** Launches one instance the group creates, in the next of its vswitches. */
function launchFor(world: World, g: ScalingGroup): void {
  const vSwitchId = g.vSwitchIds[g.instances.size % g.vSwitchIds.length] ?? '';
  const zoneId = essState(world).vswitches.get(vSwitchId)?.zoneId || `${g.regionId}-a`;
  const instanceId = launchInstance(world, {
    region: g.regionId,
    zoneId,
    vpcId: g.vpcId,
    vSwitchId,
    securityGroupIds: g.securityGroupIds,
    name: `ESS-${g.name}`,
  });
  g.instances.set(instanceId, { instanceId, creationType: 'AutoCreated', zoneId, createTime: world.now() });
}

/** The health check: below MinSize, a replacement is launched (unless the group is going). */
function keepMinimum(world: World, g: ScalingGroup): void {
  world.after(REPLACE_MS, () => {
    if (essState(world).groups.get(g.scalingGroupId) !== g || g.lifecycleState !== 'Active') return;
    while (g.instances.size < g.minSize) {
      launchFor(world, g);
      essState(world).replacementsLaunched++;
    }
  });
}

function wireGroup(g: ScalingGroup): Record<string, unknown> {
  const inService = g.instances.size;
  return {
    ScalingGroupId: g.scalingGroupId,
    ScalingGroupName: g.name,
    RegionId: g.regionId,
    LifecycleState: g.lifecycleState,
    MinSize: g.minSize,
    MaxSize: g.maxSize,
    TotalCapacity: inService,
    ActiveCapacity: inService,
    VpcId: g.vpcId,
    VSwitchId: g.vSwitchIds[0] ?? '',
    VSwitchIds: { VSwitchId: [...g.vSwitchIds] },
    GroupDeletionProtection: g.deletionProtection,
    ActiveScalingConfigurationId: g.scalingConfigurationId,
    CreationTime: isoSeconds(g.createTime).replace(/:\d{2}Z$/, 'Z'),
    GroupType: 'ECS',
  };
}

const describeScalingGroups: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = repeatList(params, 'ScalingGroupId');
  const groups = [...essState(world).groups.values()]
    .filter((g) => g.regionId === region && (ids.length === 0 || ids.includes(g.scalingGroupId)))
    .sort((a, b) => a.createTime - b.createTime || a.scalingGroupId.localeCompare(b.scalingGroupId));
  // PageSize: at most 50, default 10 (API docs: DescribeScalingGroups).
  const page = pageByNumber(groups, params, { defaultSize: 10, maxSize: 50 });
  return {
    ScalingGroups: { ScalingGroup: page.page.map(wireGroup) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
};

const describeScalingInstances: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const groupId = params.ScalingGroupId;
  const rows = [...essState(world).groups.values()]
    .filter((g) => g.regionId === region && (groupId === undefined || g.scalingGroupId === groupId))
    .flatMap((g) => [...g.instances.values()].map((i) => ({ g, i })))
    .sort((a, b) => a.i.createTime - b.i.createTime || a.i.instanceId.localeCompare(b.i.instanceId));
  const page = pageByNumber(rows, params, { defaultSize: 10, maxSize: 50 });
  return {
    ScalingInstances: {
      ScalingInstance: page.page.map(({ g, i }) => ({
        InstanceId: i.instanceId,
        ScalingGroupId: g.scalingGroupId,
        ScalingConfigurationId: i.creationType === 'AutoCreated' ? g.scalingConfigurationId : '',
        CreationType: i.creationType,
        HealthStatus: 'Healthy',
        LifecycleState: g.lifecycleState === 'Deleting' ? 'Removing' : 'InService',
        ZoneId: i.zoneId,
        CreationTime: isoSeconds(i.createTime),
        Entrusted: i.creationType === 'Attached',
      })),
    },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
};

/**
 * ListTagResources (ResourceType scalinggroup): one `TagResources.TagResource[]` row per tag of
 * the groups named by ResourceId.N (1–50), paged by NextToken (API docs: ESS ListTagResources;
 * the 2014-08-28 shape as the Go SDK and terraform-provider-alicloud service_alicloud_ess.go
 * read it). Filtering by Tag.N instead of ids is not modelled: refused as an invalid parameter.
 */
const listTagResources: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  if (required(params, 'ResourceType') !== 'scalinggroup')
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "ResourceType" is not valid.');
  const ids = repeatList(params, 'ResourceId');
  if (ids.length === 0 || ids.length > 50)
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "ResourceId" is not valid.');
  const rows = ids.flatMap((id) => {
    const g = essState(world).groups.get(id);
    return g && g.regionId === region
      ? g.tags.map((t) => ({ ResourceId: id, ResourceType: 'scalinggroup', TagKey: t.key, TagValue: t.value, Propagate: false }))
      : [];
  });
  const page = pageByToken(rows, params, { defaultSize: 50, maxSize: 50 });
  return { TagResources: { TagResource: page.page }, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
};

const setGroupDeletionProtection: RpcHandler = ({ params }, world) => {
  const g = findGroup(world, params);
  if (g.lifecycleState === 'Deleting') throw conflict();
  g.deletionProtection = bool(required(params, 'GroupDeletionProtection'));
  return {};
};

const deleteScalingGroup: RpcHandler = ({ params }, world) => {
  const g = findGroup(world, params);
  if (g.lifecycleState === 'Deleting') return {};
  if (g.deletionProtection)
    // "you cannot delete the scaling group ... by using this operation" (API docs); the code is
    // not on the page: UNCONFIRMED.
    throw new SandboxApiError(403, 'Forbidden.GroupDeletionProtection', 'The scaling group is protected from deletion.');
  if (!bool(params.ForceDelete) && g.instances.size > 0)
    // ForceDelete=false needs a Total Capacity of 0 (API docs, ForceDelete); the code is UNCONFIRMED.
    throw new SandboxApiError(400, 'IncorrectScalingGroupStatus', 'The scaling group still has instances; use ForceDelete.');
  g.lifecycleState = 'Deleting';
  const ecs = ecsState(world);
  for (const i of [...g.instances.values()]) {
    const inst = ecs.instances.get(i.instanceId);
    // The group releases what it created, even when release protection is on (API docs).
    if (i.creationType === 'AutoCreated' && inst) startRelease(world, inst);
  }
  world.after(DELETE_MS, () => {
    g.instances.clear();
    essState(world).groups.delete(g.scalingGroupId);
  });
  return {};
};

function seedEss(world: World, scenario: ScenarioRecord): void {
  const s = essState(world);
  const vswitches = s.vswitches;
  for (const v of SectionReader.section(scenario, 'vpc').list('vSwitches'))
    vswitches.set(v.str('id'), { vpcId: v.str('vpcId'), zoneId: v.str('zoneId', '') });
  for (const r of SectionReader.section(scenario, 'ess').list('scalingGroups')) {
    const id = r.str('id');
    const vSwitchIds = r.strings('vSwitchIds');
    const first = vswitches.get(vSwitchIds[0] ?? '');
    if (!first) throw new Error(`scenario ${r.path}.vSwitchIds: needs at least one vswitch of the vpc section`);
    const minSize = r.num('minSize', 0);
    const g: ScalingGroup = {
      scalingGroupId: id,
      name: r.str('name', id),
      regionId: r.str('region'),
      minSize,
      maxSize: r.num('maxSize', Math.max(minSize, 1)),
      vpcId: first.vpcId,
      vSwitchIds,
      securityGroupIds: r.strings('securityGroupIds'),
      scalingConfigurationId: r.str('scalingConfigurationId', world.nextId('asc')),
      lifecycleState: 'Active',
      deletionProtection: r.bool('deletionProtection', false),
      createTime: Date.parse(r.str('createdAt', new Date(world.now()).toISOString())),
      instances: new Map(),
      tags: r.tags(),
    };
    for (const instanceId of r.strings('attachedInstanceIds')) {
      const inst = ecsState(world).instances.get(instanceId);
      if (!inst) throw new Error(`scenario ${r.path}.attachedInstanceIds: ${instanceId} is not an instance of the ecs section`);
      g.instances.set(instanceId, { instanceId, creationType: 'Attached', zoneId: inst.zoneId, createTime: g.createTime });
    }
    s.groups.set(id, g);
    while ([...g.instances.values()].filter((i) => i.creationType === 'AutoCreated').length < minSize) launchFor(world, g);
  }
  if (!s.hooksRegistered) {
    s.hooksRegistered = true;
    world.on('ecs.instance.released', ({ instanceId }) => {
      for (const g of essState(world).groups.values()) {
        if (instanceId === undefined || !g.instances.delete(instanceId)) continue;
        if (g.lifecycleState === 'Active' && g.instances.size < g.minSize) keepMinimum(world, g);
      }
    });
  }
}

export const essProduct: ProductModule = {
  product: 'ess',
  version: '2014-08-28',
  actions: {
    DescribeScalingGroups: describeScalingGroups,
    DescribeScalingInstances: describeScalingInstances,
    ListTagResources: listTagResources,
    SetGroupDeletionProtection: setGroupDeletionProtection,
    DeleteScalingGroup: deleteScalingGroup,
  },
  seed: seedEss,
  dump(world) {
    const s = essState(world);
    return {
      scalingGroups: [...s.groups.values()].map((g) => ({ ...g, instances: [...g.instances.values()] })),
      replacementsLaunched: s.replacementsLaunched,
    };
  },
};
