/**
 * Resource Orchestration Service stacks (ROS 2019-09-10, @alicloud/ros20190910).
 *
 * A stack owns the resources it created: DeleteStack (RetainAllResources=false) deletes them
 * with it. Each type whose resources a stack may create names `ros.stack` in its `ownedBy` and
 * returns the owner dependency of `rosStackOwner` below, so that such a resource is planned
 * "released with" its stack instead of being deleted behind its back — which would leave the
 * stack failing its own deletion, or re-creating it on its next update. The stack's resources
 * come from ListStackResources (PhysicalResourceId and ResourceType, e.g. ALIYUN::ECS::Instance;
 * the API lists them all, unpaged); a nested stack's resources count as its root stack's, since
 * deleting the root deletes the nested stacks (ListStacks ShowNestedStack=true, ParentStackId).
 * Stacks a cloud service manages for itself (ServiceManaged, e.g. created for an ACK cluster) go
 * with that service's resource and are left out. Gone: GetStack shows DELETE_COMPLETE, then
 * answers StackNotFound (terraform-provider-alicloud alicloud/resource_alicloud_ros_stack.go waits
 * for both); DELETE_FAILED is a failure with its StatusReason.
 * API docs: https://www.alibabacloud.com/help/en/ros/developer-reference/api-ros-2019-09-10-deletestack
 */
import { rosSdk } from '../../cloud/sdk.js';
import type { GetStackResponseBody, ListStacksResponseBodyStacks } from '@alicloud/ros20190910';
import { CloudApiError, isGone } from '../../cloud/errors.js';
import {
  addressOf,
  resourceAddress,
  type Dependency,
  type Inventory,
  type Resource,
  type ResourceType,
  type ScanContext,
  type Step,
} from '../contract.js';
import { detailConcurrency, mapConcurrently } from '../concurrency.js';
import { pageNumberPages } from '../pagination.js';
import { isWholeListing, readThroughListing } from '../batch-read.js';
import { isoTime, listProperty, tagsOf } from '../references.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const { DeleteStackRequest, GetStackRequest, ListStackResourcesRequest, ListStacksRequest, SetDeletionProtectionRequest } = rosSdk;

const TYPE = 'ros.stack';
/** ListStacks PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;

/**
 * ROS resource types whose physical id is the id of a resource of the catalogue (ROS resource
 * type reference, https://www.alibabacloud.com/help/en/ros/developer-reference/list-of-resource-types-by-service).
 * Each type named here lists `ros.stack` in its `ownedBy`.
 */
export const ROS_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'ALIYUN::ECS::Instance': 'ecs.instance',
  'ALIYUN::ECS::Disk': 'ecs.disk',
  'ALIYUN::ECS::SecurityGroup': 'ecs.security-group',
  'ALIYUN::ECS::NetworkInterface': 'ecs.network-interface',
  'ALIYUN::ECS::VPC': 'vpc.vpc',
  'ALIYUN::ECS::VSwitch': 'vpc.vswitch',
  'ALIYUN::VPC::EIP': 'vpc.eip',
  'ALIYUN::VPC::NatGateway': 'vpc.nat-gateway',
  'ALIYUN::SLB::LoadBalancer': 'slb.load-balancer',
  'ALIYUN::RDS::DBInstance': 'rds.instance',
  'ALIYUN::ESS::ScalingGroup': 'ess.scaling-group',
  'ALIYUN::REDIS::Instance': 'kvstore.instance',
  'ALIYUN::POLARDB::DBCluster': 'polardb.cluster',
  'ALIYUN::MONGODB::Instance': 'mongodb.instance',
  'ALIYUN::NAS::FileSystem': 'nas.file-system',
  // The project's physical id is its name (ROS ALIYUN::SLS::Project: `Ref` returns the name; UNCONFIRMED).
  'ALIYUN::SLS::Project': 'sls.project',
};

interface StackResources {
  /** Addresses of the catalogue's resources it created. */
  readonly owned: readonly string[];
  /** Created resources of other ROS types: counted, so the plan says the stack deletes more. */
  readonly others: number;
}

async function stackResources(stackId: string, ctx: ScanContext): Promise<StackResources> {
  const res = await ctx.clients.ros(ctx.region).listStackResources(new ListStackResourcesRequest({ regionId: ctx.region, stackId }));
  const owned: string[] = [];
  let others = 0;
  for (const r of res.body?.resources ?? []) {
    if (!r.physicalResourceId || r.resourceType === 'ALIYUN::ROS::Stack') continue;
    const type = ROS_RESOURCE_TYPES[r.resourceType ?? ''];
    if (type) owned.push(addressOf(type, ctx.region, r.physicalResourceId));
    else others += 1;
  }
  return { owned, others };
}

function toResource(s: ListStacksResponseBodyStacks, region: string, resources: StackResources): Resource {
  return {
    type: TYPE,
    region,
    id: s.stackId ?? '',
    name: s.stackName || undefined,
    createdAt: isoTime(s.createTime),
    tags: tagsOf(s.tags),
    properties: {
      // CREATE_COMPLETE | UPDATE_COMPLETE | ... | DELETE_IN_PROGRESS | DELETE_FAILED
      status: s.status ?? null,
      deletionProtection: s.deletionProtection === 'Enabled',
      stackType: s.stackType ?? null,
      // Its own resources and those of its nested stacks, as addresses of the catalogue.
      ownedAddresses: [...new Set(resources.owned)].sort(),
      otherResourceCount: resources.others,
    },
  };
}

/** GetStack, or undefined once the stack is gone (DELETE_COMPLETE, then StackNotFound). */
async function getStack(stackId: string, ctx: ScanContext): Promise<GetStackResponseBody | undefined> {
  try {
    const res = await ctx.clients
      .ros(ctx.region)
      .getStack(new GetStackRequest({ regionId: ctx.region, stackId, outputOption: 'Disabled' }));
    const s = res.body;
    return s?.stackId && s.status !== 'DELETE_COMPLETE' ? s : undefined;
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

/**
 * The stack as re-read: its status, protection and tags now; what it created stays as the plan
 * listed it (re-listing a stack's resources at every read would cost a call per stack).
 */
function reread(r: Resource, s: Pick<ListStacksResponseBodyStacks, 'status' | 'deletionProtection' | 'tags'>): Resource {
  return {
    ...r,
    tags: tagsOf(s.tags),
    properties: { ...r.properties, status: s.status ?? null, deletionProtection: s.deletionProtection === 'Enabled' },
  };
}

/** Memo of "which stack created this address", per inventory (one plan's scan). */
const ownersByInventory = new WeakMap<Inventory, Map<string, string>>();

/**
 * For the types a stack may create: the stack that created `r`, as an owner dependency (it
 * deletes `r` with itself), or nothing.
 */
export function rosStackOwner(r: Resource, inventory: Inventory): Dependency[] {
  let owners = ownersByInventory.get(inventory);
  if (!owners) {
    owners = new Map();
    for (const s of inventory.byType(TYPE)) for (const a of listProperty(s, 'ownedAddresses')) owners.set(a, resourceAddress(s));
    ownersByInventory.set(inventory, owners);
  }
  const stack = owners.get(resourceAddress(r));
  return stack ? [{ address: stack, reason: 'created by this ROS stack, which deletes it', owner: true }] : [];
}

export const rosStack: ResourceType = {
  type: TYPE,
  service: 'ros',
  scope: 'regional',
  description: 'ROS stacks, with the resources they created (deleted by DeleteStack, never one by one)',
  stepSummary: ['disable-deletion-protection', 'delete'],
  dependsOn: [],
  resourceCenterTypes: ['ACS::ROS::Stack'],
  // ListStacks carries each stack's `Tags[]` (Key, Value) (official SDK model ListStacksResponseBodyStacks).
  tags: { source: "ListStacks (each stack's Tags)" },
  attachmentProperties: ['ownedAddresses'],
  // A stack deletes its resources one after another: allow for databases among them.
  deleteTimeoutMs: 60 * 60_000,
  hints: {
    DELETE_FAILED: 'the stack could not delete one of its resources: see its events in the ROS console, fix the cause, and run again',
    StackDeletionProtectionEnabled: 'stack deletion protection is on: turn it off in the ROS console, or run again (the plan turns it off)',
  },

  async *list(ctx) {
    const ros = ctx.clients.ros(ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ros.listStacks(new ListStacksRequest({ regionId: ctx.region, pageNumber, pageSize, showNestedStack: true }));
      const page = res.body?.stacks ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    const all: ListStacksResponseBodyStacks[] = [];
    for await (const page of pages) for (const s of page) if (s.stackId && s.status !== 'DELETE_COMPLETE') all.push(s);
    // Every stack's resources (nested ones too), several stacks at once; then each nested
    // stack's resources are added to its root's.
    const byId = new Map(all.map((s) => [s.stackId!, s]));
    const resources = new Map<string, StackResources>();
    for await (const [id, r] of mapConcurrently(
      (async function* () {
        yield* all;
      })(),
      detailConcurrency(ctx),
      async (s) => [s.stackId!, await stackResources(s.stackId!, ctx)] as const,
    ))
      resources.set(id, r);
    const rootOf = (s: ListStacksResponseBodyStacks): ListStacksResponseBodyStacks => {
      const seen = new Set<string>();
      let at = s;
      while (at.parentStackId && byId.has(at.parentStackId) && !seen.has(at.parentStackId)) {
        seen.add(at.parentStackId);
        at = byId.get(at.parentStackId)!;
      }
      return at;
    };
    const merged = new Map<string, { owned: string[]; others: number }>();
    for (const s of all) {
      const root = rootOf(s);
      const m = merged.get(root.stackId!) ?? { owned: [], others: 0 };
      const own = resources.get(s.stackId!) ?? { owned: [], others: 0 };
      m.owned.push(...own.owned);
      m.others += own.others;
      merged.set(root.stackId!, m);
    }
    for (const s of all) {
      if (rootOf(s) !== s || s.serviceManaged === true) continue;
      yield toResource(s, ctx.region, merged.get(s.stackId!) ?? { owned: [], others: 0 });
    }
  },

  dependencies: () => [],

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx, 'the stack deletion protection');
    if (protection) steps.push(protection);
    const n = listProperty(r, 'ownedAddresses').length;
    const others = typeof r.properties.otherResourceCount === 'number' ? r.properties.otherResourceCount : 0;
    const parts = [
      ...(n > 0 ? [`${n} listed under it in this plan`] : []),
      ...(others > 0 ? [`${others} of types this tool does not list`] : []),
    ];
    steps.push({
      action: 'delete',
      description: `delete the stack and every resource it created${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`,
    });
    return steps;
  },

  async run(step, r, ctx) {
    const ros = ctx.clients.ros(ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        if (r.properties.deletionProtection === false) return; // already off (re-read just before)
        await ros.setDeletionProtection(
          new SetDeletionProtectionRequest({ regionId: ctx.region, stackId: r.id, deletionProtection: 'Disabled' }),
        );
        return;
      case 'delete': {
        // A stack already being deleted (an earlier attempt) is not asked again; one whose
        // deletion failed before (DELETE_FAILED) is asked again, as the console's retry does.
        if (r.properties.status !== 'DELETE_IN_PROGRESS')
          await ros.deleteStack(new DeleteStackRequest({ regionId: ctx.region, stackId: r.id, retainAllResources: false }));
        // The stack deletes its resources one by one; DELETE_FAILED ends the wait with the reason.
        await ctx.waitUntil(
          `stack ${r.id} to delete its resources`,
          async () => {
            const s = await getStack(r.id, ctx);
            if (s?.status === 'DELETE_FAILED')
              throw new CloudApiError({
                service: 'ros',
                action: 'DeleteStack',
                code: 'DELETE_FAILED',
                message: s.statusReason ?? 'the stack failed to delete one of its resources',
                kind: 'permanent',
              });
            return s === undefined;
          },
          { timeoutMs: 60 * 60_000 },
        );
        return;
      }
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    const s = await getStack(r.id, ctx);
    return s ? reread(r, s) : undefined;
  },

  // GetStack takes one StackId: many stacks are re-read from one page of ListStacks (PageSize at
  // most 50, with TotalCount; API docs: ListStacks), nested ones included as the scan lists them.
  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      async () => {
        const res = await ctx.clients
          .ros(ctx.region)
          .listStacks(new ListStacksRequest({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE, showNestedStack: true }));
        const page = res.body?.stacks ?? [];
        const planned = new Map(rs.map((r) => [r.id, r]));
        const found: Resource[] = [];
        for (const s of page) {
          const r = s.stackId === undefined ? undefined : planned.get(s.stackId);
          if (r && s.status !== 'DELETE_COMPLETE') found.push(reread(r, s));
        }
        return { found, complete: isWholeListing(page.length, PAGE_SIZE, res.body?.totalCount) };
      },
      (r) => rosStack.read(r, ctx),
    ),
};
