/**
 * Emptying a bucket's key space fast, with flat memory: the keys (or versions) are listed
 * in several partitions at once, and each listed page is handed to a bounded pool of
 * DeleteMultipleObjects calls while its stream lists the next page.
 *
 * Partitions. OSS lists keys in order from a point (`start-after` for ListObjectsV2,
 * `key-marker` for ListObjectVersions: "even if the value does not exist, the list starts from
 * the object whose name is alphabetically greater", OSS API reference ListObjectsV2), so the
 * key space can be cut into ranges (s₀ = start, s₁, s₂, ...] each listed on its own: range i
 * starts after sᵢ and ends at the first key > sᵢ₊₁. The cut points are found with one-key
 * probes: the longest prefix every key shares (a binary search on the first key), then the
 * distinct characters that follow it, one probe each ("the first key after P + c + U+10FFFD"
 * skips everything under P + c). Nothing depends on the cut points being good: ranges are
 * contiguous, so every key lies in exactly one of them whatever they are.
 *
 * The order. Ranges compare keys in UTF-8 byte order, the order OSS lists in
 * (UNCONFIRMED beyond "alphabetical" in the OSS docs; S3, whose listing OSS mirrors, documents
 * UTF-8 binary order). Should the service order differently, a range would stop early or
 * run into the next one: a run into the next range deletes keys twice (DeleteMultipleObjects
 * answers success for a missing key), and a range stopped early leaves keys behind — which is
 * why a partitioned or versioned emptying ends with one sweep: a plain listing from the start
 * that deletes whatever is still there (normally one request that finds nothing).
 *
 * Memory. A stream holds at most one page while it waits for a delete slot, and at most
 * `deletesInFlight` deletions of ≤ 1,000 entries run at once: at most
 * (streams + deletesInFlight) × 1,000 entries are held, however big the bucket.
 */

/** One listed page; `next` continues the same listing (absent: the listing is complete). */
export interface Page<E, C> {
  readonly entries: readonly E[];
  readonly next?: C | undefined;
}

/** A listing of the bucket: objects (ListObjectsV2) or versions (ListObjectVersions). */
export interface PageSource<E, C> {
  /** The first page of keys after `startAfter` ('' = from the first key). */
  first(startAfter: string): Promise<Page<E, C>>;
  /** The page at `cursor` (a continuation token, or key and version-id markers). */
  next(cursor: C): Promise<Page<E, C>>;
  /** The first key after `startAfter` ('' = the first key), or undefined when there is none. */
  probe(startAfter: string): Promise<string | undefined>;
  keyOf(entry: E): string;
  /**
   * The key whose entries `cursor` resumes inside (a version listing cut in the middle of a
   * key's versions resumes after a version id): those entries are deleted with the next page,
   * so that the version the next request names as its marker still exists when it is sent.
   */
  resumesInside?(cursor: C): string | undefined;
}

export interface EmptyingOptions {
  /** Listing streams at once (1: one stream, no probes). */
  readonly streams: number;
  /** DeleteMultipleObjects calls in flight at once. */
  readonly deletesInFlight: number;
  /** At most this many ranges (and so at most this many cut-point probes + ~log₂(key length)). */
  readonly maxRanges: number;
  /** Entries per deletion call at most (DeleteMultipleObjects: 1,000). */
  readonly maxBatch: number;
  /** End with a sweep from the first key (always done when partitioned). */
  readonly sweep: boolean;
  readonly signal?: AbortSignal | undefined;
  /** Called after each deletion with the number of entries it deleted. */
  readonly onDeleted?: ((count: number) => void) | undefined;
}

export interface EmptyingStats {
  /** Ranges listed (1: not partitioned). */
  readonly ranges: number;
  /** Probes sent to find the cut points. */
  readonly probes: number;
  /** Entries handed to DeleteMultipleObjects (the sweep's included). */
  readonly deleted: number;
  /** Entries the final sweep still found. */
  readonly sweptUp: number;
  /** The most deletions that were in flight at once. */
  readonly maxDeletesInFlight: number;
  /** The most listed pages held at once (waiting for a delete slot or being deleted). */
  readonly maxPagesHeld: number;
  /** The most entries held at once (listed, not yet deleted). */
  readonly maxEntriesHeld: number;
}

const MAX_MARKER_BYTES = 1024;

/** Beyond any character a key can hold in practice (the last valid code point before U+10FFFE). */
const LAST_CHAR = '\u{10FFFD}';

/** UTF-8 byte order (which differs from JavaScript's UTF-16 order for U+E000–U+FFFF against astral characters). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Cut points s₁ < s₂ < ... such that the ranges ('', s₁], (s₁, s₂], ..., (sₙ, ∞) split the
 * keys by the character after their longest common prefix. Fewer than two distinct
 * characters (or an empty bucket): no cut points.
 */
export async function findCutPoints(
  probe: (startAfter: string) => Promise<string | undefined>,
  maxRanges: number,
): Promise<{ cuts: string[]; probes: number }> {
  let probes = 0;
  const ask = async (after: string): Promise<string | undefined> => {
    probes++;
    return probe(after);
  };
  const firstKey = await ask('');
  if (firstKey === undefined || maxRanges < 2) return { cuts: [], probes };
  // Longest prefix P of the first key such that no key lies past P + LAST_CHAR: every key
  // then starts with P (keys are ≥ the first key, which starts with P).
  const chars = Array.from(firstKey);
  const sharesPrefix = async (n: number): Promise<boolean> => (await ask(chars.slice(0, n).join('') + LAST_CHAR)) === undefined;
  let lo = 0;
  // start-after (and key-marker) must be shorter than 1,024 bytes (OSS API reference ListObjectsV2).
  let hi = chars.length;
  while (hi > 0 && Buffer.byteLength(chars.slice(0, hi).join('') + LAST_CHAR + LAST_CHAR) >= MAX_MARKER_BYTES) hi--;
  // Every key starts with the first one (it is alone, or a prefix of all others): no cut
  // points; one range lists it all.
  if (hi === chars.length && (await sharesPrefix(hi))) return { cuts: [], probes };
  if (hi === chars.length) hi -= 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (await sharesPrefix(mid)) lo = mid;
    else hi = mid - 1;
  }
  const prefix = chars.slice(0, lo).join('');
  // The distinct characters after the prefix, in order: each cut point sits just before one.
  const { cuts, firstKeys } = await distinctNext(ask, prefix, firstKey, maxRanges - 1);
  // Few groups (keys numbered 000000-199999 have two: 0 and 1): cut each group again by the
  // character after its own first character, side by side, so that there are ranges enough
  // for every listing stream. The groups' probes run at once; each walks its own characters.
  const perGroup = Math.floor((maxRanges - firstKeys.length) / firstKeys.length);
  if (perGroup < 1) return { cuts, probes };
  const within = await Promise.all(
    firstKeys.map(async (key) => {
      const base = prefix + (Array.from(key.slice(prefix.length))[0] ?? '');
      return (await distinctNext(ask, base, key, perGroup)).cuts;
    }),
  );
  const all = [...cuts, ...within.flat()].sort(compareKeys);
  return { cuts: all.filter((c, i) => i === 0 || compareKeys(all[i - 1] ?? '', c) !== 0), probes };
}

/**
 * The cut points just before each distinct character that follows `prefix` in the keys from
 * `firstKey` (the first key starting with `prefix`) on, at most `max`, with the first key of each
 * group. A probe that would reach the 1,024-byte marker limit ends the walk (fewer cuts).
 */
async function distinctNext(
  ask: (after: string) => Promise<string | undefined>,
  prefix: string,
  firstKey: string,
  max: number,
): Promise<{ cuts: string[]; firstKeys: string[] }> {
  const cuts: string[] = [];
  const firstKeys = [firstKey];
  let after = prefix + (Array.from(firstKey.slice(prefix.length))[0] ?? '') + LAST_CHAR;
  while (cuts.length < max && Buffer.byteLength(after) < MAX_MARKER_BYTES) {
    const key = await ask(after);
    if (key === undefined || !key.startsWith(prefix)) break;
    cuts.push(after);
    firstKeys.push(key);
    const next = prefix + (Array.from(key.slice(prefix.length))[0] ?? '') + LAST_CHAR;
    // Always move forward, even for a key that sorts past `next` (one with LAST_CHAR or beyond).
    after = compareKeys(next, key) > 0 ? next : key;
  }
  return { cuts, firstKeys };
}

/** The DeleteMultipleObjects calls behind the listings: at most `limit` at once. */
class DeletePool<E> {
  private inFlight = 0;
  private pagesHeld = 0;
  private entriesHeld = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  maxInFlight = 0;
  maxPagesHeld = 0;
  maxEntriesHeld = 0;
  deleted = 0;

  constructor(
    private readonly limit: number,
    private readonly remove: (batch: readonly E[]) => Promise<void>,
    private readonly onDeleted: ((count: number) => void) | undefined,
  ) {}

  /** Starts deleting `batch` once a slot is free; resolves when it has started. */
  async submit(batch: readonly E[]): Promise<void> {
    this.throwIfFailed();
    this.hold(batch.length, +1);
    try {
      while (this.inFlight >= this.limit) {
        await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.throwIfFailed();
      }
    } catch (err) {
      this.hold(batch.length, -1);
      throw err;
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const run = this.remove(batch).then(
      () => {
        this.deleted += batch.length;
        this.onDeleted?.(batch.length);
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    const tracked = run.finally(() => {
      this.inFlight--;
      this.hold(batch.length, -1);
      this.running.delete(tracked);
      this.waiting.shift()?.();
      // A failure wakes every waiter, so each stream stops instead of queueing more.
      if (this.failure) for (const wake of this.waiting.splice(0)) wake();
    });
    this.running.add(tracked);
  }

  /** Waits for every deletion started; throws the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    this.throwIfFailed();
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private hold(entries: number, pages: number): void {
    this.pagesHeld += pages;
    this.entriesHeld += pages * entries;
    this.maxPagesHeld = Math.max(this.maxPagesHeld, this.pagesHeld);
    this.maxEntriesHeld = Math.max(this.maxEntriesHeld, this.entriesHeld);
  }
}

/** Set by the first stream that fails: the others stop at their next page. */
interface Stop {
  failed: boolean;
  error?: unknown;
}

/** Lists the range (after, upTo] (upTo undefined: to the end) and deletes what it lists. */
async function emptyRange<E, C>(
  source: PageSource<E, C>,
  pool: DeletePool<E>,
  range: { readonly after: string; readonly upTo: string | undefined },
  stop: Stop,
  { signal, maxBatch }: Pick<EmptyingOptions, 'signal' | 'maxBatch'>,
): Promise<number> {
  const { after, upTo } = range;
  let found = 0;
  let carried: E[] = [];
  const submit = async (entries: readonly E[]): Promise<void> => {
    found += entries.length;
    for (let i = 0; i < entries.length; i += maxBatch) await pool.submit(entries.slice(i, i + maxBatch));
  };
  let page = await source.first(after);
  for (;;) {
    signal?.throwIfAborted();
    if (stop.failed) return found;
    let entries = carried.length > 0 ? [...carried, ...page.entries] : page.entries;
    carried = [];
    let reachedEnd = page.next === undefined;
    const last = entries[entries.length - 1];
    if (upTo !== undefined && last !== undefined && compareKeys(source.keyOf(last), upTo) > 0) {
      entries = entries.filter((e) => compareKeys(source.keyOf(e), upTo) <= 0);
      reachedEnd = true;
    }
    const inside = !reachedEnd && page.next !== undefined ? source.resumesInside?.(page.next) : undefined;
    if (inside !== undefined) {
      let cut = entries.length;
      while (cut > 0 && source.keyOf(entries[cut - 1] as E) === inside) cut--;
      // A key with more versions than a batch is deleted as listed (the closing sweep covers it).
      if (entries.length - cut < maxBatch) {
        carried = entries.slice(cut);
        entries = entries.slice(0, cut);
      }
    }
    if (entries.length > 0) await submit(entries);
    if (reachedEnd || page.next === undefined) {
      if (carried.length > 0) await submit(carried);
      return found;
    }
    page = await source.next(page.next);
  }
}

/** Runs `ranges` on `streams` streams; resolves once none runs, throwing the first failure. */
async function emptyRanges<E, C>(
  source: PageSource<E, C>,
  pool: DeletePool<E>,
  ranges: ReadonlyArray<{ readonly after: string; readonly upTo: string | undefined }>,
  streams: number,
  opts: Pick<EmptyingOptions, 'signal' | 'maxBatch'>,
): Promise<number> {
  const stop: Stop = { failed: false };
  let found = 0;
  let next = 0;
  const stream = async (): Promise<void> => {
    try {
      for (let r = ranges[next++]; r !== undefined && !stop.failed; r = ranges[next++])
        found += await emptyRange(source, pool, r, stop, opts);
    } catch (error) {
      if (!stop.failed) Object.assign(stop, { failed: true, error });
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, streams), ranges.length) }, stream));
  // Every deletion started settles before the outcome is known: nothing runs on after the step.
  await pool.drain().catch((error: unknown) => {
    if (!stop.failed) Object.assign(stop, { failed: true, error });
  });
  if (stop.failed) throw stop.error;
  return found;
}

/**
 * Deletes every entry `source` lists, through `remove` (one DeleteMultipleObjects call per
 * listed page of ≤ 1,000). Throws the first listing or deletion error, once every deletion
 * already started has settled.
 */
export async function emptyKeySpace<E, C>(
  source: PageSource<E, C>,
  remove: (batch: readonly E[]) => Promise<void>,
  opts: EmptyingOptions,
): Promise<EmptyingStats> {
  const pool = new DeletePool<E>(Math.max(1, opts.deletesInFlight), remove, opts.onDeleted);
  const { cuts, probes } = opts.streams > 1 ? await findCutPoints((a) => source.probe(a), opts.maxRanges) : { cuts: [], probes: 0 };
  const ranges = ['', ...cuts].map((after, i) => ({ after, upTo: cuts[i] }));
  await emptyRanges(source, pool, ranges, opts.streams, opts);
  const sweptUp = opts.sweep || ranges.length > 1 ? await emptyRanges(source, pool, [{ after: '', upTo: undefined }], 1, opts) : 0;
  return {
    ranges: ranges.length,
    probes,
    deleted: pool.deleted,
    sweptUp,
    maxDeletesInFlight: pool.maxInFlight,
    maxPagesHeld: pool.maxPagesHeld,
    maxEntriesHeld: pool.maxEntriesHeld,
  };
}
