// Faults on OSS, through ali-oss: OSS's own 503 codes (src/sandbox/oss/faults.ts), drops as on RPC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/sandbox/faults.js';
import { isMetaOperation } from '../../../src/sandbox/oss/faults.js';
import { ACCESS_KEY_ID, ossClient, ossError, startOssServer, type OssTestServer } from './harness.js';

const BUCKETS = { buckets: [{ name: 'fault-bucket', region: 'cn-hangzhou', objects: [{ key: 'a.txt', body: 'a' }] }] };

describe('OSS faults through ali-oss', () => {
  let server: OssTestServer;
  const faults = new FaultInjector('oss-faults');
  beforeAll(async () => {
    server = await startOssServer(BUCKETS, faults);
  });
  afterAll(() => server.close());

  it('passes every request when no fault is set', async () => {
    faults.configure({});
    expect((await ossClient(server).getBucketStat('fault-bucket')).stat.ObjectCount).toBe('1');
  });

  it('throttles meta operations with 503 MetaOperationQpsLimitExceeded', async () => {
    faults.configure({ throttleRate: 1 });
    const err = await ossError(ossClient(server).listBuckets({}));
    expect(err).toMatchObject({
      status: 503,
      code: 'MetaOperationQpsLimitExceeded',
      message: 'Qps limit for the meta operation is exceeded',
    });
    expect(err.requestId).toMatch(/.+/);
    expect(await ossError(ossClient(server).getBucketInfo('fault-bucket'))).toMatchObject({
      status: 503,
      code: 'MetaOperationQpsLimitExceeded',
    });
  });

  it('throttles object operations with 503 TotalQpsLimitExceeded', async () => {
    faults.configure({ throttleRate: 1 });
    const client = ossClient(server, { bucket: 'fault-bucket' });
    expect(await ossError(client.list({ 'max-keys': 10 }))).toMatchObject({
      status: 503,
      code: 'TotalQpsLimitExceeded',
      message: 'Max total qps limit is exceeded',
    });
    expect(await ossError(client.deleteMulti(['a.txt']))).toMatchObject({ status: 503, code: 'TotalQpsLimitExceeded' });
    // Refused before the operation ran: the object is still there.
    faults.configure({});
    expect((await client.list({ 'max-keys': 10 })).objects.map((o) => o.name)).toEqual(['a.txt']);
  });

  it('a per-action rate limit applies to OSS action names', async () => {
    faults.configure({ rateLimits: { GetBucketStat: 1 } });
    const client = ossClient(server);
    await client.getBucketStat('fault-bucket');
    expect(await ossError(client.getBucketStat('fault-bucket'))).toMatchObject({ status: 503, code: 'MetaOperationQpsLimitExceeded' });
    expect((await client.getBucketInfo('fault-bucket')).bucket).toBeDefined();
  });

  it('errorRate5xx 1 answers 503 ServiceUnavailable', async () => {
    faults.configure({ errorRate5xx: 1 });
    expect(await ossError(ossClient(server).getBucketStat('fault-bucket'))).toMatchObject({
      status: 503,
      code: 'ServiceUnavailable',
      message: 'Thread pool is almost full, please retry later',
    });
  });

  it('dropRate 1 destroys the connection without an answer, and logs it', async () => {
    faults.configure({ dropRate: 1 });
    const err = await ossError(ossClient(server).getBucketStat('fault-bucket'));
    expect(err.status).not.toBe(200);
    expect(server.log.at(-1)).toMatchObject({ action: 'GetBucketStat', bucket: 'fault-bucket', status: 0, code: 'ConnectionDropped' });
  });

  it('faults strike after the signature: a bad signature is still SignatureDoesNotMatch', async () => {
    faults.configure({ throttleRate: 1 });
    const err = await ossError(ossClient(server, { accessKeyId: ACCESS_KEY_ID, accessKeySecret: 'wrong' }).listBuckets({}));
    expect(err).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });
});

describe('isMetaOperation', () => {
  it('counts service, bucket and LiveChannel operations, not object operations', () => {
    for (const action of ['ListBuckets', 'GetBucketInfo', 'DeleteBucket', 'AbortBucketWorm', 'ListLiveChannel', 'DeleteLiveChannel'])
      expect(isMetaOperation(action), action).toBe(true);
    for (const action of [
      'ListObjects',
      'ListObjectsV2',
      'ListObjectVersions',
      'DeleteMultipleObjects',
      'DeleteObject',
      'AbortMultipartUpload',
    ])
      expect(isMetaOperation(action), action).toBe(false);
  });
});
