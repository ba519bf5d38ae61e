import { describe, expect, it } from 'vitest';
import { markerPages, nextTokenPages, pageNumberPages } from '../../src/providers/pagination.js';

async function all<P>(pages: AsyncGenerator<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('pagination', () => {
  it('nextTokenPages follows tokens and refuses a token handed back twice', async () => {
    const tokens: Record<string, string | undefined> = { start: 'a', a: 'b', b: undefined };
    expect(await all(nextTokenPages(async (t) => ({ page: t ?? 'start', nextToken: tokens[t ?? 'start'] })))).toEqual(['start', 'a', 'b']);
    await expect(all(nextTokenPages(async () => ({ page: 1, nextToken: 'same' })))).rejects.toThrow(/NextToken same returned twice/);
  });

  it('pageNumberPages stops on TotalCount, else on a short page', async () => {
    const sizes = [2, 2, 1];
    const fetch = async (n: number, size: number) => ({ page: n, count: Math.min(size, sizes[n - 1] ?? 0) });
    expect(await all(pageNumberPages(2, fetch))).toEqual([1, 2, 3]);
    expect(await all(pageNumberPages(2, async (n) => ({ page: n, count: 2, totalCount: 4 })))).toEqual([1, 2]);
  });

  it('markerPages follows markers until not truncated', async () => {
    const next: Record<string, string | undefined> = { '': 'm1', m1: 'm2', m2: undefined };
    const pages = markerPages(async (m) => ({ page: m ?? '', isTruncated: next[m ?? ''] !== undefined, marker: next[m ?? ''] }));
    expect(await all(pages)).toEqual(['', 'm1', 'm2']);
  });

  it('markerPages treats a truncated page it cannot follow as an error, not as the end of the list', async () => {
    await expect(all(markerPages(async () => ({ page: 1, isTruncated: true })))).rejects.toThrow(/without a marker/);
    await expect(all(markerPages(async () => ({ page: 1, isTruncated: true, marker: 'same' })))).rejects.toThrow(
      /marker same returned twice/,
    );
  });
});
