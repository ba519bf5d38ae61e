import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from '../../src/cloud/limiter.js';
import { AbortError } from '../../src/errors.js';

describe('ConcurrencyLimiter', () => {
  it('lets a waiter of another service pass one whose service is at its cap', async () => {
    const limiter = new ConcurrencyLimiter(3, { ecs: 1 });
    const order: string[] = [];
    const releaseEcs = await limiter.acquire('ecs');
    const secondEcs = limiter.acquire('ecs').then((release) => {
      order.push('ecs');
      return release;
    });
    const vpc = limiter.acquire('vpc').then((release) => {
      order.push('vpc');
      return release;
    });
    (await vpc)();
    expect(order).toEqual(['vpc']);
    releaseEcs();
    (await secondEcs)();
    expect(order).toEqual(['vpc', 'ecs']);
  });

  it('drops a queued waiter when its signal aborts', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire('ecs');
    const controller = new AbortController();
    const queued = limiter.acquire('ecs', controller.signal);
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortError);
    release();
    // The aborted waiter took no slot: the next caller gets one at once.
    const next = await limiter.acquire('ecs');
    next();
  });

  it('refuses caps that are not whole numbers ≥ 1', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter(2, { ecs: 1.5 })).toThrow(/ecs/);
  });
});
