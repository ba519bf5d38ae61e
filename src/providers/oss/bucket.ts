import type { OssClient } from '../../cloud/clients.js';
import type { DeleteEntry } from '../../cloud/oss-raw-requests.js';
import { CloudApiError, classifyCode } from '../../cloud/errors.js';
import type { Resource, ResourceType, ScanContext, Step, StepContext } from '../contract.js';
import { detailConcurrency, mapConcurrently } from '../concurrency.js';
import { markerPages } from '../pagination.js';
import { tagReadFailure, withTags, type TagRead } from '../tags.js';
import { emptyKeySpace, type Page, type PageSource } from './bucket-emptying.js';
import { parseListObjectVersions, parseListObjectsV2, type ObjectKeysPage, type VersionEntry, type VersionsPage } from './listing-xml.js';

const TYPE = 'oss.bucket';
/** ListBuckets, ListObjectsV2, ListObjectVersions, ListMultipartUploads, ListLiveChannel and DeleteMultipleObjects all cap at 1000. */
const PAGE = 1000;
/** ListBuckets is account-wide: any region's endpoint answers it. */
const LISTING_REGION = 'cn-hangzhou';

// ali-oss calls that @types/ali-oss lacks or types wrongly, with the shapes ali-oss 6.23
// returns (node_modules/ali-oss/lib/bucket.js, common/bucket/*.js, common/object/getBucketVersions.js).
interface BucketSummary {
  readonly name: string;
  /** `oss-cn-hangzhou` */
  readonly region: string;
  readonly creationDate: string;
  readonly storageClass?: string;
}
interface ListBucketsResult {
  readonly buckets: BucketSummary[] | null;
  readonly isTruncated: boolean;
  readonly nextMarker: string | null;
}
interface BucketStat {
  readonly ObjectCount?: string;
  readonly Storage?: string;
  readonly MultipartUploadCount?: string;
  readonly LiveChannelCount?: string;
  /** Unix seconds of the last write to the bucket. */
  readonly LastModifiedTime?: string;
}
interface BucketWorm {
  readonly wormId?: string;
  readonly state?: string;
  readonly days?: string;
  readonly creationDate?: string;
}
interface LiveChannel {
  readonly Name: string;
}
interface BucketApi {
  listBuckets(query: Record<string, string | number>): Promise<ListBucketsResult>;
  getBucketStat(name: string): Promise<{ stat: BucketStat }>;
  getBucketVersioning(name: string): Promise<{ versionStatus?: string }>;
  getBucketWorm(name: string): Promise<BucketWorm>;
  getBucketTags(name: string): Promise<{ tag: Record<string, string> }>;
  abortBucketWorm(name: string): Promise<{ status: number; res: { data?: unknown } }>;
  listUploads(query: Record<string, string | number>): Promise<{
    uploads: Array<{ name: string; uploadId: string }>;
    isTruncated: boolean;
    nextKeyMarker?: string;
    nextUploadIdMarker?: string;
  }>;
  abortMultipartUpload(name: string, uploadId: string): Promise<unknown>;
  listChannels(
    query: Record<string, string | number>,
  ): Promise<{ channels: LiveChannel[]; isTruncated: boolean; nextMarker: string | null }>;
  deleteChannel(id: string): Promise<unknown>;
  deleteBucket(name: string): Promise<unknown>;
}

function api(client: OssClient): BucketApi {
  return client as unknown as BucketApi;
}

function bucketClient(ctx: ScanContext, r: Pick<Resource, 'region' | 'id'>): BucketApi {
  return api(ctx.clients.oss(r.region, r.id));
}

function count(v: string | undefined): number {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** `oss-cn-hangzhou` → `cn-hangzhou`. */
function regionOf(location: string): string {
  return location.replace(/^oss-/, '');
}

async function wormOf(client: BucketApi, name: string): Promise<BucketWorm | undefined> {
  try {
    return await client.getBucketWorm(name);
  } catch (err) {
    // A bucket without a retention policy answers 404 NoSuchWORMConfiguration (OSS docs: GetBucketWorm).
    if (err instanceof CloudApiError && err.code === 'NoSuchWORMConfiguration') return undefined;
    throw err;
  }
}

/**
 * ListBuckets returns no tags (OSS API reference: ListBuckets (GetService) — Bucket has
 * CreationDate, ExtranetEndpoint, IntranetEndpoint, Location, Name, Region, StorageClass,
 * Comment). They come from GetBucketTags, `GET /?tagging` on the bucket: an empty Tagging
 * element when it has none; 403 AccessDenied without oss:GetBucketTagging
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/getbuckettags).
 */
async function tagsOfBucket(client: BucketApi, name: string): Promise<TagRead> {
  try {
    return { tags: (await client.getBucketTags(name)).tag };
  } catch (err) {
    // A bucket deleted meanwhile is gone, not "tags unknown".
    if (err instanceof CloudApiError && err.code === 'NoSuchBucket') throw err;
    return tagReadFailure(err);
  }
}

/** Stat, versioning, WORM state and tags: four calls per bucket, never a listing of its objects. */
async function describeBucket(ctx: ScanContext, b: BucketSummary): Promise<Resource> {
  const region = regionOf(b.region);
  const client = bucketClient(ctx, { region, id: b.name });
  const [{ stat }, { versionStatus }, worm, tags] = await Promise.all([
    client.getBucketStat(b.name),
    client.getBucketVersioning(b.name),
    wormOf(client, b.name),
    tagsOfBucket(client, b.name),
  ]);
  const lastModified = count(stat.LastModifiedTime);
  return withTags(describedBucket(b, region, stat, versionStatus, worm, lastModified), tags);
}

function describedBucket(
  b: BucketSummary,
  region: string,
  stat: BucketStat,
  versionStatus: string | undefined,
  worm: BucketWorm | undefined,
  lastModified: number,
): Resource {
  return {
    type: TYPE,
    region,
    id: b.name,
    name: b.name,
    createdAt: b.creationDate ? new Date(b.creationDate).toISOString() : undefined,
    properties: {
      location: b.region,
      storageClass: b.storageClass ?? null,
      objectCount: count(stat.ObjectCount),
      storageBytes: count(stat.Storage),
      multipartUploadCount: count(stat.MultipartUploadCount),
      liveChannelCount: count(stat.LiveChannelCount),
      lastModifiedTime: lastModified > 0 ? new Date(lastModified * 1000).toISOString() : null,
      versioning: versionStatus ?? null,
      wormState: worm?.state ?? null,
      wormRetentionDays: worm?.days !== undefined ? count(worm.days) : null,
    },
  };
}

/** A bucket deleted between ListBuckets and its stat answers NoSuchBucket: it is simply gone. */
async function describeUnlessGone(ctx: ScanContext, b: BucketSummary): Promise<Resource | undefined> {
  try {
    return await describeBucket(ctx, b);
  } catch (err) {
    if (err instanceof CloudApiError && err.code === 'NoSuchBucket') return undefined;
    throw err;
  }
}

async function* listBucketSummaries(ctx: ScanContext, prefix?: string): AsyncGenerator<BucketSummary> {
  const client = api(ctx.clients.oss(LISTING_REGION));
  const pages = markerPages(async (marker) => {
    const page = await client.listBuckets({ 'max-keys': PAGE, ...(prefix ? { prefix } : {}), ...(marker ? { marker } : {}) });
    return { page: page.buckets ?? [], isTruncated: page.isTruncated, marker: page.nextMarker ?? undefined };
  });
  for await (const buckets of pages) yield* buckets;
}

/**
 * A locked WORM policy keeps every object for `days` after its last write and cannot be
 * shortened or removed (OSS docs: retention policies). The bucket can be emptied once the
 * newest object's retention has run out: last write + days.
 */
function retentionEnd(r: Resource): string | undefined {
  const last = r.properties.lastModifiedTime;
  const days = r.properties.wormRetentionDays;
  if (typeof last !== 'string' || typeof days !== 'number') return undefined;
  return new Date(Date.parse(last) + days * 86_400_000).toISOString().slice(0, 10);
}

function emptyDescription(r: Resource): string {
  const p = r.properties;
  const versions = p.versioning === 'Enabled' || p.versioning === 'Suspended' ? ' (every version and delete marker)' : '';
  return `empty: ${String(p.objectCount)} objects${versions}, ${String(p.multipartUploadCount)} multipart uploads, ${String(p.liveChannelCount)} live channels`;
}

/** Listing streams and deletions in flight for a big bucket: 10 calls at most, the default concurrency. */
const EMPTYING_STREAMS = 4;
const DELETES_IN_FLIGHT = 6;
/** Ranges the key space is cut into (more than streams, so a stream that finishes early takes another). */
const MAX_RANGES = 16;
/** Below this many objects (per GetBucketStat) one listing stream, without cut-point probes, is enough. */
const PARTITION_FROM_OBJECTS = 10 * PAGE;

/** ListObjectsV2 pages, parsed by listing-xml.ts (the request still signed and sent by ali-oss). */
function objectPages(client: OssClient): PageSource<string, string> {
  const list = async (query: Record<string, string>) => parseListObjectsV2(await client.listObjectsV2Xml(query));
  const page = (p: ObjectKeysPage): Page<string, string> => ({ entries: p.keys, next: p.nextContinuationToken });
  return {
    first: async (after) => page(await list({ 'max-keys': String(PAGE), ...(after ? { 'start-after': after } : {}) })),
    next: async (token) => page(await list({ 'max-keys': String(PAGE), 'continuation-token': token })),
    probe: async (after) => (await list({ 'max-keys': '1', ...(after ? { 'start-after': after } : {}) })).keys[0],
    keyOf: (key) => key,
  };
}

/**
 * The object count the plan shows (GetBucketStat ObjectCount) counts current objects, not
 * versions or delete markers, and a bucket may have grown since: "N of M" only while it holds.
 */
export function emptyingProgress(bucket: string, deleted: number, total: number, versioned: boolean): string {
  if (versioned)
    return `emptying bucket ${bucket}: ${deleted} ${deleted === 1 ? 'object version or delete marker' : 'object versions and delete markers'} deleted`;
  if (deleted <= total) return `emptying bucket ${bucket}: ${deleted} of ${total} objects deleted`;
  return `emptying bucket ${bucket}: ${deleted} objects deleted (${total} when planned)`;
}

interface VersionCursor {
  readonly keyMarker: string;
  readonly versionIdMarker: string | undefined;
}

/**
 * ListObjectVersions pages: key-marker alone starts after every version of that key;
 * with version-id-marker, after that version of it (OSS API reference ListObjectVersions).
 */
function versionPages(client: OssClient): PageSource<VersionEntry, VersionCursor> {
  const list = async (query: Record<string, string>) => parseListObjectVersions(await client.listObjectVersionsXml(query));
  const page = (p: VersionsPage): Page<VersionEntry, VersionCursor> => ({
    entries: p.entries,
    next: p.nextKeyMarker !== undefined ? { keyMarker: p.nextKeyMarker, versionIdMarker: p.nextVersionIdMarker } : undefined,
  });
  return {
    first: async (after) => page(await list({ 'max-keys': String(PAGE), ...(after ? { 'key-marker': after } : {}) })),
    next: async ({ keyMarker, versionIdMarker }) =>
      page(
        await list({
          'max-keys': String(PAGE),
          'key-marker': keyMarker,
          ...(versionIdMarker !== undefined ? { 'version-id-marker': versionIdMarker } : {}),
        }),
      ),
    probe: async (after) => (await list({ 'max-keys': '1', ...(after ? { 'key-marker': after } : {}) })).entries[0]?.key,
    keyOf: (entry) => entry.key,
    resumesInside: ({ keyMarker, versionIdMarker }) => (versionIdMarker ? keyMarker : undefined),
  };
}

/**
 * Every object (or, versioned, every version and delete marker) deleted with
 * DeleteMultipleObjects in quiet mode, ≤ 1,000 per call (OSS API reference
 * DeleteMultipleObjects: "You can delete up to 1,000 objects"; quiet mode returns no entry per
 * deleted object). A big bucket is listed in several key ranges at once (bucket-emptying.ts).
 */
async function deleteContents(client: OssClient, r: Resource, ctx: StepContext, versioned: boolean, total: number): Promise<number> {
  let deleted = 0;
  const opts = {
    streams: total >= PARTITION_FROM_OBJECTS ? EMPTYING_STREAMS : 1,
    deletesInFlight: DELETES_IN_FLIGHT,
    maxRanges: MAX_RANGES,
    maxBatch: PAGE,
    // A version listing cut inside a key resumes after a version id: that key's listed
    // versions wait for the next page (resumesInside), as how OSS resumes after a deleted
    // version id is not documented. A versioned bucket still ends with a sweep.
    sweep: versioned,
    signal: ctx.signal,
    onDeleted: (n: number) => {
      deleted += n;
      ctx.progress(emptyingProgress(r.id, deleted, total, versioned));
    },
  };
  const remove = (batch: readonly DeleteEntry[]): Promise<void> => client.deleteMultipleObjectsQuiet(batch);
  const stats = versioned
    ? await emptyKeySpace(versionPages(client), remove, opts)
    : await emptyKeySpace(objectPages(client), remove, opts);
  ctx.log.debug({ bucket: r.id, ...stats }, 'bucket emptied');
  return deleted;
}

async function abortUploads(client: BucketApi): Promise<void> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (;;) {
    const page = await client.listUploads({
      'max-uploads': PAGE,
      ...(keyMarker ? { 'key-marker': keyMarker } : {}),
      ...(uploadIdMarker ? { 'upload-id-marker': uploadIdMarker } : {}),
    });
    for (const u of page.uploads) await client.abortMultipartUpload(u.name, u.uploadId);
    if (!page.isTruncated || !page.nextKeyMarker) return;
    keyMarker = page.nextKeyMarker;
    uploadIdMarker = page.nextUploadIdMarker;
  }
}

async function deleteChannels(client: BucketApi): Promise<void> {
  let marker: string | undefined;
  for (;;) {
    const page = await client.listChannels({ 'max-keys': PAGE, ...(marker ? { marker } : {}) });
    for (const c of page.channels) await client.deleteChannel(c.Name);
    if (!page.isTruncated || !page.nextMarker) return;
    marker = page.nextMarker;
  }
}

/**
 * ali-oss's abortBucketWorm sets no success statuses, so it resolves even on an error reply
 * (lib/common/bucket/abortBucketWorm.js): the error is read from the status and XML body here.
 */
function abortError(result: { status: number; res: { data?: unknown } }): CloudApiError | undefined {
  if (result.status >= 200 && result.status < 300) return undefined;
  const body = result.res.data instanceof Uint8Array ? Buffer.from(result.res.data).toString('utf8') : String(result.res.data ?? '');
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? `HTTP${result.status}`;
  return new CloudApiError({
    service: 'oss',
    action: 'abortBucketWorm',
    code,
    message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? code,
    kind: classifyCode(code, result.status),
    statusCode: result.status,
    requestId: /<RequestId>([^<]+)<\/RequestId>/.exec(body)?.[1],
  });
}

/**
 * Streams: one page listed, that page deleted, then the next page — never a whole listing in
 * memory. Versioning is read again at apply time: a bucket whose versioning was switched on
 * after the plan would otherwise keep its old versions and refuse DeleteBucket (BucketNotEmpty).
 */
async function emptyBucket(r: Resource, ctx: StepContext): Promise<void> {
  const client = bucketClient(ctx, r);
  const total = typeof r.properties.objectCount === 'number' ? r.properties.objectCount : 0;
  const { versionStatus } = await client.getBucketVersioning(r.id);
  const versioned = versionStatus === 'Enabled' || versionStatus === 'Suspended';
  const deleted = await deleteContents(ctx.clients.oss(r.region, r.id), r, ctx, versioned, total);
  ctx.progress(emptyingProgress(r.id, deleted, total, versioned));
  await abortUploads(client);
  await deleteChannels(client);
}

export const ossBucket: ResourceType = {
  type: TYPE,
  service: 'oss',
  scope: 'global',
  resourceCenterTypes: ['ACS::OSS::Bucket'],
  billingProductCodes: ['oss'],
  tags: { source: 'GetBucketTags (GET /?tagging, one call per bucket); ListBuckets returns none' },
  description: 'OSS bucket: emptied (objects, versions, multipart uploads, live channels), then deleted',
  stepSummary: ['abort-worm', 'empty', 'delete'],
  // DeleteBucket answers 204 once the bucket is gone (OSS API docs: DeleteBucket); a bucket has
  // no deleting state, later requests answer NoSuchBucket.
  deletedWhenAnswered: true,
  dependsOn: [],
  hints: {
    BucketNotEmpty: 'something was written to the bucket while it was being emptied: stop whatever writes to it and run apply again',
    WORMConfigurationLocked:
      'the retention policy is locked and can no longer be removed: wait until the retention of the newest object ends',
    FileImmutable: 'objects under a locked retention policy cannot be deleted before their retention ends: wait, or keep the bucket',
    AccessDenied: 'the credentials lack OSS permissions on this bucket (or a bucket policy denies them): grant oss:* on it',
  },

  async *list(ctx) {
    for await (const found of mapConcurrently(listBucketSummaries(ctx), detailConcurrency(ctx), (b) => describeUnlessGone(ctx, b)))
      if (found) yield found;
  },

  dependencies: () => [],

  steps(r, ctx) {
    const until = r.properties.wormState === 'Locked' ? retentionEnd(r) : undefined;
    // Once the newest object's retention has run out, a locked bucket can be emptied and deleted.
    const stillRetained = r.properties.wormState === 'Locked' && (until === undefined || until >= ctx.now.toISOString().slice(0, 10));
    if (stillRetained) {
      return [
        {
          action: 'empty',
          description: emptyDescription(r),
          blocked:
            `WORM retention is locked (${String(r.properties.wormRetentionDays)} days per object): objects cannot be deleted ` +
            (until ? `until ${until} (last write + retention); ` : 'until their retention ends; ') +
            'wait until then and run the teardown again, or keep the bucket',
        },
        { action: 'delete', description: 'delete the bucket' },
      ];
    }
    const steps: Step[] = [];
    if (r.properties.wormState === 'InProgress')
      steps.push({ action: 'abort-worm', description: 'abort the unlocked WORM retention policy' });
    steps.push({ action: 'empty', description: emptyDescription(r) });
    steps.push({ action: 'delete', description: 'delete the bucket' });
    return steps;
  },

  async run(step, r, ctx) {
    const client = bucketClient(ctx, r);
    switch (step.action) {
      case 'abort-worm': {
        const err = abortError(await client.abortBucketWorm(r.id));
        // Already aborted (or expired unlocked after 24 hours): nothing to do.
        if (err && err.code !== 'NoSuchWORMConfiguration') throw err;
        return;
      }
      case 'empty':
        await emptyBucket(r, ctx);
        return;
      case 'delete':
        await client.deleteBucket(r.id);
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    for await (const b of listBucketSummaries(ctx, r.id)) if (b.name === r.id) return describeUnlessGone(ctx, b);
    return undefined;
  },
};
