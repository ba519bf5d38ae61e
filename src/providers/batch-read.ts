/**
 * Re-reading many resources of one type and region in few calls. With a Describe call that
 * takes a list of ids (DescribeInstances and DescribeDisks: up to 100; DescribeEipAddresses:
 * 50; DescribeVpcs: 20; SLB DescribeLoadBalancers: 10 — each type cites its API's limit): one
 * call per chunk instead of one per resource (describeInChunks). With one that filters by a
 * single id only: one page of the region's listing (readThroughListing). Either way only the
 * ids asked for count (an API that ignored the filter must not make other resources look
 * present), and absence counts as gone only from an answer that proves it.
 */
import { isGone } from '../cloud/errors.js';
import { addressOf, type Resource } from './contract.js';
import { chunks } from './references.js';

/** The resources found, by id, asking `perCall` ids at a time. */
export async function describeInChunks(
  ids: readonly string[],
  perCall: number,
  describe: (chunk: readonly string[]) => Promise<readonly Resource[]>,
): Promise<Map<string, Resource>> {
  const found = new Map<string, Resource>();
  for (const chunk of chunks([...new Set(ids)], perCall)) {
    const asked = new Set(chunk);
    for (const r of await describe(chunk)) if (asked.has(r.id)) found.set(r.id, r);
  }
  return found;
}

/** readMany's answer for `rs`: what `found` (by id) holds of them, by address; absent = gone. */
export function byAddress(type: string, rs: readonly Resource[], found: ReadonlyMap<string, Resource>): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const r of rs) {
    const now = found.get(r.id);
    if (now) out.set(addressOf(type, r.region, r.id), now);
  }
  return out;
}

/**
 * One page of a region's listing as a re-read: the resources on it, and whether that page is
 * the whole listing (its TotalCount, or a short page) — only then does a resource missing from
 * it count as gone.
 */
export interface ListingPage {
  readonly found: readonly Resource[];
  readonly complete: boolean;
}

/** Whether a PageNumber/PageSize answer of `count` items holds the whole listing. */
export function isWholeListing(count: number, pageSize: number, totalCount: number | undefined): boolean {
  return totalCount !== undefined ? count >= totalCount : count < pageSize;
}

/**
 * Re-reading through the listing, for APIs whose id filter takes one id (DescribeVSwitches,
 * DescribeRouteTableList, RDS DescribeDBInstances... — each type cites its API): one call for
 * the first page of the region at the API's largest page size answers for every resource
 * asked when that page is the whole listing — one answer at one moment, so a resource missing
 * from it is gone. When the region holds more than a page, the page's resources are used and
 * the others are read one by one: a later page of a listing that changes between two calls
 * (as it does during a teardown) can skip a resource, so absence there proves nothing. One
 * resource alone is read alone (a page would cost as much and may not hold it).
 */
export async function readThroughListing(
  type: string,
  rs: readonly Resource[],
  firstPage: (asked: ReadonlySet<string>) => Promise<ListingPage>,
  readOne: (r: Resource) => Promise<Resource | undefined>,
): Promise<Map<string, Resource>> {
  const found = new Map<string, Resource>();
  const unique = [...new Map(rs.map((r) => [r.id, r])).values()];
  let missing = unique;
  if (unique.length > 1) {
    const asked = new Set(unique.map((r) => r.id));
    const page = await firstPage(asked);
    for (const r of page.found) if (asked.has(r.id)) found.set(r.id, r);
    if (page.complete) return byAddress(type, rs, found);
    missing = unique.filter((r) => !found.has(r.id));
  }
  for (const r of missing) {
    // An error saying this one id is unknown means it is gone, not that the others are.
    const now = await readOne(r).catch((err: unknown) => {
      if (isGone(err)) return undefined;
      throw err;
    });
    if (now) found.set(r.id, now);
  }
  return byAddress(type, rs, found);
}
