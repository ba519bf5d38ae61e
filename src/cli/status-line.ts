/**
 * The progress display every long command shares (scan, backup, apply): in a terminal one status
 * line redrawn in place, with lines that must stay on screen printed above it; elsewhere (CI
 * logs, pipes) nothing is redrawn and each renderer writes plain lines instead.
 */

export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

const CLEAR_LINE = '\r\x1b[2K';

export class StatusLine {
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    /** Overrides `stream.isTTY`. */
    readonly live: boolean = stream.isTTY === true,
  ) {}

  /** Redraws the status line in place, cut to the terminal's width (terminal only). */
  draw(line: string): void {
    if (!this.live) return;
    const width = Math.max(20, (this.stream.columns ?? 100) - 1);
    // Cut on the visible text; colour codes only appear early in the line, well inside the width.
    const visible = line.length > width ? `${line.slice(0, width - 1)}…` : line;
    this.stream.write(`${CLEAR_LINE}${visible}`);
    this.drawn = true;
  }

  /** A line that stays: above the status line in a terminal (the next draw puts it back), else as is. */
  print(line: string): void {
    this.stream.write(this.live ? `${CLEAR_LINE}${line}\n` : `${line}\n`);
    this.drawn = false;
  }

  /** Clears the status line (before a report is printed). */
  clear(): void {
    if (this.live && this.drawn) this.stream.write(CLEAR_LINE);
    this.drawn = false;
  }
}
