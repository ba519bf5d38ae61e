/**
 * Resource Orchestration Service (ROS 2019-09-10), regional; shapes per @alicloud/ros20190910
 * response models (ListStacks `Stacks[]`, ListStackResources `Resources[]`, GetStack flat).
 *
 * A stack owns what it created: DeleteStack deletes its resources — ECS instances first (released
 * through ECS), then security groups, vswitches and VPCs — as the real service walks its
 * template in reverse. A resource something outside the stack still needs (an instance of
 * another owner in its vswitch) makes the deletion fail: DELETE_FAILED with the reason, as the
 * real stack does. A deleted stack shows DELETE_COMPLETE in GetStack for a while, then
 * StackNotFound (terraform-provider-alicloud resource_alicloud_ros_stack.go waits for both);
 * ListStacks no longer lists it.
 */
import {
  SandboxApiError,
  bool,
  required,
  pageByNumber,
  repeatList,
  type ProductModule,
  type RpcHandler,
  type World,
} from '../framework.js';
import { startRelease } from './ecs/instances.js';
import { ecsState } from './ecs/state.js';
import { SectionReader, isoSeconds, type ScenarioRecord } from './scenario-section.js';
import { vpcState } from './vpc/state.js';

export type StackStatus = 'CREATE_COMPLETE' | 'DELETE_IN_PROGRESS' | 'DELETE_FAILED' | 'DELETE_COMPLETE';

export interface StackResource {
  readonly logicalId: string;
  /** ALIYUN::ECS::Instance, ALIYUN::ECS::SecurityGroup, ALIYUN::ECS::VSwitch, ALIYUN::ECS::VPC. */
  readonly type: string;
  readonly physicalId: string;
}

export interface Stack {
  readonly stackId: string;
  readonly name: string;
  readonly regionId: string;
  status: StackStatus;
  statusReason: string;
  deletionProtection: boolean;
  readonly serviceManaged: boolean;
  readonly createTime: number;
  readonly resources: StackResource[];
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export class RosState {
  readonly stacks = new Map<string, Stack>();
}

export function rosState(world: World): RosState {
  return world.slice('ros', () => new RosState());
}

const INSTANCES_GONE_MS = 20_000;
const VISIBLE_AFTER_DELETE_MS = 60_000;
/** The order a stack deletes its resources in: what sits inside before what contains it. */
const DELETE_ORDER = ['ALIYUN::ECS::Instance', 'ALIYUN::ECS::SecurityGroup', 'ALIYUN::ECS::VSwitch', 'ALIYUN::ECS::VPC'];

function notFound(): SandboxApiError {
  // terraform-provider-alicloud (service_alicloud_ros.go) treats StackNotFound as gone.
  return new SandboxApiError(404, 'StackNotFound', 'The Stack could not be found.');
}

function find(world: World, params: Readonly<Record<string, string>>): Stack {
  const s = rosState(world).stacks.get(required(params, 'StackId'));
  if (!s || s.regionId !== required(params, 'RegionId')) throw notFound();
  return s;
}

function wireStack(s: Stack): Record<string, unknown> {
  return {
    StackId: s.stackId,
    StackName: s.name,
    RegionId: s.regionId,
    Status: s.status,
    StatusReason: s.statusReason,
    StackType: 'ROS',
    DeletionProtection: s.deletionProtection ? 'Enabled' : 'Disabled',
    ServiceManaged: s.serviceManaged,
    DisableRollback: false,
    TimeoutInMinutes: 60,
    CreateTime: isoSeconds(s.createTime),
    Tags: s.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
}

const listStacks: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = repeatList(params, 'StackIds');
  const all = [...rosState(world).stacks.values()]
    .filter((s) => s.regionId === region && s.status !== 'DELETE_COMPLETE' && (ids.length === 0 || ids.includes(s.stackId)))
    .sort((a, b) => a.createTime - b.createTime || a.stackId.localeCompare(b.stackId));
  const page = pageByNumber(all, params, { defaultSize: 10, maxSize: 50 });
  return { Stacks: page.page.map(wireStack), TotalCount: page.totalCount, PageNumber: page.pageNumber, PageSize: page.pageSize };
};

const getStack: RpcHandler = ({ params }, world) => {
  const s = find(world, params);
  return { ...wireStack(s), TemplateDescription: '', Parameters: [], Outputs: [] };
};

const listStackResources: RpcHandler = ({ params }, world) => {
  const s = find(world, params);
  return {
    Resources: s.resources.map((r) => ({
      LogicalResourceId: r.logicalId,
      PhysicalResourceId: r.physicalId,
      ResourceType: r.type,
      StackId: s.stackId,
      StackName: s.name,
      Status: s.status === 'DELETE_IN_PROGRESS' ? 'DELETE_IN_PROGRESS' : 'CREATE_COMPLETE',
      StatusReason: '',
      CreateTime: isoSeconds(s.createTime),
      UpdateTime: isoSeconds(s.createTime),
    })),
  };
};

const setDeletionProtection: RpcHandler = ({ params }, world) => {
  const s = find(world, params);
  const v = required(params, 'DeletionProtection');
  if (v !== 'Enabled' && v !== 'Disabled')
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "DeletionProtection" is not valid.');
  s.deletionProtection = v === 'Enabled';
  return {};
};

/** Deletes the stack's own networks and groups; the first one something else still uses fails the stack. */
function deleteContainers(world: World, s: Stack): void {
  const ecs = ecsState(world);
  const vpc = vpcState(world);
  for (const type of DELETE_ORDER.slice(1))
    for (const r of s.resources.filter((x) => x.type === type)) {
      const container = type === 'ALIYUN::ECS::SecurityGroup' ? 'security-group' : type === 'ALIYUN::ECS::VSwitch' ? 'vswitch' : 'vpc';
      const users = world.occupantsOf(container, r.physicalId);
      if (users.length > 0) {
        s.status = 'DELETE_FAILED';
        s.statusReason = `Resource ${r.logicalId} (${r.physicalId}) could not be deleted: DependencyViolation, used by ${users.map((u) => `${u.kind} ${u.id}`).join(', ')}`;
        return;
      }
      if (container === 'security-group') ecs.securityGroups.delete(r.physicalId);
      else if (container === 'vswitch') vpc.vSwitches.delete(r.physicalId);
      else vpc.vpcs.delete(r.physicalId);
    }
  s.status = 'DELETE_COMPLETE';
  s.statusReason = 'Stack DELETE completed successfully';
  world.after(VISIBLE_AFTER_DELETE_MS, () => rosState(world).stacks.delete(s.stackId));
}

const deleteStack: RpcHandler = ({ params }, world) => {
  const s = find(world, params);
  if (s.status === 'DELETE_IN_PROGRESS' || s.status === 'DELETE_COMPLETE') return {};
  if (s.deletionProtection)
    // "If deletion protection is enabled, the stack cannot be deleted" (API docs: SetDeletionProtection); the code is UNCONFIRMED.
    throw new SandboxApiError(400, 'StackDeletionProtectionEnabled', 'The stack has deletion protection enabled.');
  if (bool(params.RetainAllResources)) {
    s.status = 'DELETE_COMPLETE';
    world.after(VISIBLE_AFTER_DELETE_MS, () => rosState(world).stacks.delete(s.stackId));
    return {};
  }
  s.status = 'DELETE_IN_PROGRESS';
  s.statusReason = 'Stack DELETE started';
  const ecs = ecsState(world);
  for (const r of s.resources.filter((x) => x.type === 'ALIYUN::ECS::Instance')) {
    const i = ecs.instances.get(r.physicalId);
    if (i) startRelease(world, i);
  }
  world.after(INSTANCES_GONE_MS, () => deleteContainers(world, s));
  return {};
};

function seedRos(world: World, scenario: ScenarioRecord): void {
  const state = rosState(world);
  for (const r of SectionReader.section(scenario, 'ros').list('stacks')) {
    const id = r.str('id');
    state.stacks.set(id, {
      stackId: id,
      name: r.str('name', id),
      regionId: r.str('region'),
      status: 'CREATE_COMPLETE',
      statusReason: 'Stack CREATE completed successfully',
      deletionProtection: r.bool('deletionProtection', false),
      serviceManaged: r.bool('serviceManaged', false),
      createTime: Date.parse(r.str('createdAt', new Date(world.now()).toISOString())),
      resources: r.list('resources').map((x, n) => ({
        logicalId: x.str('logicalId', `Resource${n + 1}`),
        type: x.oneOf('type', DELETE_ORDER, 'ALIYUN::ECS::Instance'),
        physicalId: x.str('id'),
      })),
      tags: r.tags(),
    });
  }
}

export const rosProduct: ProductModule = {
  product: 'ros',
  version: '2019-09-10',
  actions: {
    ListStacks: listStacks,
    GetStack: getStack,
    ListStackResources: listStackResources,
    SetDeletionProtection: setDeletionProtection,
    DeleteStack: deleteStack,
  },
  seed: seedRos,
  dump: (world) => ({ stacks: [...rosState(world).stacks.values()] }),
};
