/**
 * Read calls through `CloudClients.retrying()` follow the cloud retry policy; mutating calls
 * and clients not built retrying make one attempt. Against the sandbox with injected faults.
 */
import { DescribeVpcsRequest, DeleteVpcRequest } from '@alicloud/vpc20160428';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClients, type ApiCallEvent } from '../../src/cloud/clients.js';
import { AbortError } from '../../src/errors.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'demo', port: 0, host: '127.0.0.1' });
});
afterAll(() => sandbox.close());

function clients(mode: 'read-only' | 'read-write', calls: ApiCallEvent[]): CloudClients {
  return new CloudClients({
    credentials: { accessKeyId: sandbox.callerAccessKey.id, accessKeySecret: sandbox.callerAccessKey.secret, source: 'static' },
    mode,
    endpointOverride: sandbox.url,
    onCall: (e) => calls.push(e),
  });
}
const describeVpcs = (c: CloudClients) => c.vpc('cn-hangzhou').describeVpcs(new DescribeVpcsRequest({ regionId: 'cn-hangzhou' }));

describe('CloudClients.retrying', () => {
  it('retries a throttled read until it passes, and a plain client makes one attempt', async () => {
    const calls: ApiCallEvent[] = [];
    sandbox.setFaults({ throttleRate: 1 });
    await expect(describeVpcs(clients('read-only', calls))).rejects.toMatchObject({ code: 'Throttling.User', kind: 'throttled' });
    expect(calls).toHaveLength(1);

    calls.length = 0;
    const retried: number[] = [];
    const c = clients('read-only', calls).retrying({
      baseMs: 1,
      maxMs: 5,
      onRetry: (r) => {
        retried.push(r.attempt);
        if (r.attempt === 3) sandbox.setFaults({}); // the third attempt passes
      },
    });
    const res = await describeVpcs(c);
    expect(res.body?.vpcs?.vpc?.length).toBeGreaterThan(0);
    expect(calls.map((c) => c.code ?? 'ok')).toEqual(['Throttling.User', 'Throttling.User', 'ok']);
    expect(retried).toEqual([2, 3]);
  });

  it('gives up with the real error at the deadline, and stops at once when aborted', async () => {
    sandbox.setFaults({ errorRate5xx: 1 });
    try {
      const calls: ApiCallEvent[] = [];
      // A clock only the backoffs move (9 ms each): the 35 ms deadline allows exactly 4 attempts.
      const clock = { now: 0 };
      const timing = {
        deadlineMs: 35,
        baseMs: 10,
        maxMs: 10,
        random: () => 0.9999,
        now: () => clock.now,
        sleep: async (ms: number) => void (clock.now += Math.ceil(ms)),
      };
      await expect(describeVpcs(clients('read-only', calls).retrying(timing))).rejects.toMatchObject({ code: 'ServiceUnavailable' });
      expect(calls.map((c) => c.code)).toEqual(Array(4).fill('ServiceUnavailable'));

      const controller = new AbortController();
      const pending = describeVpcs(
        clients('read-only', []).retrying({ baseMs: 60_000, maxMs: 60_000, random: () => 0.99, signal: controller.signal }),
      );
      setTimeout(() => controller.abort(), 20);
      await expect(pending).rejects.toBeInstanceOf(AbortError);
    } finally {
      sandbox.setFaults({});
    }
  });

  it('never retries a mutating call', async () => {
    sandbox.setFaults({ throttleRate: 1 });
    try {
      const calls: ApiCallEvent[] = [];
      const c = clients('read-write', calls).retrying({ baseMs: 1, maxMs: 5 });
      await expect(
        c.vpc('cn-hangzhou').deleteVpc(new DeleteVpcRequest({ regionId: 'cn-hangzhou', vpcId: 'vpc-none' })),
      ).rejects.toMatchObject({
        code: 'Throttling.User',
      });
      expect(calls).toEqual([expect.objectContaining({ action: 'DeleteVpc', mutating: true, ok: false })]);
    } finally {
      sandbox.setFaults({});
    }
  });
});
