/**
 * Scan progress on stderr: in a terminal one status line redrawn in place (types and
 * regions scanned, resources found, what is being scanned now); otherwise one line per
 * finished type/region that found something or failed, in the scan's fixed task order (a line
 * waits for the ones before it), so two runs print the same lines. `quiet` writes nothing.
 */
import { escapeControl } from '../plan/render/terminal-text.js';
import type { ScanProgress } from '../plan/index.js';
import { StatusLine, type ProgressStream } from './status-line.js';

export type ScanProgressStream = ProgressStream;

export function scanProgressReporter(stream: ScanProgressStream, quiet: boolean): { handle: (e: ScanProgress) => void; close: () => void } {
  if (quiet) return { handle: () => undefined, close: () => undefined };
  const status = new StatusLine(stream);
  const live = status.live;
  const inFlight = new Set<string>();
  let done = 0;
  let started = 0;
  let found = 0;
  let failed = 0;
  // Non-terminal lines, in task order: each result waits until every earlier task has one.
  let order: string[] | undefined;
  let next = 0;
  const results = new Map<string, string | null>();
  const flush = (all: boolean) => {
    if (!order) return;
    for (; next < order.length; next++) {
      const key = order[next]!;
      if (!results.has(key) && !all) return;
      const line = results.get(key);
      if (line) stream.write(line);
    }
  };
  const redraw = () => {
    const now = [...inFlight].slice(-2).join(', ');
    status.draw(
      `Scanning: ${done}/${started} type-regions, ${found} resources found${failed ? `, ${failed} failed` : ''}${now ? ` — ${now}` : ''}`,
    );
  };
  return {
    handle(e) {
      switch (e.kind) {
        case 'regions':
          if (!live) stream.write(`${regionsLine(e.regions)}\n`);
          return;
        case 'tasks':
          order = e.tasks.map((t) => `${t.type} ${t.region}`);
          return;
        case 'started':
          started++;
          inFlight.add(`${e.type} ${e.region}`);
          break;
        case 'done':
        case 'failed':
          done++;
          found += e.found;
          inFlight.delete(`${e.type} ${e.region}`);
          if (e.kind === 'failed') failed++;
          if (!live) {
            const line =
              e.found > 0 || e.kind === 'failed'
                ? `  ${e.type} ${e.region}: ${e.kind === 'failed' ? `could not scan (${escapeControl(e.code)})` : `${e.found} found`}\n`
                : null;
            if (order) {
              results.set(`${e.type} ${e.region}`, line);
              flush(false);
            } else if (line) stream.write(line);
          }
          break;
      }
      if (live) redraw();
    },
    close() {
      flush(true);
      status.clear();
    },
  };
}

/** `Scanning 1 region: cn-hangzhou`, `Scanning 3 regions: ...`; none: only account-wide listings (RAM, DNS, OSS...). */
export function regionsLine(regions: readonly string[]): string {
  if (regions.length === 0) return 'Scanning account-wide listings only (no region)';
  return `Scanning ${regions.length} ${regions.length === 1 ? 'region' : 'regions'}: ${regions.join(', ')}`;
}
