/**
 * Samples this process's memory while a benchmark runs. `heapUsed` is this thread's V8 heap:
 * the tool's, since the sandbox runs in a worker thread with a heap of its own. `rss` is the
 * whole process, sandbox included.
 */
export interface MemoryPeaks {
  readonly heapUsedBefore: number;
  readonly peakHeapUsed: number;
  readonly peakRss: number;
  readonly samples: number;
}

export function collectGarbage(): void {
  // Present when node runs with --expose-gc (the bench script does): a settled baseline.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

export function startMemorySampler(intervalMs = 20): { stop(): MemoryPeaks } {
  collectGarbage();
  const heapUsedBefore = process.memoryUsage().heapUsed;
  let peakHeapUsed = heapUsedBefore;
  let peakRss = process.memoryUsage.rss();
  let samples = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    samples++;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { heapUsedBefore, peakHeapUsed, peakRss, samples };
    },
  };
}
