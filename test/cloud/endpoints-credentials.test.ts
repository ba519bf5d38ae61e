import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import dns from 'node:dns';
import { DescribeRegionsRequest } from '@alicloud/ecs20140526';
import { ListProjectRequest } from '@alicloud/sls20201230';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { resolveCredentials } from '../../src/cloud/credentials.js';
import { isLocalhostSubdomain, resolveLocalhostNames } from '../../src/cloud/localhost-names.js';

afterEach(() => nock.cleanAll());

const credentials = { accessKeyId: 'AKID', accessKeySecret: 'SECRET', source: 'static' } as const;

describe('endpoints', () => {
  it('a per-service endpoint from the config is used for that service, with {region} filled in', async () => {
    const clients = new CloudClients({ credentials, mode: 'read-only', endpoints: { ecs: 'ecs-vpc.{region}.example.test' } });
    const scope = nock('https://ecs-vpc.cn-shanghai.example.test')
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeRegions')
      .reply(200, { RequestId: 'R', Regions: { Region: [{ RegionId: 'cn-shanghai' }] } });
    const res = await clients.ecs('cn-shanghai').describeRegions(new DescribeRegionsRequest({}));
    expect(res.body?.regions?.region?.[0]?.regionId).toBe('cn-shanghai');
    expect(scope.isDone()).toBe(true);
  });

  it('ALIYUN_TEARDOWN_ENDPOINT sends RPC products and OSS to one address, OSS with the bucket in the Host header', async () => {
    const clients = new CloudClients({ credentials, mode: 'read-only', endpointOverride: 'http://127.0.0.9:8790' });
    const rpc = nock('http://127.0.0.9:8790')
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeRegions')
      .reply(200, { RequestId: 'R', Regions: { Region: [] } });
    await clients.ecs('cn-hangzhou').describeRegions(new DescribeRegionsRequest({}));
    expect(rpc.isDone()).toBe(true);
    const oss = nock('http://127.0.0.9:8790')
      .matchHeader('host', /^logs\.oss-cn-hangzhou\.aliyuncs\.com/)
      .get('/')
      .query((q) => q['list-type'] === '2')
      .reply(
        200,
        '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>logs</Name><Prefix></Prefix><MaxKeys>1</MaxKeys><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>',
        { 'content-type': 'application/xml', 'x-oss-request-id': 'R' },
      );
    const listed = await clients.oss('cn-hangzhou', 'logs').listV2({ 'max-keys': '1' }, {});
    expect(listed.objects ?? []).toEqual([]);
    expect(oss.isDone()).toBe(true);
  });
});

describe('Log Service endpoints', () => {
  it('in the cloud: the region endpoint <region>.log.aliyuncs.com, a project at <project>.<region>.log.aliyuncs.com', async () => {
    const clients = new CloudClients({ credentials, mode: 'read-only' });
    const list = nock('https://cn-shanghai.log.aliyuncs.com').get('/').query(true).reply(200, { count: 0, total: 0, projects: [] });
    const get = nock('https://web.cn-shanghai.log.aliyuncs.com')
      .get('/')
      .matchHeader('authorization', /^LOG AKID:/)
      .reply(200, { projectName: 'web' });
    await clients.sls('cn-shanghai').listProject(new ListProjectRequest({}));
    expect((await clients.sls('cn-shanghai').getProject('web')).body?.projectName).toBe('web');
    expect(list.isDone() && get.isDone()).toBe(true);
  });

  it('through a loopback ALIYUN_TEARDOWN_ENDPOINT: <project>.<region>.localhost:<port>, which resolves to 127.0.0.1', async () => {
    const clients = new CloudClients({ credentials, mode: 'read-only', endpointOverride: 'http://127.0.0.1:8790' });
    const get = nock('http://web.cn-hangzhou.localhost:8790').get('/').reply(200, { projectName: 'web' });
    expect((await clients.sls('cn-hangzhou').getProject('web')).body?.projectName).toBe('web');
    expect(get.isDone()).toBe(true);
    const address = await new Promise<string>((resolve, reject) =>
      dns.lookup('web.cn-hangzhou.localhost', (err, a) => (err ? reject(err) : resolve(a))),
    );
    expect(address).toBe('127.0.0.1');
  });
});

describe('names under localhost (RFC 6761)', () => {
  it('are recognised as such, and nothing else is', () => {
    expect(isLocalhostSubdomain('web.cn-hangzhou.localhost')).toBe(true);
    expect(isLocalhostSubdomain('a.localhost.')).toBe(true);
    expect(isLocalhostSubdomain('localhost')).toBe(false);
    expect(isLocalhostSubdomain('localhost.example.com')).toBe(false);
    expect(isLocalhostSubdomain('evil-localhost')).toBe(false);
    expect(isLocalhostSubdomain('cn-hangzhou.log.aliyuncs.com')).toBe(false);
  });

  it('resolve to 127.0.0.1 through dns.lookup, as sockets ask (also when all addresses are asked for)', async () => {
    resolveLocalhostNames();
    const all = await new Promise<unknown>((resolve, reject) =>
      dns.lookup('x.y.localhost', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(all).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});

describe('credentials', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  function isolatedHome(): string {
    const home = mkdtempSync(join(tmpdir(), 'teardown-cred-'));
    process.env.HOME = home;
    for (const k of Object.keys(process.env)) if (k.startsWith('ALIBABA_CLOUD_') || k.startsWith('ALICLOUD_')) delete process.env[k];
    process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
    return home;
  }

  it('reads a named aliyun CLI profile with --profile', async () => {
    const home = isolatedHome();
    try {
      mkdirSync(join(home, '.aliyun'));
      writeFileSync(
        join(home, '.aliyun', 'config.json'),
        JSON.stringify({
          current: 'default',
          profiles: [
            { name: 'default', mode: 'AK', access_key_id: 'AK_DEFAULT', access_key_secret: 'S_DEFAULT', region_id: 'cn-hangzhou' },
            { name: 'teardown', mode: 'AK', access_key_id: 'AK_TEARDOWN', access_key_secret: 'S_TEARDOWN', region_id: 'cn-hangzhou' },
          ],
        }),
      );
      const c = await resolveCredentials({ profile: 'teardown' });
      expect(c).toMatchObject({ accessKeyId: 'AK_TEARDOWN', accessKeySecret: 'S_TEARDOWN', source: 'profile teardown' });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('takes the environment variables first', async () => {
    const home = isolatedHome();
    try {
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'AK_ENV';
      process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'S_ENV';
      expect(await resolveCredentials()).toMatchObject({ accessKeyId: 'AK_ENV', accessKeySecret: 'S_ENV' });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('with nothing configured, says in one line how to provide credentials', async () => {
    const home = isolatedHome();
    try {
      const err = await resolveCredentials().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^no Alibaba Cloud credentials found/);
      expect((err as Error).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
      expect((err as Error).message).toContain('--sandbox');
      expect((err as Error).message).not.toContain('\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
