import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { DescribeRegionsRequest } from '@alicloud/ecs20140526';
import { CloudClients } from '../../src/cloud/clients.js';
import { AdaptiveRateControl, BETA, MIN_RATE } from '../../src/cloud/rate-control.js';

afterEach(() => nock.cleanAll());

/** A rate control on a fake clock: sleeping moves the clock, and every sleep is recorded. */
function fakeClock() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const control = new AdaptiveRateControl({
    now: () => now,
    sleepUntil: async (at) => {
      sleeps.push(at - now);
      now = Math.max(now, at);
    },
  });
  return {
    control,
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('AdaptiveRateControl', () => {
  it('does not pace an API that was never throttled', async () => {
    const { control, sleeps } = fakeClock();
    for (let i = 0; i < 50; i++) await control.beforeSend('ecs', 'DescribeInstances');
    for (let i = 0; i < 50; i++) control.onAnswer('ecs', 'DescribeInstances');
    expect(sleeps).toEqual([]);
    expect(control.rateOf('ecs', 'DescribeInstances')).toBeUndefined();
  });

  it('on throttling paces the API at BETA × the rate it was sent at, spacing requests evenly', async () => {
    const { control, sleeps, advance } = fakeClock();
    // 20 requests within one second, then a throttling answer.
    for (let i = 0; i < 20; i++) {
      await control.beforeSend('ecs', 'DeleteDisk');
      advance(40);
    }
    control.onThrottled('ecs', 'DeleteDisk');
    expect(control.rateOf('ecs', 'DeleteDisk')).toBeCloseTo(20 * BETA);
    // Other APIs are not affected.
    expect(control.rateOf('ecs', 'DescribeDisks')).toBeUndefined();
    for (let i = 0; i < 5; i++) await control.beforeSend('ecs', 'DeleteDisk');
    // Back to back, each waits one interval of 1000 / 14 ms after the one before.
    const interval = 1000 / (20 * BETA);
    expect(sleeps).toHaveLength(5);
    for (const s of sleeps) expect(s).toBeCloseTo(interval, 0);
  });

  it('decreases once for a burst of throttling answers, and again in a later second', () => {
    const { control, advance } = fakeClock();
    for (let i = 0; i < 10; i++) void control.beforeSend('vpc', 'DeleteVpc');
    control.onThrottled('vpc', 'DeleteVpc');
    const first = control.rateOf('vpc', 'DeleteVpc');
    control.onThrottled('vpc', 'DeleteVpc');
    control.onThrottled('vpc', 'DeleteVpc');
    expect(control.rateOf('vpc', 'DeleteVpc')).toBe(first);
    advance(1500);
    control.onThrottled('vpc', 'DeleteVpc');
    expect(control.rateOf('vpc', 'DeleteVpc')).toBeLessThan(first!);
  });

  it('never paces below MIN_RATE', () => {
    const { control, advance } = fakeClock();
    for (let i = 0; i < 10; i++) {
      control.onThrottled('ram', 'DeleteUser');
      advance(1001);
    }
    expect(control.rateOf('ram', 'DeleteUser')).toBe(MIN_RATE);
  });

  it('grows the rate back additively while answers come, and stops pacing after a minute without throttling', async () => {
    const { control, advance } = fakeClock();
    for (let i = 0; i < 10; i++) await control.beforeSend('rds', 'DeleteDBInstance');
    control.onThrottled('rds', 'DeleteDBInstance');
    const start = control.rateOf('rds', 'DeleteDBInstance')!;
    advance(2000);
    control.onAnswer('rds', 'DeleteDBInstance');
    const grown = control.rateOf('rds', 'DeleteDBInstance')!;
    expect(grown).toBeGreaterThan(start);
    expect(grown - start).toBeCloseTo(2, 5); // 1 request/s per second, at these rates
    advance(60_000);
    control.onAnswer('rds', 'DeleteDBInstance');
    expect(control.rateOf('rds', 'DeleteDBInstance')).toBeUndefined();
  });

  it('learns from the throttling answers CloudClients normalises, per API', async () => {
    const control = new AdaptiveRateControl();
    const clients = new CloudClients({
      credentials: { accessKeyId: 'LTAI5tTest', accessKeySecret: 'secret', source: 'static' },
      mode: 'read-only',
      endpointOverride: 'http://cloud.test',
      rateControl: control,
    });
    nock('http://cloud.test')
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeRegions')
      .reply(400, { RequestId: 'R1', Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' });
    await expect(clients.ecs('cn-hangzhou').describeRegions(new DescribeRegionsRequest({}))).rejects.toMatchObject({
      kind: 'throttled',
    });
    // One request sent in the last second, refused: paced at BETA × 1 request/s from now on.
    expect(control.rateOf('ecs', 'DescribeRegions')).toBeCloseTo(BETA);
    expect(control.rateOf('ecs', 'DescribeInstances')).toBeUndefined();
  });
});
