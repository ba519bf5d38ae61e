/**
 * Samples this process's memory while a benchmark runs. `heapUsed` is this thread's V8 heap:
 * the tool's, since the sandbox runs in a child process of its own. `rss` is this
 * whole process, sandbox included.
 */
export interface MemoryPeaks {
  readonly heapUsedBefore: number;
  readonly peakHeapUsed: number;
  /**
   * Highest heap still in use right after a full collection (sampled every `liveEveryMs`;
   * needs --expose-gc, else undefined): what the run really holds, unlike peakHeapUsed,
   * which also counts garbage V8 has not collected yet.
   */
  readonly peakLiveHeap: number | undefined;
  readonly peakRss: number;
  /** RSS when sampling started (after a collection): what the loaded tool holds before the run. */
  readonly rssBefore: number;
  readonly samples: number;
}

/** Runs a full collection when node runs with --expose-gc (the bench script does); says whether it could. */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return gc !== undefined;
}

export function startMemorySampler(intervalMs = 20, liveEveryMs = 1000): { stop(): MemoryPeaks } {
  collectGarbage();
  const heapUsedBefore = process.memoryUsage().heapUsed;
  let peakHeapUsed = heapUsedBefore;
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  let samples = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
    samples++;
  };
  let peakLiveHeap: number | undefined;
  const sampleLive = (): void => {
    if (collectGarbage()) peakLiveHeap = Math.max(peakLiveHeap ?? 0, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  const liveTimer = setInterval(sampleLive, liveEveryMs);
  return {
    stop() {
      clearInterval(timer);
      clearInterval(liveTimer);
      sample();
      return { heapUsedBefore, peakHeapUsed, peakLiveHeap, peakRss, rssBefore, samples };
    },
  };
}
