/**
 * One pino root logger per run: JSON lines to a log file in the state directory (every
 * level from debug), and a human line on stderr at `--log-level` (default `warn`, so
 * normal runs show only the plan/progress/report). Secrets are redacted by path, and
 * the credentials object never reaches a log call in the first place.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { escapeControl } from '../plan/render/terminal-text.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Paths whose values pino replaces with [REDACTED] wherever they appear. */
export const REDACT_PATHS = [
  'accessKeySecret',
  'securityToken',
  'secret',
  '*.accessKeySecret',
  '*.securityToken',
  '*.secret',
  '*.*.accessKeySecret',
  '*.*.securityToken',
  'credentials',
  '*.credentials',
  'headers.authorization',
  '*.headers.authorization',
];

export interface RunLogger {
  readonly log: Logger;
  /** The JSON log file of this run, or undefined when logging to a file is off. */
  readonly file: string | undefined;
  flush(): void;
}

export function createRunLogger(opts: { stateDir: string | undefined; level: LogLevel; command: string }): RunLogger {
  const streams: pino.StreamEntry[] = [];
  let file: string | undefined;
  if (opts.stateDir) {
    const dir = join(opts.stateDir, 'logs');
    mkdirSync(dir, { recursive: true });
    file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${opts.command}-${process.pid}.log`);
    streams.push({ level: 'debug', stream: pino.destination({ dest: file, sync: true, mkdir: true }) });
  }
  if (opts.level !== 'silent') streams.push({ level: opts.level, stream: humanStderr() });
  const log = pino(
    { level: 'debug', redact: { paths: REDACT_PATHS, censor: '[REDACTED]' }, base: { command: opts.command } },
    streams.length > 0 ? pino.multistream(streams) : pino.destination('/dev/null'),
  );
  return { log, file, flush: () => log.flush() };
}

/** `warn  ecs.instance cn-hangzhou: message` — one line per entry on stderr. */
function humanStderr(): NodeJS.WritableStream {
  const names: Record<number, string> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
  return {
    write(chunk: string) {
      try {
        const e = JSON.parse(chunk) as Record<string, unknown>;
        const where = [e.type, e.region].filter((x) => typeof x === 'string').join(' ');
        // Messages quote cloud text (error messages, names): printed inert.
        process.stderr.write(
          `${(names[e.level as number] ?? 'log').padEnd(5)} ${escapeControl(where ? `${where}: ` : '')}${escapeControl(String(e.msg ?? ''))}\n`,
        );
      } catch {
        process.stderr.write(chunk);
      }
      return true;
    },
  } as unknown as NodeJS.WritableStream;
}
