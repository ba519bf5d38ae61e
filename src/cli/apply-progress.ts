/**
 * Live progress of an apply on a stream (stderr: stdout is for the report).
 *
 * In a terminal: one status line redrawn in place — deleted / failed / skipped / waiting /
 * remaining, and what is being worked on now ("emptying bucket logs-2024: 1,200 of 3,400
 * objects", "waiting for disk d-1 to become Available"); failures and skips are printed
 * above it as they happen, so they stay on screen. Otherwise (CI logs, pipes): one plain
 * line per event. `quiet` writes nothing.
 */
import pc from 'picocolors';
import type { ApplyEvent } from '../apply/events.js';
import { formatDuration } from '../apply/wait.js';
import { escapeDeep } from '../plan/render/terminal-text.js';
import { StatusLine, type ProgressStream } from './status-line.js';

export interface ProgressOptions {
  readonly stream: ProgressStream;
  readonly quiet?: boolean | undefined;
  readonly color?: boolean | undefined;
  /** Overrides `stream.isTTY`. */
  readonly live?: boolean | undefined;
  /**
   * False for an in-process `--sandbox` account, which ends with the run: there is nothing to
   * rerun against, so no "rerun to finish". @default true
   */
  readonly resumable?: boolean | undefined;
}

export class ApplyProgress {
  private readonly status: StatusLine;
  private readonly c: ReturnType<typeof pc.createColors>;
  private total = 0;
  private deleted = 0;
  private failed = 0;
  private skipped = 0;
  /** What each node in progress is doing now, most recent last. */
  private readonly activity = new Map<string, string>();
  private readonly waiting = new Set<string>();

  constructor(private readonly opts: ProgressOptions) {
    this.status = new StatusLine(opts.stream, opts.live ?? opts.stream.isTTY === true);
    this.c = pc.createColors(opts.color ?? false);
  }

  readonly handle = (event: ApplyEvent): void => {
    if (this.opts.quiet) return;
    // Names and cloud messages reach the terminal inert (plan/render/terminal-text.ts).
    const e = escapeDeep(event);
    this.track(e);
    if (this.status.live) {
      const permanent = this.permanentLine(e);
      if (permanent !== undefined) this.status.print(permanent);
      this.status.draw(this.statusLine());
    } else {
      const line = this.plainLine(e);
      if (line !== undefined) this.status.print(line);
    }
  };

  /** Clears the status line; call before the report is printed. */
  close(): void {
    this.status.clear();
  }

  /** The status line as it stands (what the terminal shows). */
  statusLine(): string {
    const remaining = Math.max(0, this.total - this.deleted - this.failed - this.skipped);
    const counts = [
      `${this.deleted}/${this.total} deleted`,
      this.failed > 0 ? this.c.red(`${this.failed} failed`) : undefined,
      this.skipped > 0 ? this.c.yellow(`${this.skipped} skipped`) : undefined,
      this.waiting.size > 0 ? `${this.waiting.size} waiting` : undefined,
      `${remaining} remaining`,
    ].filter((x) => x !== undefined);
    const now = [...this.activity.values()].at(-1);
    const more = this.activity.size > 1 ? ` (+${this.activity.size - 1} more)` : '';
    return `[${counts.join(' · ')}]${now ? ` ${now}${more}` : ''}`;
  }

  private track(e: ApplyEvent): void {
    switch (e.type) {
      case 'apply-start':
        this.total = e.total;
        this.deleted = e.deletedBefore;
        break;
      case 'node':
        if (e.state === 'running' || e.state === 'pending' || e.state === 'waiting') break;
        if (e.reason !== 'deleted by an earlier run') {
          if (e.state === 'deleted') this.deleted++;
          else if (e.state === 'failed') this.failed++;
          else this.skipped++;
        }
        this.activity.delete(e.address);
        this.waiting.delete(e.address);
        break;
      case 'step':
        this.waiting.delete(e.address);
        this.setActivity(e.address, `${e.description} (${e.address})`);
        break;
      case 'waiting':
        this.waiting.add(e.address);
        this.setActivity(e.address, `waiting for ${e.what}`);
        break;
      case 'progress':
        this.setActivity(e.address, e.message);
        break;
      case 'retry':
      case 'apply-end':
        break;
    }
  }

  private setActivity(address: string, text: string): void {
    this.activity.delete(address);
    this.activity.set(address, text);
  }

  private permanentLine(e: ApplyEvent): string | undefined {
    if (e.type !== 'node') return undefined;
    if (e.state === 'failed') return `${this.c.red('failed ')} ${e.address}: ${e.reason ?? ''}`;
    if (e.state === 'skipped') return `${this.c.yellow('skipped')} ${e.address}: ${e.reason ?? ''}`;
    return undefined;
  }

  private plainLine(e: ApplyEvent): string | undefined {
    switch (e.type) {
      case 'apply-start':
        return `apply: ${e.total} resources to destroy${e.deletedBefore > 0 ? `, ${e.deletedBefore} already deleted by an earlier run of this plan` : ''}`;
      case 'node':
        if (e.state === 'waiting') return undefined; // the `waiting` event that follows says what for
        if (e.state === 'running') return `start    ${e.address}`;
        if (e.state === 'pending') return `stopped  ${e.address}: ${e.reason ?? 'interrupted'}`;
        if (e.state === 'deleted') return `deleted  ${e.address}${e.reason && e.reason !== 'deleted' ? ` (${e.reason})` : ''}`;
        return `${e.state.padEnd(8)} ${e.address}: ${e.reason ?? ''}`;
      case 'step':
        return `step     ${e.address}: ${e.description}`;
      case 'waiting':
        return `waiting  ${e.address}: for ${e.what}`;
      case 'progress':
        return `progress ${e.address}: ${e.message}`;
      case 'retry':
        return `retry    ${e.address}: ${e.action} got ${e.code}, attempt ${e.attempt} in ${formatDuration(e.delayMs)}`;
      case 'apply-end':
        if (!e.interrupted) return 'apply: finished';
        return this.opts.resumable === false ? 'apply: interrupted' : 'apply: interrupted; rerun with the same plan to finish';
    }
  }
}
