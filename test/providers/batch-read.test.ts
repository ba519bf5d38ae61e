import { describe, expect, it } from 'vitest';
import { CloudApiError } from '../../src/cloud/errors.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../../src/providers/batch-read.js';
import type { Resource } from '../../src/providers/contract.js';

const TYPE = 'vpc.vswitch';
const vsw = (id: string, name = id): Resource => ({ type: TYPE, region: 'cn-hangzhou', id, name, properties: {} });
const address = (id: string) => `${TYPE}/cn-hangzhou/${id}`;

/** A region's listing whose first page holds `pageSize` resources; readOne counts its calls. */
function region(ids: readonly string[], pageSize: number) {
  const calls = { pages: 0, single: [] as string[] };
  const now = new Map(ids.map((id) => [id, vsw(id, `now-${id}`)]));
  return {
    calls,
    now,
    firstPage: async (): Promise<ListingPage> => {
      calls.pages++;
      const all = [...now.values()];
      return { found: all.slice(0, pageSize), complete: isWholeListing(Math.min(all.length, pageSize), pageSize, all.length) };
    },
    readOne: async (r: Resource) => {
      calls.single.push(r.id);
      return now.get(r.id);
    },
  };
}

describe('isWholeListing', () => {
  it('trusts TotalCount when the answer has one, a short page otherwise', () => {
    expect(isWholeListing(30, 50, 30)).toBe(true);
    expect(isWholeListing(50, 50, 51)).toBe(false);
    expect(isWholeListing(50, 50, 50)).toBe(true);
    expect(isWholeListing(49, 50, undefined)).toBe(true);
    expect(isWholeListing(50, 50, undefined)).toBe(false);
  });
});

describe('readThroughListing', () => {
  it('answers every resource asked from one page that is the whole listing; one missing from it is gone', async () => {
    const cloud = region(['vsw-1', 'vsw-2', 'vsw-3', 'vsw-other'], 50);
    cloud.now.delete('vsw-2');
    const found = await readThroughListing(
      TYPE,
      ['vsw-1', 'vsw-2', 'vsw-3'].map((id) => vsw(id)),
      cloud.firstPage,
      cloud.readOne,
    );
    expect(cloud.calls).toEqual({ pages: 1, single: [] });
    // As the cloud says now, and only what was asked for (vsw-other was not).
    expect([...found.keys()]).toEqual([address('vsw-1'), address('vsw-3')]);
    expect(found.get(address('vsw-3'))?.name).toBe('now-vsw-3');
  });

  it('when the region holds more than a page, reads alone each resource not on it: absence from part of a listing proves nothing', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `vsw-${i}`);
    const cloud = region(ids, 5);
    const found = await readThroughListing(TYPE, [vsw('vsw-1'), vsw('vsw-6'), vsw('vsw-7')], cloud.firstPage, cloud.readOne);
    expect(cloud.calls).toEqual({ pages: 1, single: ['vsw-6', 'vsw-7'] });
    expect([...found.keys()].sort()).toEqual([address('vsw-1'), address('vsw-6'), address('vsw-7')]);
  });

  it('reads one resource alone, and each id once however often it is asked', async () => {
    const cloud = region(['vsw-1', 'vsw-2'], 50);
    await readThroughListing(TYPE, [vsw('vsw-1')], cloud.firstPage, cloud.readOne);
    expect(cloud.calls).toEqual({ pages: 0, single: ['vsw-1'] });
    const twice = await readThroughListing(TYPE, [vsw('vsw-2'), vsw('vsw-2')], cloud.firstPage, cloud.readOne);
    expect(cloud.calls).toEqual({ pages: 0, single: ['vsw-1', 'vsw-2'] });
    expect([...twice.keys()]).toEqual([address('vsw-2')]);
  });

  it('a gone error reading one resource alone means that one is gone; any other error fails the read', async () => {
    const notFound = new CloudApiError({
      service: 'vpc',
      action: 'DescribeVSwitches',
      code: 'InvalidVSwitchId.NotFound',
      message: 'x',
      kind: 'gone',
    });
    const denied = new CloudApiError({
      service: 'vpc',
      action: 'DescribeVSwitches',
      code: 'Forbidden.RAM',
      message: 'x',
      kind: 'permanent',
    });
    const page = async (): Promise<ListingPage> => ({ found: [vsw('vsw-1')], complete: false });
    const found = await readThroughListing(TYPE, [vsw('vsw-1'), vsw('vsw-2')], page, async () => {
      throw notFound;
    });
    expect([...found.keys()]).toEqual([address('vsw-1')]);
    await expect(
      readThroughListing(TYPE, [vsw('vsw-1'), vsw('vsw-2')], page, async () => {
        throw denied;
      }),
    ).rejects.toBe(denied);
  });
});
