/**
 * Tair (Redis OSS-compatible) instances, R-KVStore 2015-01-01 (@alicloud/r-kvstore20150101).
 *
 * DeleteInstance releases only a running pay-as-you-go instance; "you cannot call this operation
 * to release a subscription instance" (API docs:
 * https://www.alibabacloud.com/help/en/redis/developer-reference/api-r-kvstore-2015-01-01-deleteinstance-redis),
 * so a subscription is converted first (TransformInstanceChargeType ChargeType=PostPaid), and
 * release protection (ModifyInstanceAttribute InstanceReleaseProtection) is turned off as a step
 * of its own. Gone = DescribeInstanceAttribute answers InvalidInstanceId.NotFound
 * (terraform-provider-alicloud service_alicloud_r_kvstore.go DescribeKvstoreInstance).
 */
import { kvstoreSdk } from '../../cloud/sdk.js';
import type {
  DescribeInstanceAttributeResponseBodyInstancesDBInstanceAttribute,
  DescribeInstancesResponseBodyInstancesKVStoreInstance,
} from '@alicloud/r-kvstore20150101';
import { isGone } from '../../cloud/errors.js';
import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime, tagsOf } from '../references.js';
import { deletionProtectionStep } from '../deletion-protection.js';
import { convertToPostpaidStep } from '../prepaid.js';

const {
  DeleteInstanceRequest,
  DescribeInstanceAttributeRequest,
  DescribeInstancesRequest,
  ModifyInstanceAttributeRequest,
  TransformInstanceChargeTypeRequest,
} = kvstoreSdk;

const TYPE = 'kvstore.instance';
/** DescribeInstances PageSize: 30, 50 or 100 (metadata: r-kvstore/2015-01-01 DescribeInstances). */
const PAGE_SIZE = 50;

type Listed = DescribeInstancesResponseBodyInstancesKVStoreInstance;
type Attribute = DescribeInstanceAttributeResponseBodyInstancesDBInstanceAttribute;

function toResource(i: Listed | Attribute, attr: Attribute | undefined, region: string): Resource {
  const chargeType = i.chargeType ?? null;
  return {
    type: TYPE,
    region,
    id: i.instanceId ?? '',
    name: i.instanceName || undefined,
    createdAt: isoTime(i.createTime),
    tags: tagsOf(i.tags?.tag),
    properties: {
      // Normal | Creating | Changing | Inactive | Flushing | Released | Transforming | ...
      status: i.instanceStatus ?? null,
      // PrePaid | PostPaid
      chargeType,
      expiredTime: chargeType === 'PrePaid' ? (i.endTime ?? null) : null,
      // Only DescribeInstanceAttribute returns it.
      deletionProtection: attr?.instanceReleaseProtection ?? false,
      engineVersion: i.engineVersion ?? null,
      instanceClass: i.instanceClass ?? null,
      vpcId: i.vpcId || null,
      vSwitchId: i.vSwitchId || null,
    },
  };
}

async function attributeOf(id: string, ctx: ScanContext): Promise<Attribute | undefined> {
  try {
    const res = await ctx.clients.kvstore(ctx.region).describeInstanceAttribute(new DescribeInstanceAttributeRequest({ instanceId: id }));
    return res.body?.instances?.DBInstanceAttribute?.find((a) => a.instanceId === id);
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

async function describeInstance(id: string, ctx: ScanContext): Promise<Resource | undefined> {
  const attr = await attributeOf(id, ctx);
  return attr ? toResource(attr, attr, ctx.region) : undefined;
}

export const kvstoreInstance: ResourceType = {
  type: TYPE,
  service: 'kvstore',
  scope: 'regional',
  description: 'Tair / Redis instances (release protection off; subscriptions converted to pay-as-you-go first)',
  stepSummary: ['disable-deletion-protection', 'convert-to-postpaid', 'delete'],
  dependsOn: [],
  // Resource Center and BSS names of Tair / Redis: UNCONFIRMED spellings, so each known form
  // (kvstore is the product's RAM and API name, redisa its international billing code).
  resourceCenterTypes: ['ACS::KVStore::Instance', 'ACS::Redis::DBInstance'],
  billingProductCodes: ['kvstore', 'redisa'],
  // Both DescribeInstances and DescribeInstanceAttribute carry `Tags.Tag[]` (Key, Value): official
  // SDK models DescribeInstancesResponseBodyInstancesKVStoreInstance / ...DBInstanceAttribute.
  tags: { source: "DescribeInstances (each instance's Tags)" },
  deleteTimeoutMs: 30 * 60_000,
  hints: {
    IncorrectInstanceStatus: 'the instance is changing state (scaling, converting); it is retried',
    'InvalidInstanceId.NotFound': 'the instance is already gone',
  },

  async *list(ctx) {
    const kv = ctx.clients.kvstore(ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await kv.describeInstances(new DescribeInstancesRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.instances?.KVStoreInstance ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    const withId = async function* () {
      for await (const i of eachItem(pages)) if (i.instanceId) yield i;
    };
    // Release protection is only in the attribute call: several instances at once (the scan's
    // call caps hold). An instance gone in between is skipped.
    for await (const r of mapConcurrently(withId(), detailConcurrency(ctx), async (i) => {
      const attr = await attributeOf(i.instanceId ?? '', ctx);
      return attr ? toResource(i, attr, ctx.region) : undefined;
    }))
      if (r) yield r;
  },

  dependencies: () => [],

  steps(r, ctx) {
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx, 'release protection');
    if (protection) steps.push(protection);
    const conversion = convertToPostpaidStep(r, ctx, { what: 'instance' });
    if (conversion) steps.push(conversion);
    steps.push({ action: 'delete', description: 'release the instance and its data (it may stay in the recycle bin for a while)' });
    return steps;
  },

  async run(step, r, ctx) {
    const kv = ctx.clients.kvstore(ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        if (r.properties.deletionProtection === false) return; // already off (re-read just before)
        await kv.modifyInstanceAttribute(new ModifyInstanceAttributeRequest({ instanceId: r.id, instanceReleaseProtection: false }));
        return;
      case 'convert-to-postpaid':
        // Idempotent: already pay-as-you-go, or a conversion of an earlier attempt still under way
        // (Transforming), is not ordered again; the wait below proves it either way.
        if (r.properties.chargeType !== 'PostPaid' && r.properties.status !== 'Transforming')
          await kv.transformInstanceChargeType(
            new TransformInstanceChargeTypeRequest({ instanceId: r.id, chargeType: 'PostPaid', autoPay: true }),
          );
        // The change is an order that completes asynchronously.
        await ctx.waitUntil(
          `Tair instance ${r.id} to become pay-as-you-go`,
          async () => {
            const now = await describeInstance(r.id, ctx);
            return now === undefined || (now.properties.chargeType === 'PostPaid' && now.properties.status === 'Normal');
          },
          { timeoutMs: 30 * 60_000 },
        );
        return;
      case 'delete':
        await kv.deleteInstance(new DeleteInstanceRequest({ instanceId: r.id }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeInstance(r.id, ctx),
};
