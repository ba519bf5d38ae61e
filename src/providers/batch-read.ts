/**
 * Re-reading many resources of one type and region with a Describe call that takes a list of
 * ids (DescribeInstances and DescribeDisks: up to 100; DescribeEipAddresses: 50; DescribeVpcs:
 * 20; SLB DescribeLoadBalancers: 10 — each type cites its API's limit): one call per chunk
 * instead of one per resource. Only the ids asked for count (an API that ignored the filter
 * must not make other resources look present), and an id no call returns is gone.
 */
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
