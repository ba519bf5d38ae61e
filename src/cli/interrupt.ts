/**
 * Ctrl-C: the first SIGINT aborts the run's signal (apply stops starting new work and
 * finishes what is in flight); a second one exits at once.
 */
export function interruptSignal(onFirst?: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let count = 0;
  const handler = () => {
    count++;
    if (count === 1) {
      process.stderr.write('\nInterrupted: finishing the calls in flight (Ctrl-C again to quit at once)...\n');
      onFirst?.();
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
