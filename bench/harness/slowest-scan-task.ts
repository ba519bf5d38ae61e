import { performance } from 'node:perf_hooks';
import type { ScanProgress } from '../../src/plan/index.js';
import { seconds } from './table.js';

/**
 * The scan runs one task per (type × region), each listing its pages in sequence: the
 * slowest task bounds the wall time whatever the concurrency, so it is reported.
 */
export class SlowestScanTask {
  private readonly startedAt = new Map<string, number>();
  private slowest: { task: string; ms: number; found: number } | undefined;

  observe(e: ScanProgress): void {
    if (e.kind === 'regions' || e.kind === 'tasks') return;
    const task = `${e.type}/${e.region}`;
    if (e.kind === 'started') {
      this.startedAt.set(task, performance.now());
      return;
    }
    const ms = performance.now() - (this.startedAt.get(task) ?? performance.now());
    if (!this.slowest || ms > this.slowest.ms) this.slowest = { task, ms, found: e.found };
  }

  describe(): string {
    return this.slowest ? `${this.slowest.task} (${this.slowest.found} found): ${seconds(this.slowest.ms)}` : '–';
  }
}
