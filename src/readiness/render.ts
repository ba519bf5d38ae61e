import pc from 'picocolors';
import { escapeDeep } from '../plan/render/terminal-text.js';
import type { CheckStatus, ReadinessReport } from './model.js';

const MARK: Record<CheckStatus, string> = { passed: '[ok]', blocking: '[blocking]', 'needs-a-person': '[person]' };

export function renderReadiness(gathered: ReadinessReport, opts: { color: boolean }): string {
  // Names and cloud messages in the evidence are printed inert (plan/render/terminal-text.ts).
  const report = escapeDeep(gathered);
  const c = pc.createColors(opts.color);
  const paint: Record<CheckStatus, (s: string) => string> = { passed: c.green, blocking: c.red, 'needs-a-person': c.yellow };
  const lines = [`Readiness of account ${report.accountId} for cancellation (checked ${report.checkedAt})`, ''];
  for (const check of report.checks) {
    lines.push(`${paint[check.status](MARK[check.status].padEnd(10))} ${c.bold(check.title)}: ${check.summary}`);
    for (const e of check.evidence) {
      lines.push(`             - ${e.item}`);
      if (e.action) lines.push(`               → ${e.action}`);
      for (const r of e.resources ?? []) lines.push(`                 ${r}`);
    }
    lines.push('');
  }
  lines.push(report.ready ? c.green(report.verdict) : c.red(report.verdict));
  return `${lines.join('\n')}\n`;
}

export function readinessJson(report: ReadinessReport): string {
  return `${JSON.stringify({ formatVersion: 1, ...report }, null, 2)}\n`;
}
