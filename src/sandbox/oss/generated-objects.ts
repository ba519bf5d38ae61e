/**
 * A scenario's `objects: {generate: {count, prefix, size}}`: millions of identical objects
 * `<prefix><zero-padded index>` held as a count plus the set of deleted indices, so a
 * benchmark bucket costs a few bytes until someone deletes out of order. Zero padding
 * keeps index order and key order the same, which is what lets listing seek by binary
 * search instead of walking.
 */
import { IndexRangeSet } from './index-ranges.js';
import { ObjectBody } from './object-body.js';

export interface GeneratedObjectsSpec {
  readonly count: number;
  readonly prefix: string;
  readonly size: number;
}

export class GeneratedObjects {
  private readonly width: number;
  private readonly deleted = new IndexRangeSet();

  constructor(
    readonly spec: GeneratedObjectsSpec,
    /** Every generated object was written when the scenario was seeded. */
    readonly lastModified: number,
  ) {
    this.width = String(Math.max(spec.count - 1, 0)).length;
  }

  get liveCount(): number {
    return this.spec.count - this.deleted.size;
  }

  get liveStorage(): number {
    return this.liveCount * this.spec.size;
  }

  /** How many ranges of deleted indices are held (memory grows with this, not with count). */
  get deletedRanges(): number {
    return this.deleted.rangeCount;
  }

  keyAt(index: number): string {
    return this.spec.prefix + String(index).padStart(this.width, '0');
  }

  /**
   * Generated objects are one-part multipart uploads whose bytes repeat their key: their ETag
   * (`"<hex>-1"`) is not an MD5 of the bytes, so listing a million of them hashes no body.
   */
  bodyAt(index: number): ObjectBody {
    return ObjectBody.multipart(this.keyAt(index), this.spec.size);
  }

  etagAt(index: number): string {
    return this.bodyAt(index).etag;
  }

  /** The live index holding `key`, if any. */
  indexOf(key: string): number | undefined {
    if (!key.startsWith(this.spec.prefix)) return undefined;
    const digits = key.slice(this.spec.prefix.length);
    if (digits.length !== this.width || !/^\d+$/.test(digits)) return undefined;
    const index = Number(digits);
    if (index >= this.spec.count || this.deleted.has(index)) return undefined;
    return index;
  }

  remove(index: number): void {
    this.deleted.add(index);
  }

  /**
   * The first live index whose key satisfies `isAfter`, which must be monotone over key
   * order (false…false true…true); `spec.count` when there is none.
   */
  firstLiveIndex(isAfter: (key: string) => boolean): number {
    let lo = 0;
    let hi = this.spec.count;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (isAfter(this.keyAt(mid))) hi = mid;
      else lo = mid + 1;
    }
    return this.nextLive(lo);
  }

  /** The first live index `>= index`, or `spec.count`. */
  nextLive(index: number): number {
    return Math.min(this.deleted.nextAbsent(index), this.spec.count);
  }
}
