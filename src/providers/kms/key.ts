import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime, stringProperty } from '../references.js';
import { tagReadFailure, withTags, type TagRead } from '../tags.js';
import { deletionProtectionStep } from '../deletion-protection.js';

const TYPE = 'kms.key';
/** ListKeys PageSize: 1–100 (API docs: KMS ListKeys). */
const PAGE_SIZE = 100;
/**
 * The shortest waiting period ScheduleKeyDeletion accepts: PendingWindowInDays 7–366 (API
 * docs: ScheduleKeyDeletion). A key cannot be deleted at once: it is PendingDeletion for this
 * long, then KMS deletes it (and it can still be restored with CancelKeyDeletion until then).
 */
export const PENDING_WINDOW_DAYS = 7;

/**
 * KMS (2016-01-20) is called with the generic OpenAPI call: the npm package
 * @alicloud/kms20160120 is an old generation without DeletionProtection or
 * SetDeletionProtection, and, like ALB, its requests carry the region only in the host.
 * Field names follow the current official model (aliyun/alibabacloud-typescript-sdk
 * kms-20160120/src/models/DescribeKeyResponseBody.ts).
 */
interface KeyMetadataWire {
  readonly KeyId?: unknown;
  readonly Arn?: unknown;
  readonly KeyState?: unknown;
  readonly Creator?: unknown;
  readonly CreationDate?: unknown;
  readonly DeleteDate?: unknown;
  readonly DeletionProtection?: unknown;
  readonly Description?: unknown;
  readonly KeySpec?: unknown;
  readonly ProtectionLevel?: unknown;
  readonly DKMSInstanceId?: unknown;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function toResource(k: KeyMetadataWire, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: text(k.KeyId) ?? '',
    name: text(k.Description) ?? undefined,
    createdAt: isoTime(text(k.CreationDate) ?? undefined),
    properties: {
      arn: text(k.Arn),
      state: text(k.KeyState),
      creator: text(k.Creator),
      keySpec: text(k.KeySpec),
      protectionLevel: text(k.ProtectionLevel),
      kmsInstanceId: text(k.DKMSInstanceId),
      deletionProtection: k.DeletionProtection === 'Enabled',
    },
  };
}

async function describeKey(ctx: ScanContext, keyId: string): Promise<KeyMetadataWire | undefined> {
  const body = await ctx.clients.generic('kms', ctx.region).call('DescribeKey', { RegionId: ctx.region, KeyId: keyId });
  return (body.KeyMetadata ?? undefined) as KeyMetadataWire | undefined;
}

/**
 * A key's tags: ListResourceTags answers `Tags.Tag[]` of {KeyId, TagKey, TagValue} for one key
 * (API docs: KMS ListResourceTags; official model kms-20160120 ListResourceTagsResponseBody).
 * A failed read leaves the key "tags unknown", never "no tags".
 */
async function readTags(ctx: ScanContext, keyId: string): Promise<TagRead> {
  try {
    const body = await ctx.clients.generic('kms', ctx.region).call('ListResourceTags', { RegionId: ctx.region, KeyId: keyId });
    const wrapper = body.Tags as { Tag?: unknown } | undefined;
    const list = Array.isArray(wrapper?.Tag) ? (wrapper.Tag as Array<{ TagKey?: unknown; TagValue?: unknown }>) : [];
    const tags: Record<string, string> = {};
    for (const t of list) if (typeof t.TagKey === 'string') tags[t.TagKey] = typeof t.TagValue === 'string' ? t.TagValue : '';
    return { tags };
  } catch (err) {
    return tagReadFailure(err);
  }
}

/** The key as a resource, with its tags; undefined when it is not one to tear down (or gone). */
async function describeTarget(ctx: ScanContext, keyId: string): Promise<Resource | undefined> {
  const meta = await describeKey(ctx, keyId);
  if (!meta || !isTeardownTarget(meta)) return undefined;
  return withTags(toResource(meta, ctx.region), await readTags(ctx, keyId));
}

/**
 * A key already PendingDeletion is on its way out: nothing is left to do, and waiting for it
 * to disappear would take days. Keys created by a cloud service (Creator is not an account id)
 * are managed by that service and cannot be scheduled for deletion (UNCONFIRMED: the API docs
 * only say Creator is "the Alibaba Cloud account that is used to create the CMK").
 */
function isTeardownTarget(k: KeyMetadataWire): boolean {
  return k.KeyState !== 'PendingDeletion' && /^\d+$/.test(text(k.Creator) ?? '');
}

export const kmsKey: ResourceType = {
  type: TYPE,
  service: 'kms',
  scope: 'regional',
  tags: { source: 'ListResourceTags (one call per key)' },
  // UNCONFIRMED Resource Center type name (not in the resource-group transfer list of types).
  resourceCenterTypes: ['ACS::KMS::Key'],
  description: `KMS keys: scheduled for deletion with the shortest waiting period (${PENDING_WINDOW_DAYS} days); KMS deletes them when it ends`,
  stepSummary: ['disable-deletion-protection', 'schedule-deletion'],
  dependsOn: [],
  hints: {
    'Forbidden.ResourceProtected': 'deletion protection is on: turn it off in the KMS console, then run again',
    'Forbidden.KeyInUse':
      'the key is in use by a cloud service (for example a disk or bucket encrypted with it); delete that resource first',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const body = await ctx.clients
        .generic('kms', ctx.region)
        .call('ListKeys', { RegionId: ctx.region, PageNumber: pageNumber, PageSize: pageSize });
      const wrapper = body.Keys as { Key?: unknown } | undefined;
      const page = Array.isArray(wrapper?.Key) ? (wrapper.Key as Array<{ KeyId?: unknown }>) : [];
      return { page, count: page.length, totalCount: typeof body.TotalCount === 'number' ? body.TotalCount : undefined };
    });
    // ListKeys returns ids only; the state, creator and protection come from DescribeKey, the
    // tags from ListResourceTags: up to detailConcurrency keys are described at once.
    const ids = (async function* () {
      for await (const k of eachItem(pages)) {
        const id = text(k.KeyId);
        if (id) yield id;
      }
    })();
    for await (const r of mapConcurrently(ids, detailConcurrency(ctx), (id) => describeTarget(ctx, id))) if (r) yield r;
  },

  dependencies: () => [],

  steps(r, ctx) {
    const goes = new Date(ctx.now.getTime() + PENDING_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
    const steps: Step[] = [];
    const protection = deletionProtectionStep(r, ctx);
    if (protection) steps.push(protection);
    steps.push({
      action: 'schedule-deletion',
      description: `schedule deletion in ${PENDING_WINDOW_DAYS} days: KMS deletes the key around ${goes} (until then it can be restored, and data encrypted with it cannot be decrypted once it goes)`,
    });
    return steps;
  },

  async run(step, r, ctx) {
    const kms = ctx.clients.generic('kms', ctx.region);
    switch (step.action) {
      case 'disable-deletion-protection':
        await kms.call('SetDeletionProtection', {
          RegionId: ctx.region,
          ProtectedResourceArn: stringProperty(r, 'arn'),
          EnableDeletionProtection: false,
        });
        return;
      case 'schedule-deletion':
        // An unknown key answers Forbidden.KeyNotFound (404) (API docs: ScheduleKeyDeletion).
        await kms.call('ScheduleKeyDeletion', { RegionId: ctx.region, KeyId: r.id, PendingWindowInDays: PENDING_WINDOW_DAYS });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  // PendingDeletion counts as gone: the deletion is scheduled and KMS carries it out.
  async read(r, ctx) {
    const meta = await describeKey(ctx, r.id);
    if (!meta || meta.KeyState === 'PendingDeletion') return undefined;
    return withTags(toResource(meta, ctx.region), await readTags(ctx, r.id));
  },
};
