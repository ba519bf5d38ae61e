/**
 * Coalesces re-reads of resources of one type and region into one `readMany` call (for
 * types that have it, e.g. ECS DescribeInstances with up to 100 InstanceIds). Re-reads come
 * in waves — every ready node re-reads before mutating, every waiting node polls — so 900
 * instances cost about 9 calls per wave instead of 900 (docs/benchmarks.md measured two
 * DescribeInstances per instance without it).
 *
 * Reads that arrive within `windowMs` of the first one of their key go out together, at most
 * `max` per call. A failed call fails every read in it (the executor retries them).
 */
import type { Resource } from '../providers/contract.js';

type ReadMany = (rs: readonly Resource[]) => Promise<ReadonlyMap<string, Resource>>;

interface Waiting {
  readonly address: string;
  readonly resource: Resource;
  resolve(r: Resource | undefined): void;
  reject(err: unknown): void;
}

interface Pending {
  readonly readMany: ReadMany;
  readonly items: Waiting[];
  readonly timer: ReturnType<typeof setTimeout>;
}

export class ReadBatcher {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly windowMs: number,
    private readonly max = 100,
  ) {}

  /** Resolves to the resource as it is now, or undefined when it is gone. */
  read(key: string, address: string, resource: Resource, readMany: ReadMany): Promise<Resource | undefined> {
    return new Promise((resolve, reject) => {
      let p = this.pending.get(key);
      if (!p) {
        p = { readMany, items: [], timer: setTimeout(() => this.flush(key), this.windowMs) };
        this.pending.set(key, p);
      }
      p.items.push({ address, resource, resolve, reject });
      if (p.items.length >= this.max) this.flush(key);
    });
  }

  private flush(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    clearTimeout(p.timer);
    p.readMany(p.items.map((i) => i.resource)).then(
      (found) => {
        for (const i of p.items) i.resolve(found.get(i.address));
      },
      (err: unknown) => {
        for (const i of p.items) i.reject(err);
      },
    );
  }

  /** Fails every read still waiting for its window (abort). */
  cancel(err: unknown): void {
    for (const [key, p] of this.pending) {
      this.pending.delete(key);
      clearTimeout(p.timer);
      for (const i of p.items) i.reject(err);
    }
  }
}
