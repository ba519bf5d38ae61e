import { CloudApiError } from '../../cloud/errors.js';
import { rdsSdk } from '../../cloud/sdk.js';
import type { DescribeDBInstancesResponseBodyItemsDBInstance } from '@alicloud/rds20140815';
import type { ProviderSettings, RdsReleasedKeepPolicy, Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { dependenciesOn, isoTime } from '../references.js';
import { pageNumberPages } from '../pagination.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../batch-read.js';
import { tagReadFailure, withTags, type TagRead } from '../tags.js';
import { deletionProtectionStep } from '../deletion-protection.js';
import { convertToPostpaidStep } from '../prepaid.js';

const {
  DeleteDBInstanceRequest,
  DescribeDBInstancesRequest,
  ListTagResourcesRequest,
  ModifyDBInstanceDeletionProtectionRequest,
  TransformDBInstancePayTypeRequest,
} = rdsSdk;

const TYPE = 'rds.instance';
/** DescribeDBInstances PageSize: 1–100 (API docs). */
const PAGE_SIZE = 100;
/** ListTagResources takes at most 50 instance ids per call (RDS API docs: ListTagResources, ResourceId). */
const TAG_IDS = 50;

function toResource(d: DescribeDBInstancesResponseBodyItemsDBInstance, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: d.DBInstanceId ?? '',
    name: d.DBInstanceDescription || undefined,
    createdAt: isoTime(d.createTime),
    properties: {
      status: d.DBInstanceStatus ?? null,
      engine: d.engine ?? null,
      engineVersion: d.engineVersion ?? null,
      // Primary | Readonly | Guard | Temp
      instanceRole: d.DBInstanceType ?? null,
      masterInstanceId: d.masterInstanceId || null,
      readOnlyInstanceIds: (d.readOnlyDBInstanceIds?.readOnlyDBInstanceId ?? []).map((x) => x.DBInstanceId ?? '').filter((x) => x !== ''),
      // Postpaid | Prepaid
      chargeType: d.payType ?? null,
      expiredTime: d.payType === 'Prepaid' ? (d.expireTime ?? null) : null,
      deletionProtection: d.deletionProtection ?? false,
      // local_ssd | cloud_ssd | cloud_essd...: ReleasedKeepPolicy applies to local disks only.
      storageType: d.DBInstanceStorageType ?? null,
      lockMode: d.lockMode ?? null,
      vpcId: d.vpcId || null,
      // Multi-zone instances list several vswitches, comma-separated.
      vSwitchIds: (d.vSwitchId ?? '').split(',').filter((x) => x !== ''),
    },
  };
}

/**
 * DescribeDBInstances returns no tags: they come from ListTagResources (RDS API docs:
 * ListTagResources — RegionId, ResourceType INSTANCE, up to 50 ResourceId, NextToken; the answer
 * is TagResources.TagResource[] of ResourceId/TagKey/TagValue, one row per tag). One call (and
 * its pages) serves up to 50 instances; a failed read marks those instances' tags unreadable.
 */
async function tagsOfInstances(ids: readonly string[], ctx: ScanContext): Promise<Map<string, TagRead>> {
  const out = new Map<string, TagRead>();
  for (let i = 0; i < ids.length; i += TAG_IDS) {
    const chunk = ids.slice(i, i + TAG_IDS);
    const found = new Map<string, Record<string, string>>(chunk.map((id) => [id, {}]));
    try {
      let nextToken: string | undefined;
      do {
        const body = (
          await ctx.clients
            .rds(ctx.region)
            .listTagResources(new ListTagResourcesRequest({ regionId: ctx.region, resourceType: 'INSTANCE', resourceId: chunk, nextToken }))
        ).body;
        for (const t of body?.tagResources?.tagResource ?? []) {
          const tags = t.resourceId === undefined ? undefined : found.get(t.resourceId);
          if (tags && t.tagKey) tags[t.tagKey] = t.tagValue ?? '';
        }
        nextToken = body?.nextToken || undefined;
      } while (nextToken !== undefined);
      for (const [id, tags] of found) out.set(id, { tags });
    } catch (err) {
      const failed = tagReadFailure(err);
      for (const id of chunk) out.set(id, failed);
    }
  }
  return out;
}

async function withInstanceTags(rs: readonly Resource[], ctx: ScanContext): Promise<Resource[]> {
  if (rs.length === 0) return [];
  const tags = await tagsOfInstances(
    rs.map((r) => r.id),
    ctx,
  );
  return rs.map((r) => withTags(r, tags.get(r.id) ?? { tags: {} }));
}

/**
 * DeleteDBInstance's ReleasedKeepPolicy: "supported only for ApsaraDB RDS for MySQL instance
 * with local disks" (aliyun-openapi-meta en-US/rds/DeleteDBInstance.json). Sent only where it
 * applies and asks for something (None is the API's default); undefined otherwise.
 */
function keepPolicyFor(r: Resource, settings: Pick<ProviderSettings, 'rdsReleasedKeepPolicy'>): RdsReleasedKeepPolicy | undefined {
  const policy = settings.rdsReleasedKeepPolicy ?? 'None';
  const mysqlLocal = r.properties.engine === 'MySQL' && r.properties.storageType === 'local_ssd';
  return policy !== 'None' && mysqlLocal ? policy : undefined;
}

/** What the plan says happens to the instance's backups. */
function backupFate(r: Resource, settings: Pick<ProviderSettings, 'rdsReleasedKeepPolicy'>): string {
  const policy = keepPolicyFor(r, settings);
  if (policy === 'All') return 'archived backups kept after release (ReleasedKeepPolicy=All)';
  if (policy === 'Lastest') return 'the last archived backup kept after release (ReleasedKeepPolicy=Lastest)';
  if ((settings.rdsReleasedKeepPolicy ?? 'None') !== 'None')
    return `its backups are released with it (settings.rdsReleasedKeepPolicy=${settings.rdsReleasedKeepPolicy} applies to MySQL with local disks only)`;
  return 'its backups are released with it (ReleasedKeepPolicy=None; set settings.rdsReleasedKeepPolicy to keep them)';
}

async function describeInstance(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const res = await ctx.clients
    .rds(ctx.region)
    .describeDBInstances(new DescribeDBInstancesRequest({ regionId: ctx.region, DBInstanceId: id }));
  const d = res.body?.items?.DBInstance?.find((x) => x.DBInstanceId === id);
  return d ? toResource(d, ctx.region) : undefined;
}

/**
 * DBInstanceId takes one id (metadata: rds/DescribeDBInstances, "The instance ID"): many
 * instances are re-read from one page of the region's instances (PageSize 1 to 100, with
 * TotalRecordCount), and the tags of those asked for in ListTagResources calls of 50.
 */
async function firstPage(ctx: ScanContext, asked: ReadonlySet<string>): Promise<ListingPage> {
  const res = await ctx.clients
    .rds(ctx.region)
    .describeDBInstances(new DescribeDBInstancesRequest({ regionId: ctx.region, pageNumber: 1, pageSize: PAGE_SIZE }));
  const page = res.body?.items?.DBInstance ?? [];
  const wanted = page.filter((d) => d.DBInstanceId && asked.has(d.DBInstanceId)).map((d) => toResource(d, ctx.region));
  return {
    found: await withInstanceTags(wanted, ctx),
    complete: isWholeListing(page.length, PAGE_SIZE, res.body?.totalRecordCount),
  };
}

/**
 * The answer to converting an instance that already is pay-as-you-go. Not in the error table
 * of the API reference (https://www.alibabacloud.com/help/en/rds/developer-reference/api-rds-2014-08-15-transformdbinstancepaytype);
 * taken as "already so", and the wait that follows still proves it.
 */
const ALREADY_POSTPAID = new Set(['OperationDenied.PayType']);

export const rdsInstance: ResourceType = {
  type: TYPE,
  service: 'rds',
  scope: 'regional',
  resourceCenterTypes: ['ACS::RDS::DBInstance'],
  billingProductCodes: ['rds'],
  tags: { source: 'ListTagResources (ResourceType INSTANCE, 50 instances per call); DescribeDBInstances returns none' },
  description: 'ApsaraDB RDS instances (read-only replicas before their primary; subscriptions converted first)',
  stepSummary: ['disable-deletion-protection', 'convert-to-postpaid', 'delete'],
  dependsOn: ['rds.instance'],
  attachmentProperties: ['masterInstanceId', 'readOnlyInstanceIds', 'vpcId', 'vSwitchIds'],
  // Releasing a database, and the pay-type conversion before it, can take a long while.
  deleteTimeoutMs: 30 * 60_000,
  hints: {
    'OperationDenied.DBInstanceStatus': 'the instance is changing state (backup, upgrade, restart); it is retried',
    IncorrectDBInstanceState: 'the instance is changing state; it is retried',
    'OperationDenied.PrePayTypeNotSupported':
      'the instance is a subscription: enable settings.convertPrepaid or unsubscribe it in the console (Expenses → Unsubscribe)',
    'InvalidDBInstanceStatus.DeletionProtection': 'deletion protection is on: turn it off in the RDS console',
    'OperationDenied.DBInstanceLockMode': 'the instance is locked (overdue payment or expired): settle the account, then run again',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .rds(ctx.region)
        .describeDBInstances(new DescribeDBInstancesRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.items?.DBInstance ?? [];
      return { page, count: page.length, totalCount: res.body?.totalRecordCount };
    });
    for await (const page of pages) {
      const found = page.filter((d) => d.DBInstanceId).map((d) => toResource(d, ctx.region));
      yield* await withInstanceTags(found, ctx);
    }
  },

  // Read-only (and guard/temp) instances hang off their primary and go first
  // (terraform-provider-alicloud: alicloud/resource_alicloud_db_readonly_instance.go).
  dependencies: (r, inventory) => dependenciesOn(inventory, TYPE, 'masterInstanceId', r.id, 'read-only instance of this primary'),

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    const conversion = convertToPostpaidStep(r, ctx, { what: 'database' });
    if (conversion) steps.push(conversion);
    steps.push({ action: 'delete', description: `release the database instance: ${backupFate(r, ctx.settings)}` });
    return steps;
  },

  async run(step, r, ctx) {
    const rds = ctx.clients.rds(ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        if (r.properties.deletionProtection === false) return; // already off (re-read just before)
        await rds.modifyDBInstanceDeletionProtection(
          new ModifyDBInstanceDeletionProtectionRequest({ DBInstanceId: r.id, deletionProtection: false }),
        );
        return;
      case 'convert-to-postpaid':
        // Terraform converts before deleting (alicloud/resource_alicloud_db_instance.go); the
        // order completes asynchronously, so wait until the instance reports Postpaid.
        // Idempotent: already pay-as-you-go (re-read just before, e.g. after a crash right after
        // the call) is not converted again; "already so" answers count as done, and the wait
        // below proves it either way.
        // TRANSING: a conversion ordered by an earlier attempt is still under way.
        if (r.properties.chargeType !== 'Postpaid' && r.properties.status !== 'TRANSING')
          try {
            await rds.transformDBInstancePayType(new TransformDBInstancePayTypeRequest({ DBInstanceId: r.id, payType: 'Postpaid' }));
          } catch (err) {
            if (!(err instanceof CloudApiError && ALREADY_POSTPAID.has(err.code))) throw err;
          }
        await ctx.waitUntil(
          `database ${r.id} to become pay-as-you-go`,
          async () => {
            const now = await describeInstance(r.id, ctx);
            return now === undefined || (now.properties.chargeType === 'Postpaid' && now.properties.status === 'Running');
          },
          { timeoutMs: 30 * 60_000 },
        );
        return;
      case 'delete': {
        const releasedKeepPolicy = keepPolicyFor(r, ctx.settings);
        await rds.deleteDBInstance(
          new DeleteDBInstanceRequest({ DBInstanceId: r.id, ...(releasedKeepPolicy ? { releasedKeepPolicy } : {}) }),
        );
        return;
      }
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  // Tags are read again: a keep tag added since the plan must stop the teardown.
  async read(r, ctx) {
    const now = await describeInstance(r.id, ctx);
    return now ? (await withInstanceTags([now], ctx))[0] : undefined;
  },

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      (asked) => firstPage(ctx, asked),
      (r) => rdsInstance.read(r, ctx),
    ),
};
