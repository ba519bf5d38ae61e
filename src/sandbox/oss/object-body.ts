/**
 * The bytes of one object version, produced on demand: a scenario gives sizes (up to tens of
 * megabytes in the demo), not contents, so bodies are generated from a seed rather than
 * held in memory. Checksums are computed once, on first use.
 *
 * What OSS sends for them (OSS API reference: GetObject, HeadObject; "Check data integrity by
 * using CRC-64"):
 * - `ETag`: for an object written by PutObject ("Normal"), the upper-case MD5 of its bytes in
 *   quotes; for a multipart upload, not an MD5 of the bytes but `"<hex>-<part count>"`.
 * - `x-oss-hash-crc64ecma`: the CRC-64/XZ of the bytes, unsigned decimal, for both.
 * - `x-oss-object-type`: `Normal` | `Multipart` | `Appendable`.
 */
import { createHash } from 'node:crypto';
import { Crc64 } from './crc64.js';

export type OssObjectType = 'Normal' | 'Multipart';

const CHUNK = 64 * 1024;

export class ObjectBody {
  private cachedMd5: string | undefined;
  private cachedCrc: string | undefined;

  private constructor(
    readonly size: number,
    readonly objectType: OssObjectType,
    /** Repeated to fill `size` bytes. */
    private readonly pattern: Buffer,
    /** A multipart upload's ETag, fixed when it was written. */
    private readonly multipartEtag?: string,
  ) {}

  /** Exactly these bytes, written by PutObject. */
  static ofContent(content: Buffer): ObjectBody {
    return new ObjectBody(content.length, 'Normal', content);
  }

  /** `size` pseudo-random bytes derived from `seed`, written by PutObject. */
  static seeded(seed: string, size: number): ObjectBody {
    const blocks: Buffer[] = [];
    for (let i = 0; i * 32 < Math.min(size, 4096); i++) blocks.push(createHash('sha256').update(`${seed}#${i}`).digest());
    return new ObjectBody(size, 'Normal', Buffer.concat(blocks));
  }

  /**
   * `size` bytes repeating `seed`, written as a one-part multipart upload: its ETag is not
   * the MD5 of the bytes, so a million of them list without hashing a million bodies.
   */
  static multipart(seed: string, size: number): ObjectBody {
    const etag = `"${createHash('md5').update(seed).digest('hex').toUpperCase()}-1"`;
    return new ObjectBody(size, 'Multipart', Buffer.from(seed.length > 0 ? seed : '-', 'utf8'), etag);
  }

  /** The body in chunks of at most 64 KiB. */
  *chunks(): Generator<Buffer> {
    if (this.size === 0 || this.pattern.length === 0) return;
    const block = this.patternBlock();
    let left = this.size;
    while (left > 0) {
      const n = Math.min(left, block.length);
      yield n === block.length ? block : block.subarray(0, n);
      left -= n;
    }
  }

  get etag(): string {
    return this.multipartEtag ?? `"${this.md5Hex().toUpperCase()}"`;
  }

  get crc64(): string {
    if (this.cachedCrc === undefined) {
      const crc = new Crc64();
      for (const c of this.chunks()) crc.update(c);
      this.cachedCrc = crc.digest();
    }
    return this.cachedCrc;
  }

  private md5Hex(): string {
    if (this.cachedMd5 === undefined) {
      const md5 = createHash('md5');
      for (const c of this.chunks()) md5.update(c);
      this.cachedMd5 = md5.digest('hex');
    }
    return this.cachedMd5;
  }

  private blockCache: Buffer | undefined;
  /** The pattern repeated to a whole number of copies close to 64 KiB, so chunks line up. */
  private patternBlock(): Buffer {
    if (!this.blockCache) {
      const copies = Math.max(1, Math.floor(CHUNK / this.pattern.length));
      this.blockCache = Buffer.concat(Array.from({ length: copies }, () => this.pattern));
    }
    return this.blockCache;
  }
}
