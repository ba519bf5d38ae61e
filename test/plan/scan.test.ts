import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { AbortError, UserError } from '../../src/errors.js';
import { createPool } from '../../src/plan/pool.js';
import { scanAccount, type ScanOptions, type ScanProgress } from '../../src/plan/scan.js';
import { resourceAddress, type Service } from '../../src/providers/contract.js';
import { CALLER, SETTINGS, FakeCloud, cloudError, demoCloud, fakeRegistry, res, silentLog } from './fakes.js';

const HOST = 'http://cloud.test';
afterEach(() => nock.cleanAll());

function clientsWithLog() {
  const calls: string[] = [];
  const clients = new CloudClients({
    credentials: { accessKeyId: CALLER.accessKeyId, accessKeySecret: 'test-secret', source: 'static' },
    mode: 'read-only',
    endpointOverride: HOST,
    onCall: (e) => calls.push(`${e.service}:${e.action}`),
  });
  return { clients, calls };
}

const ALL_TYPES = fakeRegistry().types.map((t) => t.type);

function options(cloud: FakeCloud, over: Partial<ScanOptions> = {}): ScanOptions & { events: ScanProgress[] } {
  const events: ScanProgress[] = [];
  return {
    registry: fakeRegistry(cloud),
    types: ALL_TYPES,
    regions: ['cn-shanghai', 'cn-hangzhou'],
    clients: clientsWithLog().clients,
    caller: CALLER,
    settings: SETTINGS,
    concurrency: { global: 4 },
    signal: new AbortController().signal,
    log: silentLog,
    onProgress: (e) => events.push(e),
    events,
    ...over,
  };
}

/** Yields to the event loop a few times, so concurrently started listings overlap. */
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
};

describe('scanAccount', () => {
  it('discovers regions with ECS DescribeRegions and lists regional types per region, global ones once', async () => {
    nock(HOST)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeRegions')
      .reply(200, {
        RequestId: 'R1',
        Regions: {
          Region: [
            { RegionId: 'cn-shanghai', LocalName: 'China (Shanghai)', RegionEndpoint: 'ecs.cn-shanghai.aliyuncs.com', Status: 'available' },
            { RegionId: 'ap-southeast-1', LocalName: 'Singapore', RegionEndpoint: 'ecs.ap-southeast-1.aliyuncs.com', Status: 'available' },
            { RegionId: 'cn-hangzhou', LocalName: 'China (Hangzhou)', RegionEndpoint: 'ecs.cn-hangzhou.aliyuncs.com', Status: 'available' },
          ],
        },
      });
    const { clients, calls } = clientsWithLog();
    const cloud = demoCloud();
    const opts = options(cloud, { regions: undefined, clients });
    const result = await scanAccount(opts);
    expect(calls).toEqual(['ecs:DescribeRegions']);
    expect(result.regions).toEqual(['ap-southeast-1', 'cn-hangzhou', 'cn-shanghai']);
    expect(opts.events[0]).toEqual({ kind: 'regions', regions: result.regions, discovered: true });

    const started = opts.events.filter((e) => e.kind === 'started').map((e) => `${e.type} ${e.region}`);
    const regional = fakeRegistry().types.filter((t) => t.scope === 'regional').length;
    const global = fakeRegistry().types.filter((t) => t.scope === 'global').length;
    expect(started).toHaveLength(regional * 3 + global);
    expect(started).toContain('ram.user global');
    expect(started).toContain('vpc.vpc ap-southeast-1');

    const addresses = result.resources.map(resourceAddress);
    expect(addresses).toEqual([...cloud.resources.map(resourceAddress)].sort());
    expect(result.gaps).toEqual([]);
    const done = opts.events.find((e) => e.kind === 'done' && e.type === 'ecs.instance' && e.region === 'cn-hangzhou');
    expect(done).toEqual({ kind: 'done', type: 'ecs.instance', region: 'cn-hangzhou', found: 2 });
  });

  const regionsReply = {
    RequestId: 'R1',
    Regions: { Region: ['cn-shanghai', 'cn-hangzhou', 'ap-southeast-1'].map((RegionId) => ({ RegionId, Status: 'available' })) },
  };

  it('uses the given regions, sorted, after checking them against DescribeRegions', async () => {
    nock(HOST).post('/').query(true).matchHeader('x-acs-action', 'DescribeRegions').reply(200, regionsReply);
    const { clients, calls } = clientsWithLog();
    const opts = options(demoCloud(), { clients, regions: ['cn-shanghai', 'cn-hangzhou', 'cn-shanghai'] });
    const result = await scanAccount(opts);
    expect(calls).toEqual(['ecs:DescribeRegions']);
    expect(result.regions).toEqual(['cn-hangzhou', 'cn-shanghai']);
    expect(opts.events[0]).toEqual({ kind: 'regions', regions: ['cn-hangzhou', 'cn-shanghai'], discovered: false });
  });

  it('refuses a region DescribeRegions does not know, naming the valid ones, before scanning anything', async () => {
    nock(HOST).post('/').query(true).matchHeader('x-acs-action', 'DescribeRegions').reply(200, regionsReply);
    const { clients } = clientsWithLog();
    const opts = options(demoCloud(), { clients, regions: ['cn-hangzou', 'cn-shanghai'] });
    await expect(scanAccount(opts)).rejects.toThrow(
      new UserError(
        'unknown region "cn-hangzou" in --regions, --exclude-regions or the config; valid regions: ap-southeast-1, cn-hangzhou, cn-shanghai',
      ),
    );
    expect(opts.events.filter((e) => e.kind === 'started')).toEqual([]);
  });

  it('--exclude-regions leaves a discovered region out, and what a global listing finds there', async () => {
    nock(HOST).post('/').query(true).matchHeader('x-acs-action', 'DescribeRegions').reply(200, regionsReply);
    const { clients, calls } = clientsWithLog();
    const opts = options(demoCloud(), { clients, regions: undefined, excludeRegions: ['cn-hangzhou'] });
    const result = await scanAccount(opts);
    expect(calls).toEqual(['ecs:DescribeRegions']);
    expect(result.regions).toEqual(['ap-southeast-1', 'cn-shanghai']);
    expect(opts.events.filter((e) => e.kind === 'started' && e.region === 'cn-hangzhou')).toEqual([]);
    // oss.bucket is listed globally, and the bucket "assets" is located in cn-hangzhou.
    expect(result.resources.filter((r) => r.region === 'cn-hangzhou')).toEqual([]);
    expect(result.resources.some((r) => r.type === 'ram.user')).toBe(true);
  });

  it('--exclude-regions naming an unknown region is refused like --regions', async () => {
    nock(HOST).post('/').query(true).matchHeader('x-acs-action', 'DescribeRegions').reply(200, regionsReply);
    const opts = options(demoCloud(), { clients: clientsWithLog().clients, regions: undefined, excludeRegions: ['cn-hangzou'] });
    await expect(scanAccount(opts)).rejects.toThrow(/^unknown region "cn-hangzou" in --regions, --exclude-regions or the config/);
    expect(opts.events.filter((e) => e.kind === 'started')).toEqual([]);
  });

  it('uses the given regions as they are when the region list cannot be read', async () => {
    nock(HOST)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeRegions')
      .reply(403, { RequestId: 'R', Code: 'Forbidden.RAM', Message: 'denied' });
    const { clients } = clientsWithLog();
    const result = await scanAccount(options(demoCloud(), { clients, regions: ['cn-hangzhou'] }));
    expect(result.regions).toEqual(['cn-hangzhou']);
  });

  it('does not discover regions when only global types are scanned', async () => {
    const { clients, calls } = clientsWithLog();
    const result = await scanAccount(options(demoCloud(), { clients, regions: undefined, types: ['ram.user', 'ram.access-key'] }));
    expect(calls).toEqual([]);
    expect(result.resources.map((r) => r.id)).toEqual(['LTAI5tDemoTeardownBot01', 'LTAIalice', 'alice', 'teardown-bot']);
  });

  it('turns a failing type/region into a gap naming what to grant, keeps what was listed before the failure, and goes on', async () => {
    const cloud = demoCloud();
    cloud.failures.set(
      'ecs.instance cn-hangzhou',
      cloudError('Forbidden.RAM', 'User not authorized to operate on the specified resource.'),
    );
    cloud.failures.set('ram.user global', new TypeError("Cannot read properties of undefined (reading 'Users')"));
    cloud.failures.set('vpc.vpc cn-shanghai', cloudError('InvalidOperation.ServiceNotEnabled', 'VPC is not enabled in this region', 400));
    const opts = options(cloud);
    const result = await scanAccount(opts);
    expect(result.gaps).toEqual([
      {
        type: 'ecs.instance',
        region: 'cn-hangzhou',
        code: 'Forbidden.RAM',
        message: 'User not authorized to operate on the specified resource.',
        action: 'ecs:DescribeThings',
        fix: 'grant ecs:DescribeThings to the caller (RAM), then plan again',
      },
      {
        type: 'ram.user',
        region: 'global',
        code: 'TypeError',
        message: "Cannot read properties of undefined (reading 'Users')",
        action: 'ram.user list',
        fix: 'a bug in aliyun-teardown: please report it',
      },
      {
        type: 'vpc.vpc',
        region: 'cn-shanghai',
        code: 'InvalidOperation.ServiceNotEnabled',
        message: 'VPC is not enabled in this region',
        action: 'ecs:DescribeThings',
        fix: 'ecs:DescribeThings kept failing after retries; plan again later',
      },
    ]);
    const ids = result.resources.map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('i-'))).toEqual(['i-web']); // the first half of the listing arrived
    expect(ids).toContain('vpc-1');
    expect(ids).toContain('assets');
    expect(opts.events).toContainEqual({ kind: 'failed', type: 'ecs.instance', region: 'cn-hangzhou', found: 1, code: 'Forbidden.RAM' });
  });

  it('reads "not offered in this region" as an empty list, not a gap', async () => {
    const cloud = demoCloud();
    cloud.failures.set('vpc.vpc cn-shanghai', cloudError('InvalidRegionId.NotFound', 'The specified RegionId does not exist.', 404));
    cloud.failures.set('vpc.vpc cn-hangzhou', cloudError('Invalid.RegionId', 'The specified region is invalid.', 400));
    const opts = options(cloud);
    const result = await scanAccount(opts);
    expect(result.gaps).toEqual([]);
    expect(opts.events).toContainEqual({ kind: 'done', type: 'vpc.vpc', region: 'cn-shanghai', found: 0 });
  });

  it('never runs more listings at once than the global limit, nor more of a service than its limit', async () => {
    const cloud = demoCloud();
    let running = 0;
    let most = 0;
    const perService = new Map<string, number>();
    const mostPerService = new Map<string, number>();
    const serviceOf = (type: string) => type.split('.')[0]!;
    cloud.onList = async (type) => {
      const s = serviceOf(type);
      running++;
      perService.set(s, (perService.get(s) ?? 0) + 1);
      most = Math.max(most, running);
      mostPerService.set(s, Math.max(mostPerService.get(s) ?? 0, perService.get(s)!));
      await ticks(5);
      running--;
      perService.set(s, perService.get(s)! - 1);
    };
    const regions = ['r1', 'r2', 'r3', 'r4', 'r5'];
    await scanAccount(options(cloud, { regions, concurrency: { global: 3, perService: { ecs: 1 } as Partial<Record<Service, number>> } }));
    expect(most).toBe(3);
    expect(mostPerService.get('ecs')).toBe(1);
    expect(mostPerService.get('vpc')).toBeGreaterThan(1);
  });

  it('sorts the result by address whatever order listings finish in, and drops duplicates', async () => {
    const cloud = new FakeCloud()
      .add(res('vpc.vpc', 'cn-shanghai', 'vpc-b'))
      .add(res('vpc.vpc', 'cn-hangzhou', 'vpc-z'))
      .add(res('vpc.vpc', 'cn-hangzhou', 'vpc-a'))
      .add(res('vpc.vpc', 'cn-hangzhou', 'vpc-a'))
      .add(res('ecs.instance', 'cn-shanghai', 'i-1'));
    // The region listed first finishes last.
    cloud.onList = async (_type, region) => ticks(region === 'cn-hangzhou' ? 10 : 0);
    const result = await scanAccount(options(cloud, { types: ['vpc.vpc', 'ecs.instance'] }));
    expect(result.resources.map(resourceAddress)).toEqual([
      'ecs.instance/cn-shanghai/i-1',
      'vpc.vpc/cn-hangzhou/vpc-a',
      'vpc.vpc/cn-hangzhou/vpc-z',
      'vpc.vpc/cn-shanghai/vpc-b',
    ]);
  });

  it('makes a failed region discovery a gap of every regional type in every region, and still scans the global ones', async () => {
    nock(HOST).post('/').query(true).reply(403, { RequestId: 'R2', Code: 'Forbidden.RAM', Message: 'User not authorized' });
    const result = await scanAccount(options(demoCloud(), { regions: undefined }));
    expect(result.regions).toEqual([]);
    const regional = fakeRegistry()
      .types.filter((t) => t.scope === 'regional')
      .map((t) => t.type);
    expect(result.gaps.map((g) => `${g.type} ${g.region}`)).toEqual(regional.sort().map((t) => `${t} *`));
    expect(result.gaps[0]).toMatchObject({
      code: 'Forbidden.RAM',
      action: 'ecs:DescribeRegions',
      fix: 'grant ecs:DescribeRegions to the caller (RAM); or pass --regions, then plan again',
    });
    expect(result.resources.map((r) => r.id)).toContain('alice');
  });

  it('stops on abort with an AbortError', async () => {
    const controller = new AbortController();
    const cloud = demoCloud();
    let listings = 0;
    cloud.onList = async () => {
      listings++;
      controller.abort();
    };
    const err = await scanAccount(options(cloud, { signal: controller.signal, concurrency: { global: 1 } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(listings).toBe(1);
  });
});

describe('createPool', () => {
  it('runs tasks in order of arrival within the limit and passes results and errors through', async () => {
    const pool = createPool(2);
    const started: number[] = [];
    const results = await Promise.allSettled(
      [0, 1, 2, 3].map((i) =>
        pool.run(async () => {
          started.push(i);
          await ticks(1);
          if (i === 2) throw new Error('task 2 failed');
          return i * 10;
        }),
      ),
    );
    expect(started).toEqual([0, 1, 2, 3]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([0, 10, 'task 2 failed', 30]);
    expect(() => createPool(0)).toThrow(RangeError);
  });
});
