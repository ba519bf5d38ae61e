import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { DescribeRegionsRequest } from '@alicloud/ecs20140526';
import { CloudApiError } from '../../src/cloud/errors.js';
import { MutationRefusedError } from '../../src/cloud/clients.js';
import { providerHarness } from './harness.js';

afterEach(() => nock.cleanAll());

describe('guarded SDK clients', () => {
  it('sends RPC calls to the override host and normalises errors with service and action', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeRegions')
      .reply(403, { RequestId: 'R1', Code: 'Forbidden.RAM', Message: 'User not authorized', HostId: 'ecs.aliyuncs.com' });
    const err = await h.clients
      .ecs('cn-hangzhou')
      .describeRegions(new DescribeRegionsRequest({}))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({
      service: 'ecs',
      action: 'DescribeRegions',
      code: 'Forbidden.RAM',
      statusCode: 403,
      requestId: 'R1',
      kind: 'permanent',
    });
    expect(h.calls).toEqual([{ service: 'ecs', action: 'DescribeRegions', mutating: false, ok: false, code: 'Forbidden.RAM' }]);
  });

  it('refuses mutating calls before sending anything when read-only', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const scope = nock(h.host).post('/').query(true).reply(200, {});
    await expect(h.clients.ecs('cn-hangzhou').deleteInstance({} as never)).rejects.toBeInstanceOf(MutationRefusedError);
    await expect(h.clients.generic('slb', 'cn-hangzhou').call('DeleteLoadBalancer', { LoadBalancerId: 'lb-1' })).rejects.toBeInstanceOf(
      MutationRefusedError,
    );
    expect(scope.isDone()).toBe(false);
    expect(h.calls).toEqual([]);
  });

  it('classifies throttling and honours x-acs-retry-after', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .reply(
        400,
        { RequestId: 'R2', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' },
        { 'x-acs-retry-after': '1500' },
      );
    const err = await h.clients
      .ecs('cn-hangzhou')
      .describeRegions(new DescribeRegionsRequest({}))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'throttled', code: 'Throttling.User', retryAfterMs: 1500 });
  });
});

describe('error classification', () => {
  it('never takes a NotFound about the request itself for a gone resource', async () => {
    const { classifyCode } = await import('../../src/cloud/errors.js');
    expect(classifyCode('InvalidAction.NotFound', 404)).toBe('permanent');
    expect(classifyCode('InvalidAccessKeyId.NotFound', 404)).toBe('permanent');
    expect(classifyCode('InvalidRegionId.NotFound', 404)).toBe('permanent');
    expect(classifyCode('InvalidInstanceId.NotFound', 404)).toBe('gone');
    expect(classifyCode('EntityNotExist.User', 404)).toBe('gone');
    expect(classifyCode('NoSuchBucket', 404)).toBe('gone');
    expect(classifyCode('TotalQpsLimitExceeded', 503)).toBe('throttled');
    expect(classifyCode('MetaOperationQpsLimitExceeded', 503)).toBe('throttled');
  });

  it('retries a state that is changing, RDS spelling included', async () => {
    const { classifyCode } = await import('../../src/cloud/errors.js');
    expect(classifyCode('IncorrectDBInstanceState', 403)).toBe('dependency');
    expect(classifyCode('IncorrectInstanceStatus', 403)).toBe('dependency');
  });
});
