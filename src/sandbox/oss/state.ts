/**
 * The OSS account held by the sandbox: buckets with their objects (every version and
 * delete marker), unfinished multipart uploads, LiveChannels and WORM retention policies.
 * Bucket names are global, as on the real service; each bucket lives in one region.
 *
 * Objects of a bucket are held in two sorted stores that never share a key: explicit keys
 * (a sorted array plus a map of versions) and, optionally, one compact generated range
 * (see generated-objects.ts). Listing merges both in key order.
 */
import { SandboxApiError, type World } from '../framework.js';
import { type GeneratedObjects } from './generated-objects.js';
import type { ObjectBody } from './object-body.js';

export type VersioningStatus = 'Enabled' | 'Suspended';
export type WormState = 'InProgress' | 'Locked';

/** The version id OSS gives objects written while versioning was never enabled or is suspended. */
export const NULL_VERSION_ID = 'null';

const DAY_MS = 86_400_000;
/**
 * An unlocked (InProgress) retention policy lapses 24 hours after it was created; until then
 * it already protects the bucket's objects (OSS "Retention policies": "Within the 24 hours,
 * the retention policy protects the data in the bucket").
 */
export const WORM_IN_PROGRESS_VALIDITY_MS = DAY_MS;

export interface ObjectVersion {
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly size: number;
  readonly lastModified: number;
  readonly etag: string;
  /** The bytes GetObject serves; none for a delete marker. */
  readonly body?: ObjectBody;
}

/** One key with its versions, newest first. */
export interface KeyVersions {
  readonly key: string;
  readonly versions: readonly ObjectVersion[];
}

export interface MultipartUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: number;
}

export interface LiveChannel {
  readonly name: string;
  readonly description: string;
  readonly status: 'enabled' | 'disabled';
  readonly lastModified: number;
}

export interface WormPolicy {
  readonly wormId: string;
  readonly state: WormState;
  readonly days: number;
  readonly creationDate: number;
}

/** What one delete did, in the terms of a `<Deleted>` entry of DeleteMultipleObjects. */
export interface DeleteOutcome {
  readonly key: string;
  /** The version id the caller named, echoed back. */
  readonly versionId?: string;
  /** A delete marker was created or removed. */
  readonly deleteMarker: boolean;
  readonly deleteMarkerVersionId?: string;
}

export interface BucketStat {
  readonly objectCount: number;
  readonly deleteMarkerCount: number;
  readonly storage: number;
  readonly multipartUploadCount: number;
  readonly liveChannelCount: number;
  readonly lastModified: number;
}

/** The canned ACLs of a bucket (OSS: PutBucketAcl). */
export type BucketAcl = 'private' | 'public-read' | 'public-read-write';

export class Bucket {
  versioning: VersioningStatus | undefined;
  /** The bucket's tags (GetBucketTags); ListBuckets does not show them. */
  tags: Record<string, string> = {};
  worm: WormPolicy | undefined;
  acl: BucketAcl = 'private';
  /** The bucket policy document (JSON text), when one is set. */
  policy: string | undefined;
  generated: GeneratedObjects | undefined;
  private readonly explicitKeys: string[] = [];
  private readonly explicit = new Map<string, ObjectVersion[]>();
  private explicitObjectVersions = 0;
  private explicitDeleteMarkers = 0;
  private explicitStorage = 0;
  private lastWrite: number;
  /** Sorted by key, then upload id: the order ListMultipartUploads pages in. */
  private readonly uploadList: MultipartUpload[] = [];
  private readonly channelMap = new Map<string, LiveChannel>();

  constructor(
    readonly name: string,
    /** Region id, e.g. `cn-hangzhou`; the wire shows it as Location `oss-cn-hangzhou`. */
    readonly region: string,
    readonly creationDate: number,
  ) {
    this.lastWrite = creationDate;
  }

  // ---- objects ------------------------------------------------------------------

  /** Adds a version on top of `key` (seeding). */
  pushVersion(key: string, version: ObjectVersion): void {
    this.materialize(key);
    let versions = this.explicit.get(key);
    if (!versions) {
      versions = [];
      this.explicit.set(key, versions);
      this.explicitKeys.splice(
        lowerBound(this.explicitKeys, (k) => k >= key),
        0,
        key,
      );
    }
    versions.unshift(version);
    this.account(version, +1);
    this.lastWrite = Math.max(this.lastWrite, version.lastModified);
  }

  /** The versions of `key`, newest first; empty when the key does not exist. */
  versionsOf(key: string): readonly ObjectVersion[] {
    const explicit = this.explicit.get(key);
    if (explicit) return explicit;
    const index = this.generated?.indexOf(key);
    if (this.generated && index !== undefined) return [this.generatedVersion(index)];
    return [];
  }

  /**
   * Keys in order, starting at the first key for which `isAfter` holds (`isAfter` must be
   * monotone over key order). Lazy: a page of a million-key bucket touches one page.
   */
  *keysFrom(isAfter: (key: string) => boolean): Generator<KeyVersions> {
    let e = lowerBound(this.explicitKeys, isAfter);
    const gen = this.generated;
    let g = gen ? gen.firstLiveIndex(isAfter) : 0;
    const genEnd = gen ? gen.spec.count : 0;
    for (;;) {
      const explicitKey = this.explicitKeys[e];
      const generatedKey = gen && g < genEnd ? gen.keyAt(g) : undefined;
      if (explicitKey === undefined && generatedKey === undefined) return;
      if (generatedKey === undefined || (explicitKey !== undefined && explicitKey < generatedKey)) {
        const key = explicitKey as string;
        yield { key, versions: this.explicit.get(key) ?? [] };
        // The consumer may have deleted the key it was given: find our place again by key.
        e = lowerBound(this.explicitKeys, (k) => k > key);
      } else {
        const index = g;
        yield { key: generatedKey, versions: [this.generatedVersion(index)] };
        g = (gen as GeneratedObjects).nextLive(index + 1);
      }
    }
  }

  /**
   * DeleteObject semantics. Without a version id: an unversioned bucket removes the object;
   * Enabled adds a delete marker with a new version id; Suspended replaces the `null`
   * version with a `null` delete marker. With a version id: that version (or delete marker)
   * is removed for good; an unknown version id deletes nothing and still succeeds, as
   * DeleteMultipleObjects reports every requested key as deleted.
   */
  deleteObject(key: string, versionId: string | undefined, now: number, newVersionId: () => string): DeleteOutcome {
    const generatedIndex = this.generated?.indexOf(key);
    const permanentOnGenerated =
      generatedIndex !== undefined && (versionId === NULL_VERSION_ID || (versionId === undefined && this.versioning === undefined));
    if (this.generated && generatedIndex !== undefined && permanentOnGenerated) {
      this.generated.remove(generatedIndex);
      this.lastWrite = Math.max(this.lastWrite, now);
      return { key, ...(versionId === undefined ? {} : { versionId }), deleteMarker: false };
    }
    if (versionId !== undefined && generatedIndex !== undefined) {
      // Only `null` exists on a generated key; any other id names nothing.
      return { key, versionId, deleteMarker: false };
    }
    this.materialize(key);
    this.lastWrite = Math.max(this.lastWrite, now);
    const versions = this.explicit.get(key);
    if (versionId !== undefined) {
      const at = versions?.findIndex((v) => v.versionId === versionId) ?? -1;
      if (!versions || at < 0) return { key, versionId, deleteMarker: false };
      const [removed] = versions.splice(at, 1) as [ObjectVersion];
      this.account(removed, -1);
      if (versions.length === 0) this.dropKey(key);
      return removed.deleteMarker
        ? { key, versionId, deleteMarker: true, deleteMarkerVersionId: removed.versionId }
        : { key, versionId, deleteMarker: false };
    }
    if (this.versioning === undefined) {
      if (versions) {
        for (const v of versions) this.account(v, -1);
        this.dropKey(key);
      }
      return { key, deleteMarker: false };
    }
    if (this.versioning === 'Suspended') {
      const nullAt = versions?.findIndex((v) => v.versionId === NULL_VERSION_ID) ?? -1;
      if (versions && nullAt >= 0) {
        const [removed] = versions.splice(nullAt, 1) as [ObjectVersion];
        this.account(removed, -1);
        if (versions.length === 0) this.dropKey(key);
      }
    }
    // Like S3, a versioned bucket records a delete marker even for a key that has no
    // version (UNCONFIRMED for OSS; it matches its documented S3-compatible versioning).
    const markerId = this.versioning === 'Enabled' ? newVersionId() : NULL_VERSION_ID;
    this.pushVersion(key, { versionId: markerId, deleteMarker: true, size: 0, lastModified: now, etag: '' });
    return { key, deleteMarker: true, deleteMarkerVersionId: markerId };
  }

  /**
   * Whether deleting (`versionId` given: that version; otherwise the current object) would
   * destroy data a retention policy still protects.
   */
  isRetained(key: string, versionId: string | undefined, now: number): boolean {
    if (!this.wormProtects(now) || !this.worm) return false;
    const versions = this.versionsOf(key);
    const target = versionId === undefined ? versions[0] : versions.find((v) => v.versionId === versionId);
    if (!target || target.deleteMarker) return false;
    return target.lastModified + this.worm.days * DAY_MS > now;
  }

  /** A Locked policy protects for its whole retention; an InProgress one only until it lapses. */
  wormProtects(now: number): boolean {
    if (!this.worm) return false;
    if (this.worm.state === 'Locked') return true;
    return now < this.worm.creationDate + WORM_IN_PROGRESS_VALIDITY_MS;
  }

  // ---- multipart uploads and live channels ------------------------------------------

  get uploads(): readonly MultipartUpload[] {
    return this.uploadList;
  }

  addUpload(upload: MultipartUpload): void {
    const at = lowerBound(this.uploadList, (u) => compareUploads(u, upload) >= 0);
    this.uploadList.splice(at, 0, upload);
  }

  abortUpload(key: string, uploadId: string): void {
    const at = this.uploadList.findIndex((u) => u.key === key && u.uploadId === uploadId);
    if (at < 0)
      throw new SandboxApiError(
        404,
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      );
    this.uploadList.splice(at, 1);
  }

  /** LiveChannels in name order. */
  get channels(): readonly LiveChannel[] {
    return [...this.channelMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  addChannel(channel: LiveChannel): void {
    this.channelMap.set(channel.name, channel);
  }

  deleteChannel(name: string): void {
    if (!this.channelMap.delete(name)) throw new SandboxApiError(404, 'NoSuchLiveChannel', 'The specified live channel does not exist.');
  }

  // ---- totals -----------------------------------------------------------------------

  stat(): BucketStat {
    return {
      objectCount: this.explicitObjectVersions + (this.generated?.liveCount ?? 0),
      deleteMarkerCount: this.explicitDeleteMarkers,
      storage: this.explicitStorage + (this.generated?.liveStorage ?? 0),
      multipartUploadCount: this.uploadList.length,
      liveChannelCount: this.channelMap.size,
      lastModified: this.lastWrite,
    };
  }

  /** Why DeleteBucket must refuse, or undefined when the bucket is empty. */
  whyNotEmpty(): string | undefined {
    const s = this.stat();
    if (s.objectCount > 0) return `${s.objectCount} object version(s)`;
    if (s.deleteMarkerCount > 0) return `${s.deleteMarkerCount} delete marker(s)`;
    if (s.multipartUploadCount > 0) return `${s.multipartUploadCount} multipart upload(s)`;
    if (s.liveChannelCount > 0) return `${s.liveChannelCount} LiveChannel(s)`;
    return undefined;
  }

  // ---- internals --------------------------------------------------------------------

  /** Moves a generated key into the explicit store so it can carry more than one version. */
  private materialize(key: string): void {
    const index = this.generated?.indexOf(key);
    if (!this.generated || index === undefined) return;
    const version = this.generatedVersion(index);
    this.generated.remove(index);
    this.explicit.set(key, [version]);
    this.explicitKeys.splice(
      lowerBound(this.explicitKeys, (k) => k >= key),
      0,
      key,
    );
    this.account(version, +1);
  }

  private generatedVersion(index: number): ObjectVersion {
    const gen = this.generated as GeneratedObjects;
    return {
      versionId: NULL_VERSION_ID,
      deleteMarker: false,
      size: gen.spec.size,
      lastModified: gen.lastModified,
      etag: gen.etagAt(index),
      body: gen.bodyAt(index),
    };
  }

  private dropKey(key: string): void {
    this.explicit.delete(key);
    const at = lowerBound(this.explicitKeys, (k) => k >= key);
    if (this.explicitKeys[at] === key) this.explicitKeys.splice(at, 1);
  }

  private account(version: ObjectVersion, sign: 1 | -1): void {
    if (version.deleteMarker) {
      this.explicitDeleteMarkers += sign;
    } else {
      this.explicitObjectVersions += sign;
      this.explicitStorage += sign * version.size;
    }
  }
}

export class OssState {
  private readonly bucketMap = new Map<string, Bucket>();

  constructor(
    /** The account id, shown as the Owner of buckets and objects. */
    readonly ownerId: string,
  ) {}

  /** Buckets in name order, the order ListBuckets pages in. */
  get buckets(): readonly Bucket[] {
    return [...this.bucketMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  bucket(name: string): Bucket | undefined {
    return this.bucketMap.get(name);
  }

  /** The bucket, or the real 404. */
  requireBucket(name: string): Bucket {
    const bucket = this.bucketMap.get(name);
    if (!bucket) throw new SandboxApiError(404, 'NoSuchBucket', 'The specified bucket does not exist.');
    return bucket;
  }

  addBucket(bucket: Bucket): void {
    if (this.bucketMap.has(bucket.name))
      throw new SandboxApiError(409, 'BucketAlreadyExists', 'The requested bucket name is not available.');
    this.bucketMap.set(bucket.name, bucket);
  }

  removeBucket(name: string): void {
    this.bucketMap.delete(name);
  }
}

function compareUploads(a: MultipartUpload, b: MultipartUpload): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.uploadId < b.uploadId ? -1 : a.uploadId > b.uploadId ? 1 : 0;
}

/** First index whose element satisfies the monotone predicate `isAfter`. */
export function lowerBound<T>(items: readonly T[], isAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Version ids are long opaque strings on OSS; the sandbox's are deterministic hex. */
export function newVersionId(world: World): string {
  return `CAEQ${world.nextId('oss-version', 32).slice('oss-version-'.length).toUpperCase()}`;
}
