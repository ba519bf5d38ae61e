import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeDisksResponseBodyDisksDisk } from '@alicloud/ecs20140526';
import { addressOf, RELEASED_WITH_OWNER, type Resource, type ResourceType, type ScanContext, type Step } from '../contract.js';
import { nextTokenPages } from '../pagination.js';
import { chunks, isoTime, stringProperty, tagsOf } from '../references.js';
import { byAddress, describeInChunks } from '../batch-read.js';

const { DeleteDiskRequest, DescribeDisksRequest, DetachDiskRequest } = ecsSdk;

const TYPE = 'ecs.disk';
/** DescribeDisks MaxResults: 10–500 (API docs). */
const PAGE_SIZE = 500;

/**
 * A disk that its instance takes with it — the system disk, and data disks with
 * DeleteWithInstance=true — is released by DeleteInstance(s) (ECS DeleteInstance API docs:
 * "the system disk and the data disks for which DeleteWithInstance is true are released").
 * It is listed (the plan must show the reviewer that its data goes), as a side effect: its
 * instance is its owner (Dependency.owner), nothing is ever called for it, so a partial run
 * (`--only ecs.disk`) can never detach a system disk from an instance nobody asked to delete.
 */
function releasedWithInstance(r: Resource): string | undefined {
  const instanceId = stringProperty(r, 'instanceId');
  if (!instanceId) return undefined;
  return r.properties.diskType === 'system' || r.properties.deleteWithInstance === true
    ? addressOf('ecs.instance', r.region, instanceId)
    : undefined;
}

/**
 * "For a security-locked instance, even if the DeleteWithInstance parameter of a disk is set to
 * false, this attribute is ignored and the disk is released along with the instance" (ECS
 * DeleteInstance API docs): every disk attached to it goes with it.
 */
export function isSecurityLocked(instance: Resource | undefined): boolean {
  const reasons = instance?.properties.lockReasons;
  return Array.isArray(reasons) && reasons.includes('security');
}

function toResource(d: DescribeDisksResponseBodyDisksDisk, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: d.diskId ?? '',
    name: d.diskName || undefined,
    createdAt: isoTime(d.creationTime),
    tags: tagsOf(d.tags?.tag),
    properties: {
      status: d.status ?? null,
      diskType: d.type ?? null,
      category: d.category ?? null,
      size: d.size ?? null,
      instanceId: d.instanceId || null,
      chargeType: d.diskChargeType ?? null,
      expiredTime: d.diskChargeType === 'PrePaid' ? (d.expiredTime ?? null) : null,
      deleteWithInstance: d.deleteWithInstance ?? false,
      // Its automatic snapshots are released with it when true (ECS DeleteInstance API docs:
      // "If DeleteAutoSnapshot=false, automatic snapshots are retained. Otherwise, they are
      // released"); see ecs/snapshot.ts. Unknown (absent) is null, never taken for either.
      deleteAutoSnapshot: d.deleteAutoSnapshot ?? null,
      portable: d.portable ?? true,
    },
  };
}

/** DescribeDisks takes up to 100 ids in DiskIds (a JSON array), one page of up to 100 (ECS API docs: DescribeDisks). */
const DESCRIBE_MAX = 100;

async function describeDisks(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  return describeInChunks(ids, DESCRIBE_MAX, async (chunk) => {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeDisks(new DescribeDisksRequest({ regionId: ctx.region, diskIds: JSON.stringify(chunk), pageSize: DESCRIBE_MAX }));
    return (res.body?.disks?.disk ?? []).filter((d) => d.diskId).map((d) => toResource(d, ctx.region));
  });
}

/** A disk attached to an instance, and whether it goes with the instance by its own settings. */
export interface AttachedDisk {
  readonly id: string;
  readonly withInstance: boolean;
}

/** Does the disk go with its instance when the instance is released (the system disk, DeleteWithInstance data disks)? */
function goesWithInstance(d: DescribeDisksResponseBodyDisksDisk): boolean {
  return d.type === 'system' || d.deleteWithInstance === true;
}

/**
 * For ecs.instance: the disks attached to each instance, by instance id, each saying whether
 * it goes with the instance by its own settings (system disk, DeleteWithInstance). With
 * `instanceIds`, one DescribeDisks (`InstanceId`, every disk of it on one page of up to 500; an
 * instance holds at most 65) per instance — or, for several instances, the region's first page
 * of disks when it holds them all (no NextToken): one answer then serves them all (InstanceId
 * takes one id); without, the region's whole listing once. A failed read throws: disks that
 * cannot be read are never taken for "none".
 */
export async function disksReleasedWith(ctx: ScanContext, instanceIds?: readonly string[]): Promise<Map<string, AttachedDisk[]>> {
  const out = new Map<string, AttachedDisk[]>((instanceIds ?? []).map((id) => [id, []]));
  const collect = async (instanceId: string | undefined) => {
    const pages = nextTokenPages(async (nextToken) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeDisks(new DescribeDisksRequest({ regionId: ctx.region, instanceId, maxResults: PAGE_SIZE, nextToken }));
      return { page: res.body?.disks?.disk ?? [], nextToken: res.body?.nextToken };
    });
    for await (const page of pages)
      for (const d of page) {
        if (!d.diskId || !d.instanceId) continue;
        if (instanceId !== undefined && d.instanceId !== instanceId) continue;
        out.set(d.instanceId, [...(out.get(d.instanceId) ?? []), { id: d.diskId, withInstance: goesWithInstance(d) }]);
      }
  };
  if (instanceIds === undefined) await collect(undefined);
  else if (instanceIds.length < 2 || !(await fromFirstPage(ctx, out)))
    // A few at a time: a batch of 100 instances must not become 100 calls at once.
    for (const chunk of chunks(instanceIds, 10)) await Promise.all(chunk.map((id) => collect(id)));
  for (const disks of out.values()) disks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/**
 * The region's first page of disks, at the largest page: when it is the whole listing (no
 * NextToken), the disks attached to each instance of `out` are added there and true is
 * answered; otherwise `out` is left untouched (a partial listing proves nothing).
 */
async function fromFirstPage(ctx: ScanContext, out: Map<string, AttachedDisk[]>): Promise<boolean> {
  const res = await ctx.clients.ecs(ctx.region).describeDisks(new DescribeDisksRequest({ regionId: ctx.region, maxResults: PAGE_SIZE }));
  if (res.body?.nextToken) return false;
  for (const d of res.body?.disks?.disk ?? []) {
    if (!d.diskId || !d.instanceId) continue;
    out.get(d.instanceId)?.push({ id: d.diskId, withInstance: goesWithInstance(d) });
  }
  return true;
}

async function describeDisk(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  return (await describeDisks([id], ctx)).get(id);
}

export const ecsDisk: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::Disk'],
  tags: { source: "DescribeDisks (each disk's Tags)" },
  // What it is bound to: one that appeared since the plan (moved to an instance this plan does
  // not destroy, perhaps a kept one) makes apply skip it rather than detach it from there.
  attachmentProperties: ['instanceId'],
  description:
    'ECS disks: data disks that outlive their instance are detached, then deleted; system disks and DeleteWithInstance data disks are released with their instance',
  stepSummary: ['convert-to-postpaid', 'detach', 'delete', 'released-with-owner'],
  dependsOn: ['ecs.instance'],
  ownedBy: ['ecs.instance'],
  hints: {
    IncorrectDiskStatus: 'the disk is attached or changing state; it is retried — if it stays attached, detach it in the ECS console',
    'InvalidOperation.DiskChargeType':
      'the disk is a subscription: convert its instance to pay-as-you-go (data disks included) or unsubscribe it',
  },

  async *list(ctx) {
    const pages = nextTokenPages(async (nextToken) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeDisks(new DescribeDisksRequest({ regionId: ctx.region, maxResults: PAGE_SIZE, nextToken }));
      return { page: res.body?.disks?.disk ?? [], nextToken: res.body?.nextToken };
    });
    for await (const page of pages) for (const d of page) if (d.diskId) yield toResource(d, ctx.region);
  },

  dependencies(r, inventory) {
    const owner = releasedWithInstance(r);
    if (owner !== undefined) return inventory.get(owner) ? [{ address: owner, reason: 'released with this instance', owner: true }] : [];
    const attachedTo = stringProperty(r, 'instanceId');
    const locked = attachedTo ? addressOf('ecs.instance', r.region, attachedTo) : undefined;
    if (locked !== undefined && isSecurityLocked(inventory.get(locked)))
      return [{ address: locked, reason: 'released with this security-locked instance, whatever DeleteWithInstance says', owner: true }];
    // A data disk of an instance being destroyed waits for it: it is then detached already, and
    // a kept instance keeps its disks (a dependency on a kept resource blocks this one).
    const instanceId = stringProperty(r, 'instanceId');
    if (!instanceId) return [];
    const address = addressOf('ecs.instance', r.region, instanceId);
    return inventory.get(address) ? [{ address, reason: 'instance this disk is attached to' }] : [];
  },

  steps(r, ctx) {
    const parent = releasedWithInstance(r);
    // The planner turns a side effect whose instance it found into a "released with" entry;
    // reaching here means the instance was not in the scan: never detach a system disk blind.
    if (parent !== undefined)
      return [
        {
          action: RELEASED_WITH_OWNER,
          description: `released with ${parent}`,
          blocked: `released only with ${parent}, which the scan did not find; plan again`,
        },
      ];
    const steps: Step[] = [];
    if (r.properties.chargeType === 'PrePaid') {
      // Subscription data disks are converted with their instance (ModifyInstanceChargeType IncludeDataDisks).
      if (!ctx.settings.convertPrepaid)
        steps.push({
          action: 'convert-to-postpaid',
          description: 'subscription disk',
          blocked: 'subscription disk: enable settings.convertPrepaid (converted with its instance) or unsubscribe it in the console',
        });
    }
    const instanceId = stringProperty(r, 'instanceId');
    if (instanceId) steps.push({ action: 'detach', description: `detach from instance ${instanceId} (if still attached)` });
    steps.push({ action: 'delete', description: 'delete the disk' });
    return steps;
  },

  async run(step, r, ctx) {
    const ecs = ctx.clients.ecs(ctx.region);
    switch (step.action) {
      case 'detach': {
        // Releasing its instance detaches the disk too: only detach what is still In_use.
        const now = await describeDisk(r.id, ctx);
        const instanceId = now && stringProperty(now, 'instanceId');
        if (!now || !instanceId || now.properties.status === 'Available') return;
        await ecs.detachDisk(new DetachDiskRequest({ diskId: r.id, instanceId }));
        await ctx.waitUntil(`disk ${r.id} to become Available`, async () => {
          const d = await describeDisk(r.id, ctx);
          return d === undefined || d.properties.status === 'Available';
        });
        return;
      }
      case 'delete':
        await ecs.deleteDisk(new DeleteDiskRequest({ diskId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeDisk(r.id, ctx),

  async readMany(rs, ctx) {
    return byAddress(
      TYPE,
      rs,
      await describeDisks(
        rs.map((r) => r.id),
        ctx,
      ),
    );
  },
};
