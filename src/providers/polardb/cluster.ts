/**
 * PolarDB clusters (PolarDB 2017-08-01; the npm package @alicloud/polardb20170801 is a 2020
 * tea-era 1.0.0 release, so the generic OpenAPI call is used).
 *
 * A subscription cannot be deleted ("'Prepaid' instance cannot be deleted", terraform-provider-
 * alicloud resource_alicloud_polardb_cluster.go), so it is converted first
 * (TransformDBClusterPayType PayType=Postpaid); the cluster lock (DeletionLock, turned off with
 * ModifyDBClusterDeletion Protection=false) refuses the deletion too. DeleteDBCluster with
 * BackupRetentionPolicyOnClusterDeletion=NONE keeps no backup sets (API docs: DeleteDBCluster,
 * https://www.alibabacloud.com/help/en/polardb/polardb-for-mysql/developer-reference/api-polardb-2017-08-01-deletedbcluster).
 * While the cluster is changing it answers OperationDenied.DBClusterStatus (retried, as terraform does).
 */
import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { isoTime } from '../references.js';
import { deletionProtectionStep } from '../deletion-protection.js';
import { convertToPostpaidStep } from '../prepaid.js';

const TYPE = 'polardb.cluster';
/** DescribeDBClusters PageSize: 30, 50 or 100 (metadata: polardb/2017-08-01 DescribeDBClusters). */
const PAGE_SIZE = 100;

/**
 * One `Items.DBCluster[]` entry of DescribeDBClusters (field names as in the official SDK model,
 * alibabacloud-java-sdk polardb-20170801 DescribeDBClustersResponseBody; note `VswitchId`).
 */
interface ClusterWire {
  readonly DBClusterId?: unknown;
  readonly DBClusterDescription?: unknown;
  readonly DBClusterStatus?: unknown;
  readonly PayType?: unknown;
  readonly ExpireTime?: unknown;
  readonly DeletionLock?: unknown;
  readonly DBType?: unknown;
  readonly DBVersion?: unknown;
  readonly VpcId?: unknown;
  readonly VswitchId?: unknown;
  readonly CreateTime?: unknown;
  readonly Tags?: { readonly Tag?: ReadonlyArray<{ readonly Key?: unknown; readonly Value?: unknown }> };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function clustersOf(body: Record<string, unknown>): ClusterWire[] {
  const items = body.Items as { DBCluster?: unknown } | undefined;
  return Array.isArray(items?.DBCluster) ? (items.DBCluster as ClusterWire[]) : [];
}

function toResource(c: ClusterWire, region: string): Resource {
  const tags: Record<string, string> = {};
  for (const t of c.Tags?.Tag ?? []) if (typeof t.Key === 'string') tags[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  const payType = text(c.PayType);
  return {
    type: TYPE,
    region,
    id: text(c.DBClusterId) ?? '',
    name: text(c.DBClusterDescription) ?? undefined,
    createdAt: isoTime(text(c.CreateTime) ?? undefined),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      status: text(c.DBClusterStatus),
      // Postpaid | Prepaid
      chargeType: payType,
      expiredTime: payType === 'Prepaid' ? text(c.ExpireTime) : null,
      // DeletionLock: 0 off, 1 on.
      deletionProtection: c.DeletionLock === 1 || c.DeletionLock === '1',
      engine: text(c.DBType),
      engineVersion: text(c.DBVersion),
      vpcId: text(c.VpcId),
      // Multi-zone clusters may list several vswitches, comma-separated.
      vSwitchIds: (text(c.VswitchId) ?? '').split(',').filter((x) => x !== ''),
    },
  };
}

/**
 * DBClusterIds: "Separate multiple cluster IDs with commas" (API docs:
 * https://help.aliyun.com/document_detail/173433.html), no limit given: chunks of at most the
 * largest page (PageSize 100) so that each answer is one page.
 */
async function describeClusters(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  const polardb = ctx.clients.generic('polardb', ctx.region);
  return describeInChunks(ids, PAGE_SIZE, async (chunk) => {
    const body = await polardb.call('DescribeDBClusters', { RegionId: ctx.region, DBClusterIds: chunk.join(','), PageSize: PAGE_SIZE });
    return clustersOf(body)
      .filter((c) => text(c.DBClusterId))
      .map((c) => toResource(c, ctx.region));
  });
}

async function describeCluster(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  return (await describeClusters([id], ctx)).get(id);
}

export const polardbCluster: ResourceType = {
  type: TYPE,
  service: 'polardb',
  scope: 'regional',
  description: 'PolarDB clusters (cluster lock off; subscriptions converted to pay-as-you-go first; no backup sets kept)',
  stepSummary: ['disable-deletion-protection', 'convert-to-postpaid', 'delete'],
  dependsOn: [],
  resourceCenterTypes: ['ACS::PolarDB::DBCluster'],
  billingProductCodes: ['polardb'],
  // DescribeDBClusters carries `Tags.Tag[]` (Key, Value) per cluster (official SDK model,
  // alibabacloud-java-sdk polardb-20170801 DescribeDBClustersResponseBody).
  tags: { source: "DescribeDBClusters (each cluster's Tags)" },
  deleteTimeoutMs: 30 * 60_000,
  hints: {
    'OperationDenied.DBClusterStatus': 'the cluster is changing state; it is retried',
  },

  async *list(ctx) {
    const polardb = ctx.clients.generic('polardb', ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const body = await polardb.call('DescribeDBClusters', { RegionId: ctx.region, PageNumber: pageNumber, PageSize: pageSize });
      const page = clustersOf(body);
      return { page, count: page.length, totalCount: typeof body.TotalRecordCount === 'number' ? body.TotalRecordCount : undefined };
    });
    for await (const page of pages) for (const c of page) if (text(c.DBClusterId)) yield toResource(c, ctx.region);
  },

  dependencies: () => [],

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx, 'the cluster lock');
    if (protection) steps.push(protection);
    const conversion = convertToPostpaidStep(r, ctx, { what: 'cluster' });
    if (conversion) steps.push(conversion);
    steps.push({ action: 'delete', description: 'release the cluster (no backup sets kept)' });
    return steps;
  },

  async run(step, r, ctx) {
    const polardb = ctx.clients.generic('polardb', ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        if (r.properties.deletionProtection === false) return; // already off (re-read just before)
        await polardb.call('ModifyDBClusterDeletion', { DBClusterId: r.id, Protection: false });
        return;
      case 'convert-to-postpaid':
        // Idempotent: a cluster already pay-as-you-go (re-read just before, e.g. after a crash
        // right after the call) is not converted again; the wait below proves it either way.
        if (r.properties.chargeType !== 'Postpaid')
          await polardb.call('TransformDBClusterPayType', { RegionId: ctx.region, DBClusterId: r.id, PayType: 'Postpaid' });
        // The conversion is an order: the pay type flips asynchronously.
        await ctx.waitUntil(
          `PolarDB cluster ${r.id} to become pay-as-you-go`,
          async () => {
            const now = await describeCluster(r.id, ctx);
            return now === undefined || (now.properties.chargeType === 'Postpaid' && now.properties.status === 'Running');
          },
          { timeoutMs: 30 * 60_000 },
        );
        return;
      case 'delete':
        await polardb.call('DeleteDBCluster', { DBClusterId: r.id, BackupRetentionPolicyOnClusterDeletion: 'NONE' });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeCluster(r.id, ctx),

  readMany: async (rs, ctx) =>
    byAddress(
      TYPE,
      rs,
      await describeClusters(
        rs.map((r) => r.id),
        ctx,
      ),
    ),
};
