/**
 * ApsaraDB for MongoDB instances (DDS 2015-12-01; no npm SDK for it, so the generic OpenAPI call).
 *
 * DescribeDBInstances lists them without their network or release protection (official SDK model:
 * alibabacloud-java-sdk dds-20151201 DescribeDBInstancesResponseBody has no VpcId), so each one is
 * read with DescribeDBInstanceAttribute (`VPCId`, `VSwitchId`, `DBInstanceReleaseProtection`).
 * A subscription cannot be deleted (terraform-provider-alicloud resource_alicloud_mongodb_instance.go
 * refuses PrePaid), so it is converted first (TransformInstanceChargeType ChargeType=PostPaid);
 * release protection is turned off first (ModifyDBInstanceAttribute DBInstanceReleaseProtection).
 * While the instance is changing, DeleteDBInstance answers OperationDenied.DBInstanceStatus
 * (retried, as terraform does); a gone one InvalidDBInstanceId.NotFound.
 */
import { isGone } from '../../cloud/errors.js';
import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime } from '../references.js';
import { deletionProtectionStep } from '../deletion-protection.js';
import { convertToPostpaidStep } from '../prepaid.js';

const TYPE = 'mongodb.instance';
/** DescribeDBInstances PageSize: 30, 50 or 100 (metadata: dds/2015-12-01 DescribeDBInstances). */
const PAGE_SIZE = 100;

/** One `DBInstances.DBInstance[]` entry of DescribeDBInstances / DescribeDBInstanceAttribute. */
interface InstanceWire {
  readonly DBInstanceId?: unknown;
  readonly DBInstanceDescription?: unknown;
  readonly DBInstanceStatus?: unknown;
  readonly DBInstanceType?: unknown;
  readonly ChargeType?: unknown;
  readonly ExpireTime?: unknown;
  readonly EngineVersion?: unknown;
  readonly CreationTime?: unknown;
  readonly VPCId?: unknown;
  readonly VSwitchId?: unknown;
  readonly DBInstanceReleaseProtection?: unknown;
  readonly Tags?: { readonly Tag?: ReadonlyArray<{ readonly Key?: unknown; readonly Value?: unknown }> };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function instancesOf(body: Record<string, unknown>): InstanceWire[] {
  const w = body.DBInstances as { DBInstance?: unknown } | undefined;
  return Array.isArray(w?.DBInstance) ? (w.DBInstance as InstanceWire[]) : [];
}

function toResource(a: InstanceWire, region: string): Resource {
  const tags: Record<string, string> = {};
  for (const t of a.Tags?.Tag ?? []) if (typeof t.Key === 'string') tags[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  const chargeType = text(a.ChargeType);
  return {
    type: TYPE,
    region,
    id: text(a.DBInstanceId) ?? '',
    name: text(a.DBInstanceDescription) ?? undefined,
    createdAt: isoTime(text(a.CreationTime) ?? undefined),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      status: text(a.DBInstanceStatus),
      // replicate | sharding | serverless
      instanceType: text(a.DBInstanceType),
      // PrePaid | PostPaid
      chargeType,
      expiredTime: chargeType === 'PrePaid' ? text(a.ExpireTime) : null,
      deletionProtection: a.DBInstanceReleaseProtection === true,
      engineVersion: text(a.EngineVersion),
      vpcId: text(a.VPCId),
      vSwitchId: text(a.VSwitchId),
    },
  };
}

async function describeInstance(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  try {
    const body = await ctx.clients.generic('dds', ctx.region).call('DescribeDBInstanceAttribute', { DBInstanceId: id });
    const a = instancesOf(body).find((x) => x.DBInstanceId === id);
    return a ? toResource(a, ctx.region) : undefined;
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

export const mongodbInstance: ResourceType = {
  type: TYPE,
  service: 'mongodb',
  scope: 'regional',
  description: 'ApsaraDB for MongoDB instances (release protection off; subscriptions converted to pay-as-you-go first)',
  stepSummary: ['disable-deletion-protection', 'convert-to-postpaid', 'delete'],
  dependsOn: [],
  resourceCenterTypes: ['ACS::MongoDB::DBInstance'],
  billingProductCodes: ['dds'],
  // DescribeDBInstanceAttribute carries `Tags.Tag[]` (Key, Value) (official SDK model,
  // alibabacloud-java-sdk dds-20151201 DescribeDBInstanceAttributeResponseBody).
  tags: { source: "DescribeDBInstanceAttribute (each instance's Tags)" },
  deleteTimeoutMs: 30 * 60_000,
  hints: {
    'OperationDenied.DBInstanceStatus': 'the instance is changing state; it is retried',
  },

  async *list(ctx) {
    const dds = ctx.clients.generic('dds', ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const body = await dds.call('DescribeDBInstances', { RegionId: ctx.region, PageNumber: pageNumber, PageSize: pageSize });
      const page = instancesOf(body);
      return { page, count: page.length, totalCount: typeof body.TotalCount === 'number' ? body.TotalCount : undefined };
    });
    const withId = async function* () {
      for await (const i of eachItem(pages)) if (text(i.DBInstanceId)) yield text(i.DBInstanceId)!;
    };
    // The network and release protection are only in the attribute call: several instances at
    // once (the scan's call caps hold); one gone in between is skipped.
    for await (const r of mapConcurrently(withId(), detailConcurrency(ctx), (id) => describeInstance(id, ctx))) if (r) yield r;
  },

  dependencies: () => [],

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx, 'release protection');
    if (protection) steps.push(protection);
    const conversion = convertToPostpaidStep(r, ctx, { what: 'instance' });
    if (conversion) steps.push(conversion);
    steps.push({ action: 'delete', description: 'release the instance and its data' });
    return steps;
  },

  async run(step, r, ctx) {
    const dds = ctx.clients.generic('dds', ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        if (r.properties.deletionProtection === false) return; // already off (re-read just before)
        await dds.call('ModifyDBInstanceAttribute', { DBInstanceId: r.id, DBInstanceReleaseProtection: false });
        return;
      case 'convert-to-postpaid':
        // Idempotent: already pay-as-you-go (re-read just before) is not converted again.
        if (r.properties.chargeType !== 'PostPaid')
          await dds.call('TransformInstanceChargeType', { InstanceId: r.id, ChargeType: 'PostPaid', AutoPay: true });
        await ctx.waitUntil(
          `MongoDB instance ${r.id} to become pay-as-you-go`,
          async () => {
            const now = await describeInstance(r.id, ctx);
            return now === undefined || (now.properties.chargeType === 'PostPaid' && now.properties.status === 'Running');
          },
          { timeoutMs: 30 * 60_000 },
        );
        return;
      case 'delete':
        await dds.call('DeleteDBInstance', { DBInstanceId: r.id });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeInstance(r.id, ctx),
};
