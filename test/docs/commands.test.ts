/**
 * The docs run: every command line in README.md and docs/*.md (in ```sh blocks) is run in
 * process against a sandbox account, and must do what the docs promise — no error, the exit
 * code the docs give. A command that cannot run here is listed in NOT_RUN with the reason, and
 * that list is checked too, so a new command line in the docs is never silently skipped.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { runCliInProcess } from '../cli/in-process.js';
import { runCli } from '../e2e/cli.js';
import { inDirectory } from './in-directory.js';
import { documentedCommands, type DocumentedCommand } from './markdown.js';

/** Command lines that are not run here, and why (each must still appear in the docs). */
const NOT_RUN: Readonly<Record<string, string>> = {
  'npx aliyun-teardown sandbox': 'runs in the foreground until stopped: test/e2e/sandbox-command.test.ts runs it',
  'aliyun-teardown backup --out DIR [--objects [--all-versions]] [plan options]':
    'a synopsis, not a command line: its forms are run from docs/usage.md',
};

/** What the docs promise for a command, when it is not "exit 0 with no error". */
function expectedExit(argv: readonly string[]): readonly number[] {
  const [command] = argv;
  if (argv.includes('--confirm')) return [1]; // no terminal here: refused, as documented
  if (argv.includes('--detailed-exitcode')) return [2];
  if (command === 'readiness') return [3]; // the demo account is not ready to be cancelled
  // The demo's buckets hold objects and one is versioned: only --objects --all-versions backs it all up.
  if (command === 'backup') return argv.includes('--all-versions') ? [0] : [3];
  if (command === 'apply') return [0]; // everything planned is destroyed on the demo account
  return [0];
}

const commands = documentedCommands();
let sb: RunningSandbox;
let cwd: string;

beforeAll(async () => {
  sb = await startSandbox({ scenario: 'demo', speed: 5000 });
  cwd = await mkdtemp(join(tmpdir(), 'docs-commands-'));
  // The files the documented commands name.
  await writeFile(join(cwd, 'teardown.yaml'), 'keep:\n  - tag: { key: env, value: prod }\n    reason: production\n');
  await writeFile(join(cwd, 'keep-baseline.yaml'), 'keep:\n  - tag: { key: keep, value: "true" }\n');
});
afterAll(async () => {
  await sb?.close();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

// Timeouts only stop a hang; the machine may be shared and slow, so they are generous.
describe('every command line in the docs', { timeout: 120_000 }, () => {
  it('finds them (README and docs/)', () => {
    expect(commands.length).toBeGreaterThan(15);
    const files = new Set(commands.map((c) => c.file));
    expect([...files]).toEqual(expect.arrayContaining(['README.md', 'docs/usage.md']));
    // Every exception names a command that is really in the docs.
    for (const line of Object.keys(NOT_RUN)) expect(commands.map((c) => c.line)).toContain(line);
  });

  it.each(commands.filter((c) => NOT_RUN[c.line] === undefined).map((c) => [`${c.file}: ${c.line}`, c] as const))(
    '%s',
    async (_, command: DocumentedCommand) => {
      const run = await runDocumented(command.argv);
      expect(run.stderr, run.stderr).not.toMatch(/Internal error/);
      expect(expectedExit(command.argv), `exit ${run.code}\n${run.stderr}`).toContain(run.code);
      if (run.code === 1) expect(run.stderr.trim().split('\n')).toHaveLength(1);
      if (command.argv.includes('--json')) expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
    },
  );
});

/**
 * The same read-only command line in several docs (`backup --out backup/ --objects` is in three)
 * runs once: the account is reset before each run, so it answers the same every time.
 */
const READ_ONLY = new Set(['plan', 'readiness', 'resources', 'backup']);
const readOnlyRuns = new Map<string, ReturnType<typeof runQuietly>>();

function runDocumented(argv: readonly string[]): ReturnType<typeof runQuietly> {
  const key = JSON.stringify(argv);
  const cacheable = READ_ONLY.has(argv[0] ?? '');
  const earlier = cacheable ? readOnlyRuns.get(key) : undefined;
  if (earlier) return earlier;
  const run = (async () => {
    // A fresh demo account for every command, so an apply does not empty it for the next one.
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    if (argv.includes('plan.json') && argv[0] === 'apply') await runQuietly(['plan', '--out', 'plan.json', '--quiet']);
    return runQuietly(argv);
  })();
  if (cacheable) readOnlyRuns.set(key, run);
  return run;
}

/** Runs the CLI against the shared sandbox, from the test's working directory. */
async function runQuietly(argv: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Apply polls every 2 s by default; the sandbox finishes at once, so only the interval is shortened.
  const args = argv[0] === 'apply' ? [...argv, '--poll-interval-ms', '20'] : [...argv];
  const credentials = {
    ALIYUN_TEARDOWN_ENDPOINT: sb.url,
    ALIBABA_CLOUD_ACCESS_KEY_ID: sb.callerAccessKey.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: sb.callerAccessKey.secret,
  };
  // Object downloads run in a process of their own, as a user runs them: inside the test runner's
  // process (where nock patches http.request, test/setup.ts) the demo's 35 MB objects arrive
  // "aborted", which a separate process never sees.
  if (argv[0] === 'backup' && argv.includes('--objects'))
    return runCli(args, { cwd, env: { ...credentials, HOME: cwd, NO_COLOR: '1', ALIYUN_TEARDOWN_PROMPT_DELAY: '0' } });
  return inDirectory(cwd, { ALIYUN_TEARDOWN_PROMPT_DELAY: '0' }, () => runCliInProcess(args, credentials));
}
