import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeInstancesResponseBodyInstancesInstance } from '@alicloud/ecs20140526';
import { CloudApiError, isGone } from '../../cloud/errors.js';
import { resourceAddress, type Resource, type ResourceType, type ScanContext, type Step, type StepContext } from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { chunks, dependenciesOn, isoTime, tagsOf } from '../references.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { scalingGroupDependencies } from '../ess/scaling-group.js';
import { clusterDependencies } from '../cs/cluster.js';
import { routesThrough } from '../vpc/route-entry.js';
import { deletionProtectionStep } from '../deletion-protection.js';
import { convertToPostpaidStep } from '../prepaid.js';
import { disksReleasedWith, isSecurityLocked, type AttachedDisk } from './disk.js';

const { DeleteInstancesRequest, DescribeInstancesRequest, ModifyInstanceAttributeRequest, ModifyInstanceChargeTypeRequest } = ecsSdk;

const TYPE = 'ecs.instance';
/** DescribeInstances MaxResults and InstanceIds: 1–100 (API docs). */
const DESCRIBE_MAX = 100;
/** DeleteInstances takes InstanceId.1..100. */
const DELETE_BATCH = 100;
/** ModifyInstanceChargeType takes a JSON array of at most 20 ids (API docs). */
const CONVERT_BATCH = 20;

function toResource(i: DescribeInstancesResponseBodyInstancesInstance, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: i.instanceId ?? '',
    name: i.instanceName,
    createdAt: isoTime(i.creationTime),
    tags: tagsOf(i.tags?.tag),
    properties: {
      status: i.status ?? null,
      instanceType: i.instanceType ?? null,
      chargeType: i.instanceChargeType ?? null,
      expiredTime: i.instanceChargeType === 'PrePaid' ? (i.expiredTime ?? null) : null,
      deletionProtection: i.deletionProtection ?? false,
      vpcId: i.vpcAttributes?.vpcId ?? null,
      vSwitchId: i.vpcAttributes?.vSwitchId ?? null,
      securityGroupIds: i.securityGroupIds?.securityGroupId ?? [],
      keyPairName: i.keyPairName || null,
      imageId: i.imageId ?? null,
      eipAllocationId: i.eipAddress?.allocationId || null,
      lockReasons: (i.operationLocks?.lockReason ?? []).map((l) => l.lockReason ?? '').filter((l) => l !== ''),
    },
  };
}

/**
 * The instances with `releasedDiskIds`: the disks releasing it takes along (the system disk and
 * DeleteWithInstance data disks; see ecs/disk.ts). An attachment property: a disk attached with
 * DeleteWithInstance since the plan, which the plan does not list, makes apply skip the
 * instance ("changed since the plan") instead of releasing the disk unreviewed.
 */
function withReleasedDisks(instances: readonly Resource[], disks: ReadonlyMap<string, readonly AttachedDisk[]>): Resource[] {
  return instances.map((r) => {
    // A security-locked instance takes every attached disk along (see isSecurityLocked).
    const released = (disks.get(r.id) ?? []).filter((d) => d.withInstance || isSecurityLocked(r)).map((d) => d.id);
    return { ...r, properties: { ...r.properties, releasedDiskIds: released } };
  });
}

async function describeByIds(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  return describeInChunks(ids, DESCRIBE_MAX, async (chunk) => {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeInstances(
        new DescribeInstancesRequest({ regionId: ctx.region, instanceIds: JSON.stringify(chunk), maxResults: DESCRIBE_MAX }),
      );
    return (res.body?.instances?.instance ?? []).filter((i) => i.instanceId).map((i) => toResource(i, ctx.region));
  });
}

/** Re-read: the instances that still exist, each with the disks it would take with it now. */
async function describeWithDisks(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  const found = await describeByIds(ids, ctx);
  if (found.size === 0) return found;
  const disks = await disksReleasedWith(ctx, [...found.keys()]);
  return new Map(withReleasedDisks([...found.values()], disks).map((r) => [r.id, r]));
}

/**
 * The answer to converting an instance that is already pay-as-you-go — a conversion whose
 * answer a crash or a dropped connection swallowed. Not in the error table of the API
 * reference (https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-modifyinstancechargetype);
 * taken as "already so", and the wait below still proves the instance is pay-as-you-go.
 */
const ALREADY_POSTPAID = new Set(['InvalidInstanceChargeType.NotChange']);

async function convertToPostpaid(rs: readonly Resource[], ctx: StepContext): Promise<void> {
  // Idempotent: an instance already pay-as-you-go (the apply re-read it just before) is not
  // converted again; a rerun after a crash right after the call finishes the step this way.
  const ids = rs.filter((r) => r.properties.chargeType !== 'PostPaid').map((r) => r.id);
  if (ids.length === 0) return;
  try {
    await ctx.clients.ecs(ctx.region).modifyInstanceChargeType(
      new ModifyInstanceChargeTypeRequest({
        regionId: ctx.region,
        instanceIds: JSON.stringify(ids),
        instanceChargeType: 'PostPaid',
        autoPay: true,
        includeDataDisks: true,
      }),
    );
  } catch (err) {
    if (!(err instanceof CloudApiError && ALREADY_POSTPAID.has(err.code))) throw err;
  }
  // The conversion is an order: the charge type flips asynchronously.
  await ctx.waitUntil(`instance ${ids.join(', ')} to become pay-as-you-go`, async () => {
    const now = await describeByIds(ids, ctx);
    return ids.every((id) => {
      const r = now.get(id);
      return r === undefined || r.properties.chargeType === 'PostPaid';
    });
  });
}

async function deleteInstances(ids: readonly string[], ctx: StepContext): Promise<void> {
  await ctx.clients
    .ecs(ctx.region)
    .deleteInstances(new DeleteInstancesRequest({ regionId: ctx.region, instanceId: [...ids], force: true }));
}

/**
 * One DeleteInstances call for many instances. The call is all-or-nothing: when its error
 * names some of the instances (e.g. "The specified instance i-x is protected"), those get the
 * error and the call is made again for the others; an error naming none fails them all.
 */
async function deleteBatch(rs: readonly Resource[], ctx: StepContext): Promise<Map<string, Error>> {
  const failed = new Map<string, Error>();
  let remaining = [...rs];
  while (remaining.length > 0) {
    try {
      await deleteInstances(
        remaining.map((r) => r.id),
        ctx,
      );
      return failed;
    } catch (err) {
      const named = err instanceof CloudApiError ? remaining.filter((r) => err.message.includes(r.id)) : [];
      // An error naming no instance is about one of them, which is unknown: it must not count
      // for all (a NotFound for one would make every other instance "gone"). The whole call
      // fails, and the executor tries the instances one by one, each answering for itself.
      if (named.length === 0 && remaining.length > 1) throw err;
      const blamed = named.length > 0 ? named : remaining;
      for (const r of blamed) {
        // An instance already gone is what we wanted.
        if (!isGone(err)) failed.set(resourceAddress(r), err as Error);
      }
      if (named.length === 0) return failed;
      remaining = remaining.filter((r) => !named.includes(r));
    }
  }
  return failed;
}

export const ecsInstance: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::Instance'],
  billingProductCodes: ['ecs'],
  tags: { source: "DescribeInstances (each instance's Tags)" },
  description: 'ECS instances (subscriptions converted to pay-as-you-go first; deletion protection turned off)',
  // released-with-owner: an instance a scaling group created goes with the group (see Dependency.owner).
  stepSummary: ['disable-deletion-protection', 'convert-to-postpaid', 'delete', 'released-with-owner'],
  dependsOn: ['ecs.network-interface', 'slb.load-balancer', 'ess.scaling-group', 'vpc.route-entry', 'cs.cluster'],
  ownedBy: ['ess.scaling-group', 'cs.cluster'],
  deleteTimeoutMs: 20 * 60_000, // terraform allows 20 min for an instance to disappear
  attachmentProperties: ['releasedDiskIds'],
  hints: {
    ChargeTypeViolation:
      'the instance is still a subscription: enable settings.convertPrepaid or unsubscribe it in the console (Expenses → Unsubscribe)',
    'InvalidOperation.DeletionProtection':
      'deletion protection is on: turn it off in the ECS console (Instance → Change Instance Settings)',
    'InvalidInstance.UnPaidOrder': 'the instance has an unpaid order: pay or cancel it in the console (Expenses → Orders) and run again',
    'Account.Arrearage': 'the account has an overdue payment: top up the balance, then run again',
    'InvalidAccountStatus.NotEnoughBalance': 'the account balance is too low to settle the conversion: top up and run again',
    IncorrectInstanceStatus: 'the instance is changing state (starting, stopping, locked); it is retried, or wait and run again',
  },

  async *list(ctx) {
    const pages = nextTokenPages(async (nextToken) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeInstances(new DescribeInstancesRequest({ regionId: ctx.region, maxResults: DESCRIBE_MAX, nextToken }));
      return { page: res.body?.instances?.instance ?? [], nextToken: res.body?.nextToken };
    });
    const instances: Resource[] = [];
    for await (const page of pages) for (const i of page) if (i.instanceId) instances.push(toResource(i, ctx.region));
    if (instances.length === 0) return;
    // The disks each instance takes with it: one listing of the region's disks.
    yield* withReleasedDisks(instances, await disksReleasedWith(ctx));
  },

  dependencies(r, inventory) {
    return [
      ...dependenciesOn(inventory, 'ecs.network-interface', 'instanceId', r.id, 'secondary network interface attached to this instance'),
      // Releasing a backend of a load balancer being configured fails with DependencyViolation.SLBConfiguring (API docs: DeleteInstance).
      ...dependenciesOn(inventory, 'slb.load-balancer', 'backendServerIds', r.id, 'load balancer this instance is a backend of'),
      ...scalingGroupDependencies(r, inventory),
      // An ACK cluster releases its pay-as-you-go nodes and leaves its subscription ones.
      ...clusterDependencies(r, inventory),
      // A custom route through the instance: DependencyViolation.RouteEntry (400) (API docs: DeleteInstance).
      ...routesThrough(inventory, r.region, r.id),
    ];
  },

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    const conversion = convertToPostpaidStep(r, ctx, { what: 'instance', including: ', data disks included', batch: CONVERT_BATCH });
    if (conversion) steps.push(conversion);
    steps.push({ action: 'delete', description: 'delete the instance (Force: stopped if running)', batch: DELETE_BATCH });
    return steps;
  },

  async run(step, r, ctx) {
    switch (step.action) {
      case 'disable-deletion-protection':
        if (r.properties.deletionProtection === false) return; // already off (re-read just before)
        await ctx.clients
          .ecs(ctx.region)
          .modifyInstanceAttribute(new ModifyInstanceAttributeRequest({ instanceId: r.id, deletionProtection: false }));
        return;
      case 'convert-to-postpaid':
        return convertToPostpaid([r], ctx);
      case 'delete':
        return deleteInstances([r.id], ctx);
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async runBatch(step, rs, ctx) {
    switch (step.action) {
      case 'delete':
        return deleteBatch(rs, ctx);
      case 'convert-to-postpaid': {
        const failed = new Map<string, Error>();
        for (const chunk of chunks(rs, CONVERT_BATCH)) {
          try {
            await convertToPostpaid(chunk, ctx);
          } catch (err) {
            for (const r of chunk) failed.set(resourceAddress(r), err as Error);
          }
        }
        return failed;
      }
      default:
        throw new Error(`${TYPE}: step ${step.action} is not a batch step`);
    }
  },

  async read(r, ctx) {
    return (await describeWithDisks([r.id], ctx)).get(r.id);
  },

  async readMany(rs, ctx) {
    return byAddress(
      TYPE,
      rs,
      await describeWithDisks(
        rs.map((r) => r.id),
        ctx,
      ),
    );
  },
};
