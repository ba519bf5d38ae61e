import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../src/providers/concurrency.js';

async function* from<T>(xs: readonly T[]): AsyncGenerator<T> {
  for (const x of xs) yield x;
}

describe('mapConcurrently', () => {
  it('keeps input order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out: number[] = [];
    for await (const r of mapConcurrently(from([5, 1, 4, 2, 3, 0]), 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n + 1));
      inFlight--;
      return n * 10;
    }))
      out.push(r);
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(3);
  });

  it('surfaces a failure in order, without an unhandled rejection for the calls after it', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const r of mapConcurrently(from([1, 2, 3]), 3, async (n) => {
        if (n >= 2) throw new Error(`boom ${n}`);
        return n;
      }))
        seen.push(r);
    };
    await expect(run()).rejects.toThrow('boom 2');
    expect(seen).toEqual([1]);
  });
});
