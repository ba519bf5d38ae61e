/**
 * The partitioned, pipelined emptying engine against an in-memory key space that lists the
 * way OSS documents it (keys in order, start-after exclusive even for a key that does not
 * exist, pages of max-keys with a continuation cursor), with deletions that finish only when
 * the test lets them.
 */
import { describe, expect, it } from 'vitest';
import { compareKeys, emptyKeySpace, findCutPoints, type Page, type PageSource } from '../../../src/providers/oss/bucket-emptying.js';

/** A bucket's keys in UTF-8 byte order, listed `pageSize` at a time. */
class FakeBucket implements PageSource<string, string> {
  readonly keys: Set<string>;
  lists = 0;
  probes = 0;
  failListingAfter: number | undefined;

  constructor(
    keys: Iterable<string>,
    private readonly pageSize = 1000,
  ) {
    this.keys = new Set(keys);
  }

  /** Every key ever held, sorted; `keys` says which still exist. */
  private order: string[] = [];

  add(key: string): void {
    this.keys.add(key);
    this.order = [...new Set([...this.order, key])].sort(compareKeys);
  }

  private pageAfter(after: string, size: number): Page<string, string> {
    if (this.order.length === 0 && this.keys.size > 0) this.order = [...this.keys].sort(compareKeys);
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (after === '' || compareKeys(this.order[mid]!, after) > 0) hi = mid;
      else lo = mid + 1;
    }
    const entries: string[] = [];
    let i = lo;
    for (; i < this.order.length && entries.length < size; i++) if (this.keys.has(this.order[i]!)) entries.push(this.order[i]!);
    while (i < this.order.length && !this.keys.has(this.order[i]!)) i++;
    const last = entries[entries.length - 1];
    return { entries, next: i < this.order.length && last !== undefined ? `token:${last}` : undefined };
  }

  first(after: string): Promise<Page<string, string>> {
    return this.list(after);
  }

  next(cursor: string): Promise<Page<string, string>> {
    return this.list(cursor.slice('token:'.length));
  }

  private async list(after: string): Promise<Page<string, string>> {
    this.lists++;
    await Promise.resolve();
    if (this.failListingAfter !== undefined && this.lists > this.failListingAfter) throw new Error('InternalError: listing failed');
    return this.pageAfter(after, this.pageSize);
  }

  async probe(after: string): Promise<string | undefined> {
    this.probes++;
    await Promise.resolve();
    return this.pageAfter(after, 1).entries[0];
  }

  keyOf(key: string): string {
    return key;
  }
}

/** Deletions that complete one event-loop turn later, counting how many run at once. */
function deleter(bucket: FakeBucket, opts: { failOnCall?: number } = {}) {
  const batches: string[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const remove = async (batch: readonly string[]): Promise<void> => {
    const call = batches.push([...batch]);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.failOnCall === call) throw new Error('AccessDenied: delete refused');
      for (const k of batch) bucket.keys.delete(k);
    } finally {
      inFlight--;
    }
  };
  return { remove, batches, maxInFlight: () => maxInFlight };
}

const OPTS = { streams: 4, deletesInFlight: 3, maxRanges: 16, maxBatch: 100, sweep: false } as const;

/** Keys with '/', empty path segments, unicode (BMP and astral), XML-special characters, many prefixes. */
function awkwardKeys(): string[] {
  const keys: string[] = [];
  const dirs = ['', 'a/', 'a//', 'b/c/', 'logs/2026/', 'x&y/', '<dir>/', 'é/', '日本/', '😀/', '\uff01wide/', 'zz/'];
  for (const d of dirs)
    for (let i = 0; i < 250; i++) keys.push(`${d}${i % 7 === 0 ? 'ä' : ''}obj-${String(i).padStart(4, '0')}${i % 11 === 0 ? '&<>"' : ''}`);
  keys.push('/', '//', 'a', 'a/', 'b', ' lead-space', 'trail-space ');
  return keys;
}

describe('bucket emptying engine', () => {
  it('deletes every key of a bucket cut into ranges, none twice, with bounded deletions and pages', async () => {
    const keys = awkwardKeys();
    const bucket = new FakeBucket(keys, 100);
    const d = deleter(bucket);
    const deletedCounts: number[] = [];
    const stats = await emptyKeySpace(bucket, d.remove, { ...OPTS, onDeleted: (n) => deletedCounts.push(n) });

    expect(bucket.keys.size).toBe(0);
    const deleted = d.batches.flat();
    expect(deleted.sort(compareKeys)).toEqual([...keys].sort(compareKeys));
    expect(new Set(deleted).size).toBe(deleted.length);
    expect(stats.ranges).toBeGreaterThan(4);
    expect(stats.deleted).toBe(keys.length);
    expect(deletedCounts.reduce((a, b) => a + b, 0)).toBe(keys.length);
    // The sweep of a partitioned run found nothing left.
    expect(stats.sweptUp).toBe(0);
    expect(d.maxInFlight()).toBeLessThanOrEqual(3);
    expect(stats.maxDeletesInFlight).toBe(d.maxInFlight());
    expect(stats.maxDeletesInFlight).toBeGreaterThan(1);
    // Each stream holds at most one page waiting for a slot: memory does not grow with the bucket.
    expect(stats.maxPagesHeld).toBeLessThanOrEqual(OPTS.streams + OPTS.deletesInFlight);
    expect(stats.maxEntriesHeld).toBeLessThanOrEqual((OPTS.streams + OPTS.deletesInFlight) * 100);
    for (const b of d.batches) expect(b.length).toBeLessThanOrEqual(100);
  });

  it('holds the same bounded number of pages for ten times the keys', async () => {
    const small = new FakeBucket(
      Array.from({ length: 2_000 }, (_, i) => `k/${String(i).padStart(6, '0')}`),
      100,
    );
    const large = new FakeBucket(
      Array.from({ length: 20_000 }, (_, i) => `k/${String(i).padStart(6, '0')}`),
      100,
    );
    const a = await emptyKeySpace(small, deleter(small).remove, OPTS);
    const b = await emptyKeySpace(large, deleter(large).remove, OPTS);
    expect(small.keys.size + large.keys.size).toBe(0);
    expect(a.maxPagesHeld).toBeLessThanOrEqual(OPTS.streams + OPTS.deletesInFlight);
    expect(b.maxPagesHeld).toBeLessThanOrEqual(OPTS.streams + OPTS.deletesInFlight);
  });

  it('lists one stream without probes when asked for one', async () => {
    const bucket = new FakeBucket(
      Array.from({ length: 250 }, (_, i) => `k${i}`),
      100,
    );
    const stats = await emptyKeySpace(bucket, deleter(bucket).remove, { ...OPTS, streams: 1 });
    expect(bucket.keys.size).toBe(0);
    expect(stats).toMatchObject({ ranges: 1, probes: 0, sweptUp: 0 });
    expect(bucket.lists).toBe(3);
  });

  it('sweeps up what the ranges missed (keys written meanwhile, or listed in another order)', async () => {
    const bucket = new FakeBucket(['a1', 'a2', 'b1', 'b2', 'c1'], 2);
    const d = deleter(bucket);
    let written = false;
    const stats = await emptyKeySpace(
      bucket,
      async (batch) => {
        await d.remove(batch);
        // Written behind the listings, before the sweep.
        if (!written) {
          written = true;
          bucket.add('a0');
        }
      },
      OPTS,
    );
    // a | b | c, each cut again by its second character: a1 | a2 | b1 | b2 | c1.
    expect(stats.ranges).toBe(5);
    expect(stats.sweptUp).toBe(1);
    expect(bucket.keys.size).toBe(0);
  });

  it('surfaces a listing error as a failure, after the deletions in flight settled, and stops listing', async () => {
    const bucket = new FakeBucket(
      Array.from({ length: 5_000 }, (_, i) => `k/${String(i).padStart(5, '0')}`),
      100,
    );
    bucket.failListingAfter = 5;
    const d = deleter(bucket);
    let inFlightAtEnd = -1;
    await expect(
      emptyKeySpace(bucket, d.remove, OPTS).finally(() => {
        inFlightAtEnd = d.batches.length;
      }),
    ).rejects.toThrow('InternalError: listing failed');
    const listsAtFailure = bucket.lists;
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Nothing runs on after the failure was reported.
    expect(bucket.lists).toBe(listsAtFailure);
    expect(d.batches.length).toBe(inFlightAtEnd);
    expect(bucket.keys.size).toBeGreaterThan(0);
  });

  it('surfaces a deletion error and lists no further', async () => {
    const bucket = new FakeBucket(
      Array.from({ length: 5_000 }, (_, i) => `k/${String(i).padStart(5, '0')}`),
      100,
    );
    const d = deleter(bucket, { failOnCall: 2 });
    await expect(emptyKeySpace(bucket, d.remove, OPTS)).rejects.toThrow('AccessDenied: delete refused');
    // At most the pages already listed when the failure came were handed on.
    expect(d.batches.length).toBeLessThanOrEqual(2 + OPTS.streams + OPTS.deletesInFlight);
    expect(bucket.keys.size).toBeGreaterThan(0);
  });

  it('an empty bucket costs one probe and one listing', async () => {
    const bucket = new FakeBucket([], 100);
    const stats = await emptyKeySpace(bucket, deleter(bucket).remove, OPTS);
    expect(stats).toMatchObject({ ranges: 1, probes: 1, deleted: 0 });
    expect(bucket.lists).toBe(1);
  });
});

describe('cut points', () => {
  it('cut after the longest shared prefix, one range per following character', async () => {
    const bucket = new FakeBucket(
      Array.from({ length: 1_000 }, (_, i) => `data/obj-${String(i).padStart(3, '0')}`),
      100,
    );
    const { cuts } = await findCutPoints((a) => bucket.probe(a), 16);
    // data/obj-0.. to data/obj-9..: ten ranges.
    expect(cuts).toHaveLength(9);
    expect(cuts.every((c) => c.startsWith('data/obj-'))).toBe(true);
    const ranges = ['', ...cuts];
    const inRange = ranges.map((after, i) =>
      [...bucket.keys].filter(
        (k) => (after === '' || compareKeys(k, after) > 0) && (cuts[i] === undefined || compareKeys(k, cuts[i]!) <= 0),
      ),
    );
    expect(inRange.map((r) => r.length)).toEqual(Array.from({ length: 10 }, () => 100));
  });

  it('cuts each group again when the character after the prefix gives too few ranges', async () => {
    // data/obj-000 to data/obj-199: two groups (0 and 1), each cut again by its second digit.
    const keys = Array.from({ length: 200 }, (_, i) => `data/obj-${String(i).padStart(3, '0')}`);
    const bucket = new FakeBucket(keys, 100);
    const { cuts } = await findCutPoints((a) => bucket.probe(a), 16);
    expect(cuts).toHaveLength(15);
    expect([...cuts].sort(compareKeys)).toEqual(cuts);
    const inRange = ['', ...cuts].map((after, i) =>
      keys.filter((k) => (after === '' || compareKeys(k, after) > 0) && (cuts[i] === undefined || compareKeys(k, cuts[i]!) <= 0)),
    );
    // Every key in exactly one range, none empty.
    expect(inRange.flat().sort()).toEqual(keys);
    expect(inRange.every((r) => r.length > 0)).toBe(true);
  });

  it('stops at maxRanges, and finds none for a single key or keys all starting with the first', async () => {
    const many = new FakeBucket(Array.from({ length: 40 }, (_, i) => `${String.fromCharCode(65 + i)}x`));
    expect((await findCutPoints((a) => many.probe(a), 5)).cuts).toHaveLength(4);
    const one = new FakeBucket(['only']);
    expect((await findCutPoints((a) => one.probe(a), 16)).cuts).toEqual([]);
    const nested = new FakeBucket(['a', 'ab', 'ac']);
    expect((await findCutPoints((a) => nested.probe(a), 16)).cuts).toEqual([]);
  });

  it('keeps every probe shorter than 1,024 bytes', async () => {
    const long = 'p'.repeat(1_015);
    const bucket = new FakeBucket([`${long}a`, `${long}b`, `${long}c`]);
    const seen: string[] = [];
    await findCutPoints(async (a) => {
      seen.push(a);
      return bucket.probe(a);
    }, 16);
    for (const a of seen) expect(Buffer.byteLength(a)).toBeLessThan(1024);
  });
});

describe('key order', () => {
  it('compares keys in UTF-8 byte order, not UTF-16 order', () => {
    // U+FF01 (EF BC 81) sorts before U+1F600 (F0 9F 98 80) in bytes; UTF-16 puts the surrogate first.
    expect(compareKeys('\uff01', '😀')).toBeLessThan(0);
    expect('\uff01' < '😀').toBe(false);
    expect(compareKeys('a', 'a/')).toBeLessThan(0);
    expect(compareKeys('b', 'b')).toBe(0);
  });
});

describe('bucket emptying engine, versions', () => {
  /** Versions listed key by key, newest first, resuming after a (key, version id) marker — by position, whatever was deleted since. */
  class FakeVersions implements PageSource<{ key: string; versionId: string }, { keyMarker: string; versionIdMarker: string }> {
    readonly live = new Set<string>();
    /** Markers named by a request after their version was already deleted. */
    staleMarkers = 0;
    private readonly all: Array<{ key: string; versionId: string }> = [];

    constructor(
      keys: number,
      versionsPerKey: number,
      private readonly pageSize: number,
    ) {
      for (let k = 0; k < keys; k++)
        for (let v = versionsPerKey; v > 0; v--) {
          const e = { key: `k/${String(k).padStart(4, '0')}`, versionId: `v${v}` };
          this.all.push(e);
          this.live.add(`${e.key}@${e.versionId}`);
        }
    }

    private page(from: number) {
      const entries = [];
      let i = from;
      for (; i < this.all.length && entries.length < this.pageSize; i++)
        if (this.live.has(`${this.all[i]!.key}@${this.all[i]!.versionId}`)) entries.push(this.all[i]!);
      const last = entries[entries.length - 1];
      return { entries, next: i < this.all.length && last ? { keyMarker: last.key, versionIdMarker: last.versionId } : undefined };
    }

    async first(after: string) {
      await Promise.resolve();
      return this.page(after === '' ? 0 : this.all.findIndex((e) => compareKeys(e.key, after) > 0) >>> 0);
    }

    async next(c: { keyMarker: string; versionIdMarker: string }) {
      // Answered after the deletions already started (their setImmediate is queued first):
      // the race a real listing behind pipelined deletions runs.
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.live.has(`${c.keyMarker}@${c.versionIdMarker}`)) this.staleMarkers++;
      return this.page(this.all.findIndex((e) => e.key === c.keyMarker && e.versionId === c.versionIdMarker) + 1);
    }

    async probe(after: string) {
      return (await this.first(after)).entries[0]?.key;
    }

    keyOf(e: { key: string; versionId: string }) {
      return e.key;
    }

    resumesInside(c: { keyMarker: string; versionIdMarker: string }) {
      return c.versionIdMarker ? c.keyMarker : undefined;
    }
  }

  it("keeps a key's listed versions for the next page when a page ends inside the key, so the marker still exists", async () => {
    // 7 versions a key, pages of 10: most pages end inside a key.
    const bucket = new FakeVersions(300, 7, 10);
    const total = bucket.live.size;
    const stats = await emptyKeySpace(
      bucket,
      async (batch) => {
        await new Promise((resolve) => setImmediate(resolve));
        for (const e of batch) bucket.live.delete(`${e.key}@${e.versionId}`);
      },
      { ...OPTS, sweep: true },
    );
    expect(bucket.live.size).toBe(0);
    expect(stats.deleted).toBe(total);
    expect(stats.sweptUp).toBe(0);
    expect(bucket.staleMarkers).toBe(0);
  });
});
