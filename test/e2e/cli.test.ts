// The e2e helper that decides "deleted twice" in the resume test: it must be able to say yes.
import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/sandbox/index.js';
import { successfulDeletionsPerResource } from './cli.js';

const entry = (product: string, action: string, params: Record<string, string>, code?: string): RequestLogEntry => ({
  time: '2026-01-01T00:00:00Z',
  product,
  action,
  params,
  accessKeyId: 'LTAI5tDemoTeardownBot01',
  status: code ? 400 : 200,
  code,
  mutating: true,
  requestId: 'r',
});

describe('successfulDeletionsPerResource', () => {
  it('counts each resource of a batch, across batches and list forms', () => {
    const counts = successfulDeletionsPerResource([
      entry('ecs', 'DeleteInstances', { 'InstanceId.1': 'i-a', 'InstanceId.2': 'i-b', RegionId: 'cn-hangzhou' }),
      entry('ecs', 'DeleteInstances', { 'InstanceId.1': 'i-b', RegionId: 'cn-hangzhou' }),
      entry('ecs', 'DeleteKeyPairs', { KeyPairNames: '["kp-1"]', RegionId: 'cn-hangzhou' }),
    ]);
    expect(counts.get('ecs DeleteInstances i-a')).toBe(1);
    expect(counts.get('ecs DeleteInstances i-b')).toBe(2);
    expect(counts.get('ecs DeleteKeyPairs kp-1')).toBe(1);
  });

  it('tells resources apart by every naming parameter, and ignores failures, setters and object batches', () => {
    const counts = successfulDeletionsPerResource([
      entry('ram', 'DeleteAccessKey', { UserName: 'alice', UserAccessKeyId: 'k1' }),
      entry('ram', 'DeleteAccessKey', { UserName: 'alice', UserAccessKeyId: 'k2' }),
      entry('vpc', 'DeleteVpc', { VpcId: 'vpc-1', RegionId: 'cn-hangzhou' }),
      entry('vpc', 'DeleteVpc', { VpcId: 'vpc-1', RegionId: 'cn-hangzhou' }, 'InvalidVpcId.NotFound'),
      entry('vpc', 'DeletionProtection', { InstanceId: 'eip-1' }),
      entry('oss', 'DeleteMultipleObjects', { BucketName: 'b' }),
      entry('oss', 'DeleteMultipleObjects', { BucketName: 'b' }),
      entry('oss', 'DeleteBucket', { BucketName: 'b' }),
    ]);
    expect([...counts.entries()].sort()).toEqual([
      ['oss DeleteBucket BucketName=b', 1],
      ['ram DeleteAccessKey UserAccessKeyId=k1 UserName=alice', 1],
      ['ram DeleteAccessKey UserAccessKeyId=k2 UserName=alice', 1],
      ['vpc DeleteVpc VpcId=vpc-1', 1],
    ]);
  });
});
