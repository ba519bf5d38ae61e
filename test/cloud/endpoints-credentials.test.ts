import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { DescribeRegionsRequest } from '@alicloud/ecs20140526';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { resolveCredentials } from '../../src/cloud/credentials.js';

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
