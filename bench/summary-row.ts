/**
 * Child-process entry of the summary (summary.ts): runs one of its runs in a fresh process, so
 * the tool's memory figures are that run's alone, and reports its rows over the IPC channel.
 */
import { summaryRows, type Options, type SummaryRowMessage, type SummaryRun } from './summary.js';

if (!process.send) throw new Error('summary-row.js must run as a forked child process');
const send = (m: SummaryRowMessage): void => {
  process.send?.(m);
};

process.once('message', (input: { readonly run: SummaryRun; readonly options: Options }) => {
  summaryRows(input.run, input.options).then(
    (rows) => {
      send({ kind: 'rows', rows });
      process.disconnect();
    },
    (err: unknown) => {
      send({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      process.disconnect();
    },
  );
});
