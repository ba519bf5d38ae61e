import { describe, expect, it } from 'vitest';
import { abortableSleep } from '../../src/cloud/cancellation.js';
import { backoffDelay, RETRY_CALL, RETRY_STEP, withRetry, type RetryInfo, type RetryOptions } from '../../src/cloud/retry.js';
import { AbortError } from '../../src/errors.js';
import { cloudError } from '../apply/fake-cloud.js';

function harness(random = 0.5) {
  const clock = { now: 0 };
  const sleeps: number[] = [];
  const retries: RetryInfo[] = [];
  const opts: RetryOptions = {
    deadlineMs: 60_000,
    baseMs: 100,
    maxMs: 1000,
    retryOn: RETRY_STEP,
    now: () => clock.now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    onRetry: (i) => retries.push(i),
  };
  return { clock, sleeps, retries, opts };
}

/** fn failing with `errors` in turn, then returning 'ok'. */
function failing(...errors: Error[]) {
  let calls = 0;
  const fn = async (): Promise<string> => {
    const e = errors[calls++];
    if (e) throw e;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('withRetry', () => {
  it('backs off exponentially with full jitter up to the cap', async () => {
    const h = harness(0.5);
    const f = failing(...Array.from({ length: 6 }, () => cloudError('Throttling.User')));
    await expect(withRetry(f.fn, h.opts)).resolves.toBe('ok');
    // ceilings 100, 200, 400, 800, 1000, 1000 — times the injected random 0.5
    expect(h.sleeps).toEqual([50, 100, 200, 400, 500, 500]);
    expect(h.retries.map((r) => r.attempt)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(f.calls()).toBe(7);
  });

  it('spreads delays over the whole window: jitter comes from random', () => {
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 100, 10_000, () => 0.999)).toBe(799);
  });

  it('waits at least what x-acs-retry-after asked for', async () => {
    const h = harness(0.5);
    const f = failing(cloudError('Throttling', { retryAfterMs: 7000 }));
    await withRetry(f.fn, h.opts);
    expect(h.sleeps).toEqual([7000]);
  });

  it('stops at the deadline and throws the last real error', async () => {
    const h = harness(0.5);
    const opts = { ...h.opts, deadlineMs: 1000 };
    const f = failing(...Array.from({ length: 50 }, () => cloudError('DependencyViolation')));
    await expect(withRetry(f.fn, opts)).rejects.toMatchObject({ code: 'DependencyViolation', kind: 'dependency' });
    // 50 + 100 + 200 + 400 = 750; the next 500 would end after the 1000 ms deadline.
    expect(h.sleeps).toEqual([50, 100, 200, 400]);
    expect(f.calls()).toBe(5);
  });

  it('never retries permanent errors, gone, or errors that are not cloud errors', async () => {
    for (const err of [cloudError('InvalidOperation.DeletionProtection'), cloudError('InvalidInstanceId.NotFound'), new TypeError('bug')]) {
      const h = harness();
      const f = failing(err);
      await expect(withRetry(f.fn, h.opts)).rejects.toBe(err);
      expect(f.calls()).toBe(1);
      expect(h.sleeps).toEqual([]);
    }
  });

  it('retries dependency errors only under the step policy', async () => {
    expect(RETRY_CALL('dependency')).toBe(false);
    expect(RETRY_STEP('dependency')).toBe(true);
    const h = harness();
    const f = failing(cloudError('DependencyViolation'));
    await expect(withRetry(f.fn, { ...h.opts, retryOn: RETRY_CALL })).rejects.toMatchObject({ code: 'DependencyViolation' });
    expect(f.calls()).toBe(1);
  });

  it('rejects with AbortError when aborted before an attempt, without calling fn', async () => {
    const h = harness();
    const controller = new AbortController();
    controller.abort();
    const f = failing();
    await expect(withRetry(f.fn, { ...h.opts, signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(f.calls()).toBe(0);
  });

  it('rejects with AbortError when aborted during a real backoff sleep', async () => {
    const controller = new AbortController();
    const f = failing(cloudError('ServiceUnavailable'), cloudError('ServiceUnavailable'));
    const pending = withRetry(f.fn, {
      deadlineMs: 60_000,
      baseMs: 60_000,
      maxMs: 60_000,
      retryOn: RETRY_CALL,
      random: () => 0.9,
      signal: controller.signal,
      onRetry: () => controller.abort(),
    });
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(f.calls()).toBe(1);
  });
});

describe('abortableSleep', () => {
  it('resolves after the delay when not aborted', async () => {
    await expect(abortableSleep(1, new AbortController().signal)).resolves.toBeUndefined();
  });
});
