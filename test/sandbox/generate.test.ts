import pino from 'pino';
import { describe, expect, it } from 'vitest';
import * as RamModels from '@alicloud/ram20150501';
import { CloudClients } from '../../src/cloud/clients.js';
import { getCallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_CONFIG } from '../../src/config/load.js';
import { planTeardown } from '../../src/plan/index.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { GENERATED_CALLER, generateScenario } from '../../src/sandbox/scenarios/generate.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { admin } from './admin-client.js';
import { ramClient, rpc } from './clients.js';

const REGIONS = ['cn-hangzhou', 'cn-shanghai'];
const PER_TYPE = 4;

type Counts = Record<string, number>;

function countBy<T>(items: readonly T[], key: (item: T) => string): Counts {
  const counts: Counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('generateScenario', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateScenario({ regions: 2, perType: 3, objectsPerBucket: 5, seed: 7 });
    expect(generateScenario({ regions: 2, perType: 3, objectsPerBucket: 5, seed: 7 })).toEqual(a);
    expect(generateScenario({ regions: 2, perType: 3, objectsPerBucket: 5, seed: 8 })).not.toEqual(a);
  });

  it('refuses sizes it cannot produce', () => {
    expect(() => generateScenario({ regions: 0, perType: 1, objectsPerBucket: 0, seed: 1 })).toThrow(/regions/);
    expect(() => generateScenario({ regions: 1, perType: -1, objectsPerBucket: 0, seed: 1 })).toThrow(/perType/);
  });

  it('sizes global types by globalPerType when given, by perType otherwise', () => {
    type Sections = { ram: { users: unknown[]; groups: unknown[] }; alidns: { domains: unknown[] }; ecs: { instances: unknown[] } };
    const wide = generateScenario({ regions: 2, perType: 3, globalPerType: 10, objectsPerBucket: 0, seed: 1 }) as unknown as Sections;
    // The caller's own user comes on top of the generated ones.
    expect(wide.ram.users).toHaveLength(11);
    expect(wide.ram.groups).toHaveLength(10);
    expect(wide.alidns.domains).toHaveLength(10);
    expect(wide.ecs.instances).toHaveLength(6);
    const plain = generateScenario({ regions: 2, perType: 3, objectsPerBucket: 0, seed: 1 }) as unknown as Sections;
    expect(plain.ram.users).toHaveLength(4);
    expect(() => generateScenario({ regions: 1, perType: 1, globalPerType: 1.5, objectsPerBucket: 0, seed: 1 })).toThrow(/globalPerType/);
  });

  it('has a section for every product the sandbox emulates', () => {
    const scenario = generateScenario({ regions: 1, perType: 1, objectsPerBucket: 0, seed: 1 });
    expect(Object.keys(scenario).sort()).toEqual(
      [
        'account',
        'alb',
        'alidns',
        'bss',
        'cdn',
        'cen',
        'cs',
        'domain',
        'ecs',
        'fc',
        'kvstore',
        'mongodb',
        'nas',
        'polardb',
        'ros',
        'kms',
        'nlb',
        'oss',
        'ram',
        'rds',
        'resourcecenter',
        'slb',
        'sls',
        'vpc',
      ].sort(),
    );
  });

  it('varies RDS: primaries with read-only replicas, prepaid and pay-as-you-go primaries', () => {
    const scenario = generateScenario({ regions: 1, perType: 8, objectsPerBucket: 0, seed: 's' });
    const rds = (scenario.rds as { instances: Array<{ id: string; type: string; payType?: string; masterInstanceId?: string }> }).instances;
    const ids = new Set(rds.map((i) => i.id));
    const replicas = rds.filter((i) => i.type === 'Readonly');
    expect(replicas).toHaveLength(2);
    for (const replica of replicas) expect(ids.has(replica.masterInstanceId ?? '')).toBe(true);
    expect(rds.filter((i) => i.payType === 'Prepaid')).toHaveLength(2);
    expect(rds.filter((i) => i.type === 'Primary' && i.payType === 'Postpaid')).toHaveLength(4);
  });

  it('produces a scenario every product seeds, with perType resources per region', async () => {
    const scenario = generateScenario({ regions: 2, perType: 3, objectsPerBucket: 1200, seed: 'bench' });
    const sb = await startSandbox({ scenario });
    try {
      expect(sb.callerAccessKey).toEqual(GENERATED_CALLER);
      for (const region of REGIONS) {
        const instances = await rpc(sb, '2014-05-26', 'DescribeInstances', { RegionId: region });
        expect(instances.TotalCount).toBe(3);
        const vpcs = await rpc(sb, '2016-04-28', 'DescribeVpcs', { RegionId: region });
        expect(vpcs.TotalCount).toBe(3);
        const lbs = await rpc(sb, '2014-05-15', 'DescribeLoadBalancers', { RegionId: region });
        expect(lbs.TotalCount).toBe(3);
        const rds = await rpc(sb, '2014-08-15', 'DescribeDBInstances', { RegionId: region });
        expect(rds.TotalRecordCount).toBe(3);
      }
      const users = await ramClient(sb).listUsers(new RamModels.ListUsersRequest({ maxItems: 1000 }));
      expect(users.body?.users?.user).toHaveLength(4);
      const zones = await rpc(sb, '2015-01-09', 'DescribeDomains', {});
      expect(zones.TotalCount).toBe(3);
      const registrations = await rpc(sb, '2018-01-29', 'QueryDomainList', { PageNum: '1', PageSize: '100' });
      expect(registrations.TotalItemNum).toBe(3);
      const balance = (await rpc(sb, '2017-12-14', 'QueryAccountBalance', {})) as { Data?: { AvailableCashAmount?: string } };
      expect(balance.Data?.AvailableCashAmount).toMatch(/^\d+\.\d{2}$/);
      const status = (await rpc(sb, '2022-12-01', 'GetResourceCenterServiceStatus', {})) as { ServiceStatus?: string };
      expect(status.ServiceStatus).toBe('Enabled');
      const state = (await admin(sb, 'GET', 'state')).json as { products: { oss: { buckets: Array<{ name: string; region: string }> } } };
      expect(state.products.oss.buckets).toHaveLength(6);
    } finally {
      await sb.close();
    }
  });

  it('plans through the real tool without a scan warning, with perType resources of every type', async () => {
    const scenario = generateScenario({ regions: 2, perType: PER_TYPE, objectsPerBucket: 3, seed: 'plan' });
    const sb = await startSandbox({ scenario, speed: 1000 });
    try {
      const clients = new CloudClients({
        credentials: { accessKeyId: sb.callerAccessKey.id, accessKeySecret: sb.callerAccessKey.secret, source: 'static' },
        mode: 'read-only',
        endpointOverride: sb.url,
      });
      const plan = await planTeardown({
        registry: defaultRegistry(),
        config: DEFAULT_CONFIG,
        clients,
        caller: await getCallerIdentity(clients),
        toolVersion: 'test',
        signal: new AbortController().signal,
        log: pino({ level: 'silent' }),
      });

      expect(plan.gaps).toEqual([]);
      expect(plan.scope.regions).toEqual([...REGIONS].sort());
      const everything = [...plan.resources, ...plan.kept, ...plan.blocked];
      const counts = countBy(everything, (r) => r.type);
      const regional = ['vpc.vpc', 'vpc.vswitch', 'vpc.eip', 'ecs.security-group', 'ecs.instance', 'slb.load-balancer'];
      // The generated data disks, plus each instance's system disk (listed as released with it).
      const disks = everything.filter((r) => r.type === 'ecs.disk');
      const systemDisks = disks.filter((r) => ('resource' in r ? r.resource.properties : r.properties)?.diskType === 'system');
      expect(systemDisks).toHaveLength(counts['ecs.instance']!);
      expect(disks.length - systemDisks.length, 'ecs.disk').toBe(REGIONS.length * PER_TYPE);
      for (const type of [
        ...regional,
        'rds.instance',
        'oss.bucket',
        'kvstore.instance',
        'polardb.cluster',
        'mongodb.instance',
        'nas.file-system',
        'nas.mount-target',
        'ros.stack',
      ]) {
        expect(counts[type], type).toBe(REGIONS.length * PER_TYPE);
        expect(
          countBy(
            everything.filter((r) => r.type === type),
            (r) => r.region,
          ),
          type,
        ).toEqual(Object.fromEntries(REGIONS.map((region) => [region, PER_TYPE])));
      }
      for (const type of ['ram.group', 'ram.role', 'ram.policy', 'dns.domain', 'dns.record', 'domain.registration', 'bss.subscription'])
        expect(counts[type], type).toBe(PER_TYPE);
      // The generated users plus the caller, teardown-bot.
      expect(counts['ram.user']).toBe(PER_TYPE + 1);
    } finally {
      await sb.close();
    }
  });
});
