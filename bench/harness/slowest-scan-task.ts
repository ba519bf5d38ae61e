import { performance } from 'node:perf_hooks';
import type { ScanProgress } from '../../src/plan/index.js';
import { seconds } from './table.js';

/**
 * The scan runs one task per (type × region), each listing its pages in sequence: the
 * slowest task bounds the wall time whatever the concurrency, so it is reported, and so is
 * the last one to finish (with when it started and ended after the first task started): a
 * long task started late is the tail of the scan.
 */
export class SlowestScanTask {
  private readonly startedAt = new Map<string, number>();
  private slowest: { task: string; ms: number; found: number } | undefined;
  private first: number | undefined;
  private last: { task: string; started: number; ended: number } | undefined;

  observe(e: ScanProgress): void {
    if (e.kind === 'regions' || e.kind === 'tasks') return;
    const task = `${e.type}/${e.region}`;
    const now = performance.now();
    if (e.kind === 'started') {
      this.startedAt.set(task, now);
      this.first ??= now;
      return;
    }
    const started = this.startedAt.get(task) ?? now;
    const ms = now - started;
    if (!this.slowest || ms > this.slowest.ms) this.slowest = { task, ms, found: e.found };
    this.last = { task, started, ended: now };
  }

  describe(): string {
    if (!this.slowest) return '–';
    const at = (t: number): string => seconds(t - (this.first ?? t));
    const last = this.last ? `; last to finish ${this.last.task}, ${at(this.last.started)}–${at(this.last.ended)}` : '';
    return `${this.slowest.task} (${this.slowest.found} found): ${seconds(this.slowest.ms)}${last}`;
  }
}
