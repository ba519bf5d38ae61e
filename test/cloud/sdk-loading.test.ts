/**
 * Product SDKs are loaded when first used (src/cloud/sdk.ts): a stand-in acts as the real
 * export once loaded, and the tool's own modules load no product SDK until a client of that
 * product is built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lazySdk } from '../../src/cloud/sdk.js';

interface CountingSdk {
  DescribeThingsRequest: new (map?: { thingId?: string }) => { thingId?: string };
  default: new (config: string) => { config: string };
  double(n: number): number;
}
const loads = (): number => (globalThis as { countingSdkLoads?: number }).countingSdkLoads ?? 0;

describe('lazySdk', () => {
  it('loads the package at the first construction, call or static read, once, and hands out the real classes', () => {
    const before = loads();
    const sdk = lazySdk<CountingSdk>(fileURLToPath(new URL('./fixtures/counting-sdk.cjs', import.meta.url)));
    const { DescribeThingsRequest, double } = sdk;
    const Client = sdk.default;
    expect(loads()).toBe(before);

    const request = new DescribeThingsRequest({ thingId: 't-1' });
    expect(loads()).toBe(before + 1);
    expect(request.thingId).toBe('t-1');
    expect(request).toBeInstanceOf(DescribeThingsRequest);
    // The real class, statics included (what an SDK client relies on).
    expect(request.constructor.name).toBe('DescribeThingsRequest');
    expect((DescribeThingsRequest as unknown as { names(): object }).names()).toEqual({ thingId: 'ThingId' });
    expect(new Client('c').config).toBe('c');
    expect(double(21)).toBe(42);
    expect(loads()).toBe(before + 1);
  });

  it('does not look like a promise, so awaiting a namespace by mistake does not hang', async () => {
    const sdk = lazySdk<CountingSdk>(fileURLToPath(new URL('./fixtures/counting-sdk.cjs', import.meta.url)));
    expect(await Promise.resolve(sdk)).toBe(sdk);
  });
});

describe('the built tool', () => {
  const dist = (path: string) => new URL(`../../dist/${path}`, import.meta.url).href;

  it('loads no product SDK at start-up, and one product SDK with its first client', () => {
    if (!existsSync(fileURLToPath(dist('cli/run.js')))) throw new Error('dist/ is missing: build first (npm run build, or npm test)');
    // A fresh process: this test worker shares its module cache with other test files.
    const script = `
      const ids = ['@alicloud/ecs20140526', '@alicloud/vpc20160428', '@alicloud/rds20140815', '@alicloud/ram20150501',
        '@alicloud/alidns20150109', '@alicloud/bssopenapi20171214', '@alicloud/cdn20180510', '@alicloud/r-kvstore20150101',
        '@alicloud/ros20190910', '@alicloud/cs20151215', '@alicloud/sls20201230', 'ali-oss'];
      await import(${JSON.stringify(dist('cli/run.js'))});
      const { defaultRegistry } = await import(${JSON.stringify(dist('providers/index.js'))});
      const { CloudClients } = await import(${JSON.stringify(dist('cloud/clients.js'))});
      const { staticCredentials } = await import(${JSON.stringify(dist('cloud/credentials.js'))});
      const { isSdkLoaded } = await import(${JSON.stringify(dist('cloud/sdk.js'))});
      const loaded = () => ids.filter(isSdkLoaded);
      const seen = { atStart: loaded() };
      defaultRegistry();
      const clients = new CloudClients({ credentials: staticCredentials('id', 'secret'), mode: 'read-only' });
      seen.withRegistry = loaded();
      clients.oss('cn-hangzhou');
      seen.afterOss = loaded();
      clients.ecs('cn-hangzhou');
      seen.afterEcs = loaded();
      process.stdout.write(JSON.stringify(seen));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      atStart: [],
      withRegistry: [],
      afterOss: ['ali-oss'],
      afterEcs: ['@alicloud/ecs20140526', 'ali-oss'],
    });
  });
});
