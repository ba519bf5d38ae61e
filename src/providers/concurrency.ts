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
