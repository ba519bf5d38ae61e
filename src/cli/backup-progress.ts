/**
 * Backup progress on stderr: resources read, then objects and bytes per bucket. In a terminal
 * one line redrawn in place; otherwise a line per bucket finished and every 1000 objects.
 * `quiet` writes nothing.
 */
import type { BackupProgress } from '../backup/index.js';
import { StatusLine, type ProgressStream } from './status-line.js';

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

export function backupProgressReporter(stream: ProgressStream, quiet: boolean): { handle: (e: BackupProgress) => void; close: () => void } {
  if (quiet) return { handle: () => undefined, close: () => undefined };
  const status = new StatusLine(stream);
  const live = status.live;
  let lastLogged = 0;
  const draw = (line: string) => status.draw(line);
  return {
    handle(e) {
      if (e.kind === 'configuration') {
        if (live) draw(`Backing up configuration: ${e.done}/${e.total} resources`);
        else if (e.done === e.total) stream.write(`Backed up the configuration of ${e.total} resources\n`);
        return;
      }
      const line = `Backing up objects of ${e.bucket}: ${e.objects} objects, ${formatBytes(e.bytes)}${e.resumed ? ` (${e.resumed} already saved)` : ''}`;
      if (live) draw(line);
      else if (e.objects - lastLogged >= 1000 || e.objects < lastLogged) {
        lastLogged = e.objects;
        stream.write(`${line}\n`);
      }
    },
    close() {
      status.clear();
    },
  };
}
