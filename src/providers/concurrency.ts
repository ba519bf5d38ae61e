import type { ScanContext } from './contract.js';

/** ScanContext.detailConcurrency's default, for contexts that do not set it. */
export const DEFAULT_DETAIL_CONCURRENCY = 8;

export function detailConcurrency(ctx: Pick<ScanContext, 'detailConcurrency'>): number {
  return Math.max(1, ctx.detailConcurrency ?? DEFAULT_DETAIL_CONCURRENCY);
}

/** Every item of every page, in order. */
export async function* eachItem<T>(pages: AsyncIterable<readonly T[]>): AsyncGenerator<T> {
  for await (const page of pages) yield* page;
}

/**
 * Maps an async iterable through `fn` with up to `limit` calls in flight, yielding results in
 * input order. For providers whose listing needs a few extra calls per resource (a bucket's
 * stat, versioning and WORM state): describing them one after another made one task the
 * critical path of a whole scan (see docs/benchmarks.md).
 */
export async function* mapConcurrently<T, R>(items: AsyncIterable<T>, limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  for await (const item of items) {
    const p = fn(item);
    // Awaited in order below; a later rejection must not count as unhandled meanwhile.
    p.catch(() => undefined);
    inFlight.push(p);
    if (inFlight.length >= limit) yield await inFlight.shift()!;
  }
  while (inFlight.length > 0) yield await inFlight.shift()!;
}
