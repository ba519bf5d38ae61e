/**
 * A bounded promise pool: at most `limit` tasks run at once; the others wait in FIFO order.
 * A finishing task hands its slot straight to the next waiter.
 */
export interface Pool {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createPool(limit: number): Pool {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`pool limit must be a whole number ≥ 1, got ${limit}`);
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < limit) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
