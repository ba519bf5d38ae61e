/**
 * The command line (main.ts is only the entry point that calls runCli). Commands live one per file; this module wires them, and is the only
 * place that maps errors to messages and exit codes (the codes: exit-codes.ts, docs/exit-codes.md).
 */
import yargs from 'yargs';
import { AbortError, UserError } from '../errors.js';
import { CloudApiError } from '../cloud/errors.js';
import { PlanError } from '../plan/errors.js';
import { escapeControl } from '../plan/render/terminal-text.js';
import { planCommand } from './commands/plan.js';
import { applyCommand } from './commands/apply.js';
import { backupCommand } from './commands/backup.js';
import { readinessCommand } from './commands/readiness.js';
import { sandboxCommand } from './commands/sandbox.js';
import { resourcesCommand } from './commands/resources.js';
import { demoCommand } from './commands/demo.js';
import { TOOL_VERSION } from './version.js';
import { EXIT, type CommandResult } from './exit-codes.js';

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const result: CommandResult = { exitCode: EXIT.ok };
  const parser = yargs(argv as string[])
    .scriptName('aliyun-teardown')
    .usage('$0 <command> [options]\n\nEmpty an Alibaba Cloud account safely: plan, review, apply.')
    .command(planCommand(result))
    .command(backupCommand(result))
    .command(applyCommand(result))
    .command(readinessCommand(result))
    .command(resourcesCommand(result))
    .command(sandboxCommand(result))
    .command(demoCommand(result, runCli))
    .demandCommand(1, 'name a command: plan, backup, apply, readiness, resources, sandbox or demo')
    .strict()
    .recommendCommands()
    .version(TOOL_VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UserError(msg);
    })
    .epilog('Docs: docs/usage.md · Safety model: docs/safety.md · Exit codes: docs/exit-codes.md');
  try {
    await parser.parseAsync();
    return result.exitCode;
  } catch (err) {
    return reportFatal(err);
  }
}

function reportFatal(err: unknown): number {
  if (err instanceof UserError) {
    process.stderr.write(`Error: ${escapeControl(err.message)}\n`);
    return EXIT.error;
  }
  if (err instanceof AbortError) {
    process.stderr.write(`Aborted: ${escapeControl(err.message)}\n`);
    return EXIT.interrupted;
  }
  // The sandbox shares no code with the tool, so its scenario errors are recognised by name.
  if (err instanceof Error && err.name === 'ScenarioError') {
    process.stderr.write(`Error: ${err.message} (see docs/sandbox.md for the scenario format)\n`);
    return EXIT.error;
  }
  if (err instanceof PlanError) {
    process.stderr.write(
      `Error: no teardown order exists: ${err.message}\nThis is a gap in aliyun-teardown's dependency model — please report it; meanwhile exclude one of these resources with a keep rule or --exclude.\n`,
    );
    return EXIT.error;
  }
  if (err instanceof CloudApiError) {
    process.stderr.write(`Error: ${escapeControl(err.describe())}\n`);
    return EXIT.error;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`Internal error (a bug — please report it): ${e.stack ?? e.message}\n`);
  return EXIT.error;
}
