import { describe, expect, it } from 'vitest';
import { pollUntil, WaitTimeoutError } from '../../src/apply/wait.js';
import { CloudApiError } from '../../src/cloud/errors.js';

function clockedSleeps() {
  const clock = { now: 0 };
  const sleeps: number[] = [];
  return {
    clock,
    sleeps,
    opts: {
      now: () => clock.now,
      random: () => 1,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock.now += ms;
      },
    },
  };
}

const throttled = (retryAfterMs?: number) =>
  new CloudApiError({
    service: 'ecs',
    action: 'DescribeInstances',
    code: 'Throttling.User',
    message: 'flow control',
    kind: 'throttled',
    retryAfterMs,
  });

describe('pollUntil', () => {
  it('grows the interval ×2 per answered poll, up to the cap', async () => {
    const t = clockedSleeps();
    let polls = 0;
    await pollUntil('x', async () => ++polls === 6, { timeoutMs: 60_000, baseMs: 1000, maxMs: 8000, ...t.opts });
    expect(t.sleeps).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('a throttled poll does not grow the interval, and honours x-acs-retry-after', async () => {
    const t = clockedSleeps();
    const answers: Array<boolean | Error> = [false, throttled(), throttled(5000), false, true];
    await pollUntil(
      'x',
      async () => {
        const a = answers.shift();
        if (a instanceof Error) throw a;
        return a ?? false;
      },
      { timeoutMs: 60_000, baseMs: 1000, maxMs: 30_000, ...t.opts },
    );
    // answered(false) → 1000; throttled → 2000 (not grown); throttled with retry-after → 5000; answered(false) → 2000.
    expect(t.sleeps).toEqual([1000, 2000, 5000, 2000]);
  });

  it('gives up at the deadline naming what it waited for, and rethrows a permanent error at once', async () => {
    const t = clockedSleeps();
    await expect(
      pollUntil('disk d-1 to become Available', async () => false, { timeoutMs: 5000, baseMs: 1000, maxMs: 1000, ...t.opts }),
    ).rejects.toThrow(new WaitTimeoutError('disk d-1 to become Available', 5000));
    const permanent = new CloudApiError({
      service: 'ecs',
      action: 'DescribeDisks',
      code: 'Forbidden.RAM',
      message: 'denied',
      kind: 'permanent',
    });
    await expect(
      pollUntil(
        'x',
        async () => {
          throw permanent;
        },
        { timeoutMs: 5000, baseMs: 1000, maxMs: 1000, ...t.opts },
      ),
    ).rejects.toBe(permanent);
  });
});
