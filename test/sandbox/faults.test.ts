import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/sandbox/faults.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { admin } from './admin-client.js';
import { sdkError, stsClient } from './clients.js';
import { ossClient, ossError } from './oss/harness.js';

describe('FaultInjector', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: string) => {
      const f = new FaultInjector(seed, { throttleRate: 0.3, errorRate5xx: 0.2, dropRate: 0.1 });
      return Array.from({ length: 200 }, () => {
        const d = f.decide('DescribeInstances', 0);
        return d.kind === 'error' ? d.error.code : d.kind;
      });
    };
    expect(run('a')).toEqual(run('a'));
    expect(run('a')).not.toEqual(run('b'));
    const outcomes = new Set(run('a'));
    expect(outcomes).toEqual(new Set(['pass', 'drop', 'Throttling.User', 'ServiceUnavailable']));
  });

  it('limits an action per second of sandbox time and tells the client when to retry', () => {
    const f = new FaultInjector('s', { rateLimits: { DeleteUser: 2 } });
    expect(f.decide('DeleteUser', 1000).kind).toBe('pass');
    expect(f.decide('DeleteUser', 1100).kind).toBe('pass');
    const third = f.decide('DeleteUser', 1400);
    expect(third).toMatchObject({ kind: 'error', retryAfterMs: 600 });
    expect(third.kind === 'error' && third.error.code).toBe('Throttling.User');
    expect(f.decide('ListUsers', 1400).kind).toBe('pass');
    expect(f.decide('DeleteUser', 2000).kind).toBe('pass');
  });

  it('waits out the configured latency through its sleep function', async () => {
    const slept: number[] = [];
    const f = new FaultInjector('s', { latencyMs: 250 }, async (ms) => {
      slept.push(ms);
    });
    await f.delay();
    f.configure({});
    await f.delay();
    expect(slept).toEqual([250]);
  });

  it('refuses settings it does not understand', () => {
    const f = new FaultInjector('s');
    expect(() => f.configure({ throttleRate: 2 })).toThrow(/throttleRate/);
    expect(() => f.configure({ latency: 5 } as never)).toThrow(/unknown fault setting "latency"/);
  });
});

describe('faults through the server', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo', throttleRate: 1 });
  });
  afterAll(() => sb.close());

  it('throttleRate 1 throttles every request with Throttling.User (400)', async () => {
    const err = await sdkError(stsClient(sb).getCallerIdentity());
    expect(err).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
    expect(err.data.Message).toBe('Request was denied due to user flow control.');
  });

  it('errorRate5xx 1 answers ServiceUnavailable (503)', async () => {
    expect((await admin(sb, 'POST', 'faults', { errorRate5xx: 1 })).status).toBe(200);
    expect(await sdkError(stsClient(sb).getCallerIdentity())).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
  });

  it('a per-action rate limit throttles the call beyond it, with x-acs-retry-after', async () => {
    await admin(sb, 'POST', 'faults', { rateLimits: { GetCallerIdentity: 1 } });
    await stsClient(sb).getCallerIdentity();
    const err = (await stsClient(sb)
      .getCallerIdentity()
      .then(
        () => undefined,
        (e: unknown) => e,
      )) as { code?: string; retryAfter?: number } | undefined;
    expect(err?.code).toBe('Throttling.User');
    expect(err?.retryAfter).toBeGreaterThan(0);
  });

  it('dropRate 1 destroys the connection without an answer', async () => {
    await admin(sb, 'POST', 'faults', { dropRate: 1 });
    await expect(stsClient(sb).getCallerIdentity()).rejects.toThrow();
    expect(sb.requestLog().at(-1)).toMatchObject({ action: 'GetCallerIdentity', code: 'ConnectionDropped' });
    await admin(sb, 'POST', 'faults', {});
    expect((await stsClient(sb).getCallerIdentity()).statusCode).toBe(200);
  });

  it('applies to OSS too, with OSS codes (503), after the signature', async () => {
    const oss = ossClient(
      { port: Number(new URL(sb.url).port) },
      { accessKeyId: sb.callerAccessKey.id, accessKeySecret: sb.callerAccessKey.secret },
    );
    await admin(sb, 'POST', 'faults', { throttleRate: 1 });
    expect(await ossError(oss.listBuckets({}))).toMatchObject({ status: 503, code: 'MetaOperationQpsLimitExceeded' });
    expect(sb.requestLog().at(-1)).toMatchObject({
      product: 'oss',
      action: 'ListBuckets',
      status: 503,
      code: 'MetaOperationQpsLimitExceeded',
    });
    await admin(sb, 'POST', 'faults', { errorRate5xx: 1 });
    expect(await ossError(oss.getBucketStat('demo-assets'))).toMatchObject({ status: 503, code: 'ServiceUnavailable' });
    await admin(sb, 'POST', 'faults', { dropRate: 1 });
    await expect(oss.getBucketStat('demo-assets')).rejects.toThrow();
    expect(sb.requestLog().at(-1)).toMatchObject({ product: 'oss', action: 'GetBucketStat', code: 'ConnectionDropped' });
    await admin(sb, 'POST', 'faults', {});
    expect((await oss.getBucketStat('demo-assets')).stat.ObjectCount).toBe('2500');
  });

  it('reports the latency in force', async () => {
    const { json } = await admin(sb, 'POST', 'faults', { latencyMs: 1 });
    expect(json).toMatchObject({ latencyMs: 1, throttleRate: 0 });
    expect((await stsClient(sb).getCallerIdentity()).statusCode).toBe(200);
    expect((await admin(sb, 'POST', 'faults', { latencyMs: -1 })).status).toBe(400);
  });
});
