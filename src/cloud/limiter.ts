/**
 * Concurrency caps: at most `global` cloud calls in flight, and at most `perService[s]` for
 * service `s`. The unit is one API call (a batch call counts once), not one resource: a
 * resource waiting minutes for its deletion to settle holds no slot between polls, and
 * retries release their slot during backoff, so a slow resource never starves the rest.
 * Waiters are served in arrival order, but a waiter whose service is at its cap does not
 * hold up waiters of other services.
 */
import { AbortError } from '../errors.js';

interface Waiter {
  readonly service: string;
  readonly grant: () => void;
}

export class ConcurrencyLimiter {
  private active = 0;
  private readonly activeByService = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly globalCap: number,
    private readonly serviceCaps: Readonly<Record<string, number>> = {},
  ) {
    for (const [name, cap] of [['global', globalCap] as const, ...Object.entries(serviceCaps)])
      if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`concurrency for ${name} must be a whole number ≥ 1, got ${cap}`);
  }

  async run<T>(service: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire(service, signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  acquire(service: string, signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError());
        return;
      }
      const waiter: Waiter = {
        service,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          this.activeByService.set(service, (this.activeByService.get(service) ?? 0) + 1);
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.active--;
            this.activeByService.set(service, (this.activeByService.get(service) ?? 1) - 1);
            this.drain();
          });
        },
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new AbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  private hasRoom(service: string): boolean {
    const cap = this.serviceCaps[service];
    return this.active < this.globalCap && (cap === undefined || (this.activeByService.get(service) ?? 0) < cap);
  }

  private drain(): void {
    for (let i = 0; i < this.queue.length && this.active < this.globalCap;) {
      const waiter = this.queue[i];
      if (waiter && this.hasRoom(waiter.service)) {
        this.queue.splice(i, 1);
        waiter.grant();
      } else i++;
    }
  }
}
