import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../../../src/sandbox/framework.js';
import { ossProduct } from '../../../src/sandbox/oss/index.js';
import demoOss from '../../../src/sandbox/scenarios/demo/oss.js';
import { ossClient, startOssServer, type OssTestServer } from './harness.js';

describe('the demo section, as ../scenarios/README.md describes it', () => {
  let server: OssTestServer;
  beforeAll(async () => {
    server = await startOssServer(demoOss.oss);
  });
  afterAll(() => server.close());

  it('lists the five demo buckets with their locations', async () => {
    const page = await ossClient(server).listBuckets({});
    expect(page.buckets?.map((b) => [b.name, b.region])).toEqual([
      ['demo-assets', 'oss-cn-hangzhou'],
      ['demo-compliance', 'oss-ap-southeast-1'],
      ['demo-logs-versioned', 'oss-cn-shanghai'],
      ['demo-uploads', 'oss-cn-hangzhou'],
      ['demo-worm-pending', 'oss-cn-hangzhou'],
    ]);
  });

  it('holds what each bucket is there to exercise', async () => {
    const hz = ossClient(server);
    expect((await hz.getBucketStat('demo-assets')).stat.ObjectCount).toBe('2500');
    expect((await hz.getBucketStat('demo-uploads')).stat).toMatchObject({
      ObjectCount: '3',
      MultipartUploadCount: '2',
      LiveChannelCount: '1',
    });
    expect((await hz.getBucketWorm('demo-worm-pending')).state).toBe('InProgress');
    expect((await hz.getBucketStat('demo-worm-pending')).stat.ObjectCount).toBe('5');
    const sh = ossClient(server, { region: 'oss-cn-shanghai', bucket: 'demo-logs-versioned' });
    expect((await sh.getBucketVersioning('demo-logs-versioned')).versionStatus).toBe('Enabled');
    const versions = await sh.getBucketVersions({ maxKeys: 1000 });
    expect(versions.deleteMarker).toHaveLength(2);
    expect(versions.objects.length).toBeGreaterThan(6);
    const sg = ossClient(server, { region: 'oss-ap-southeast-1' });
    expect(await sg.getBucketWorm('demo-compliance')).toMatchObject({ state: 'Locked', days: '3650' });
  });
});

describe('scenario validation', () => {
  const seed = (oss: unknown): void => ossProduct.seed(new World('1', 1, 's'), { oss });

  it('names the path and the problem', () => {
    expect(() => seed({ buckets: [{ name: 'Bad_Name', region: 'cn-hangzhou' }] })).toThrow(/oss\.buckets\[0\]\.name/);
    expect(() => seed({ buckets: [{ name: 'ok-name', region: 'oss-cn-hangzhou' }] })).toThrow(/oss\.buckets\[0\]\.region/);
    expect(() => seed({ buckets: [{ name: 'ok-name', region: 'cn-hangzhou', objects: [{ key: 'k', versions: 2 }] }] })).toThrow(
      /oss\.buckets\[0\]\.objects\[0\]: several versions or a delete marker need versioning/,
    );
    expect(() => seed({ buckets: [{ name: 'ok-name', region: 'cn-hangzhou', worm: { state: 'Frozen', days: 1 } }] })).toThrow(
      /oss\.buckets\[0\]\.worm\.state/,
    );
    expect(() =>
      seed({
        buckets: [
          { name: 'same-name', region: 'cn-hangzhou' },
          { name: 'same-name', region: 'cn-shanghai' },
        ],
      }),
    ).toThrow(/duplicate bucket name/);
  });

  it('is deterministic: the same scenario gives the same ids', () => {
    const dump = (): unknown => {
      const world = new World('1', 1, 'same-seed');
      ossProduct.seed(world, { oss: demoOss.oss });
      return (ossProduct.dump(world) as { buckets: Array<{ multipartUploads: unknown }> }).buckets.map((b) => b.multipartUploads);
    };
    expect(dump()).toEqual(dump());
  });
});
