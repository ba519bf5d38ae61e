/**
 * NAS file systems (NAS 2017-06-26). The generic OpenAPI call, not @alicloud/nas20170626: NAS
 * takes its region from the endpoint only, and the SDK's request models have no RegionId, so a
 * single endpoint (a proxy, the sandbox) could not tell the regions apart; the call adds RegionId,
 * which the gateway accepts for every product. Shapes: the SDK's response models
 * (DescribeFileSystemsResponseBody). DescribeFileSystems lists them with
 * their mount targets; each mount target is a node of its own (nas.mount-target) that goes first:
 * it sits in a vswitch, and a file system is deleted once nothing mounts it
 * (API docs: DeleteFileSystem, https://www.alibabacloud.com/help/en/nas/developer-reference/api-nas-2017-06-26-deletefilesystem).
 * Gone: InvalidFileSystem.NotFound (terraform-provider-alicloud resource_alicloud_nas_file_system.go).
 * DeleteFileSystem also refuses a file system with a lifecycle policy
 * (OperationDenied.LifecyclePolicyAssociated, 400; same API docs): reported with its hint.
 * A subscription (ChargeType Subscription) is blocked with the way out: that DeleteFileSystem
 * refuses it before it expires is UNCONFIRMED (the API docs say nothing of charge types).
 */
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { isWholeListing, readThroughListing } from '../batch-read.js';
import { dependenciesOn, isoTime } from '../references.js';

const TYPE = 'nas.file-system';
/** DescribeFileSystems PageSize: 1–100 (API docs). */
export const NAS_PAGE_SIZE = 100;

/** One `MountTargets.MountTarget[]` entry (DescribeFileSystems: AccessGroupName; DescribeMountTargets: AccessGroup). */
export interface MountTargetWire {
  readonly MountTargetDomain?: unknown;
  readonly Status?: unknown;
  readonly VpcId?: unknown;
  readonly VswId?: unknown;
  readonly NetworkType?: unknown;
  readonly AccessGroupName?: unknown;
  readonly AccessGroup?: unknown;
}

/** One `FileSystems.FileSystem[]` entry of DescribeFileSystems. */
export interface NasFileSystem {
  readonly FileSystemId?: unknown;
  readonly Description?: unknown;
  readonly Status?: unknown;
  readonly ChargeType?: unknown;
  readonly ExpiredTime?: unknown;
  readonly FileSystemType?: unknown;
  readonly ProtocolType?: unknown;
  readonly CreateTime?: unknown;
  readonly MountTargets?: { readonly MountTarget?: readonly MountTargetWire[] };
  readonly Tags?: { readonly Tag?: ReadonlyArray<{ readonly Key?: unknown; readonly Value?: unknown }> };
}

export const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function listOf<T>(body: Record<string, unknown>, wrapper: string, item: string): T[] {
  const w = body[wrapper] as Record<string, unknown> | undefined;
  const list = w?.[item];
  return Array.isArray(list) ? (list as T[]) : [];
}

/** Every file system of the region, page by page (nas.mount-target lists through this too). */
export async function* fileSystems(ctx: ScanContext): AsyncGenerator<NasFileSystem> {
  const nas = ctx.clients.generic('nas', ctx.region);
  const pages = pageNumberPages(NAS_PAGE_SIZE, async (pageNumber, pageSize) => {
    const body = await nas.call('DescribeFileSystems', { RegionId: ctx.region, PageNumber: pageNumber, PageSize: pageSize });
    const page = listOf<NasFileSystem>(body, 'FileSystems', 'FileSystem');
    return { page, count: page.length, totalCount: typeof body.TotalCount === 'number' ? body.TotalCount : undefined };
  });
  for await (const page of pages) for (const f of page) if (text(f.FileSystemId)) yield f;
}

/**
 * The first page of the region's file systems (PageSize 1–100, with TotalCount), their mount
 * targets included, and whether it is the whole listing: FileSystemId takes one id (API docs:
 * DescribeFileSystems), so many file systems or mount targets are re-read from this page.
 */
export async function firstFileSystemPage(ctx: ScanContext): Promise<{ page: NasFileSystem[]; complete: boolean }> {
  const body = await ctx.clients
    .generic('nas', ctx.region)
    .call('DescribeFileSystems', { RegionId: ctx.region, PageNumber: 1, PageSize: NAS_PAGE_SIZE });
  const page = listOf<NasFileSystem>(body, 'FileSystems', 'FileSystem');
  return { page, complete: isWholeListing(page.length, NAS_PAGE_SIZE, typeof body.TotalCount === 'number' ? body.TotalCount : undefined) };
}

function toResource(f: NasFileSystem, region: string): Resource {
  const chargeType = text(f.ChargeType);
  const tags: Record<string, string> = {};
  for (const t of f.Tags?.Tag ?? []) if (typeof t.Key === 'string') tags[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  return {
    type: TYPE,
    region,
    id: text(f.FileSystemId) ?? '',
    name: text(f.Description) ?? undefined,
    createdAt: isoTime(text(f.CreateTime) ?? undefined),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      // Pending | Running | Stopped | Extending | Stopping | Deleting ...
      status: text(f.Status),
      // PayAsYouGo | Subscription | Package
      chargeType,
      expiredTime: chargeType === 'Subscription' ? text(f.ExpiredTime) : null,
      fileSystemType: text(f.FileSystemType),
      protocolType: text(f.ProtocolType),
      mountTargetDomains: (f.MountTargets?.MountTarget ?? []).map((m) => text(m.MountTargetDomain) ?? '').filter((d) => d !== ''),
    },
  };
}

async function describeFileSystem(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const body = await ctx.clients.generic('nas', ctx.region).call('DescribeFileSystems', { RegionId: ctx.region, FileSystemId: id });
  const f = listOf<NasFileSystem>(body, 'FileSystems', 'FileSystem').find((x) => x.FileSystemId === id);
  return f ? toResource(f, ctx.region) : undefined;
}

export const nasFileSystem: ResourceType = {
  type: TYPE,
  service: 'nas',
  scope: 'regional',
  description: 'NAS file systems and their data (after their mount targets)',
  stepSummary: ['delete'],
  dependsOn: ['nas.mount-target'],
  resourceCenterTypes: ['ACS::NAS::FileSystem'],
  billingProductCodes: ['nas'],
  // DescribeFileSystems carries `Tags.Tag[]` (Key, Value) per file system (official SDK model,
  // @alicloud/nas20170626 DescribeFileSystemsResponseBodyFileSystemsFileSystem).
  tags: { source: "DescribeFileSystems (each file system's Tags)" },
  hints: {
    'OperationDenied.InvalidState': 'the file system is changing state (or still mounted); it is retried',
    'OperationDenied.LifecyclePolicyAssociated':
      'the file system has a lifecycle policy: delete it in the NAS console (Lifecycle Management) or with DeleteLifecyclePolicy, then run again',
  },

  async *list(ctx) {
    for await (const f of fileSystems(ctx)) yield toResource(f, ctx.region);
  },

  dependencies: (r, inventory) => dependenciesOn(inventory, 'nas.mount-target', 'fileSystemId', r.id, 'mount target of this file system'),

  steps(r) {
    if (r.properties.chargeType === 'Subscription') {
      const expires = typeof r.properties.expiredTime === 'string' ? ` (expires ${r.properties.expiredTime})` : '';
      return [
        {
          action: 'delete',
          description: `subscription file system${expires}`,
          blocked: 'subscription file system: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire',
        },
      ];
    }
    return [{ action: 'delete', description: 'delete the file system and all its data' }];
  },

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.generic('nas', ctx.region).call('DeleteFileSystem', { RegionId: ctx.region, FileSystemId: r.id });
  },

  read: (r, ctx) => describeFileSystem(r.id, ctx),

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      async () => {
        const { page, complete } = await firstFileSystemPage(ctx);
        return { found: page.filter((f) => text(f.FileSystemId)).map((f) => toResource(f, ctx.region)), complete };
      },
      (r) => describeFileSystem(r.id, ctx),
    ),
};
