// Every way `apply` (and the commands before it) must refuse: exit 1, one line on stderr that
// names the problem and the way out, and not one mutating request seen by the sandbox.
// Refusals end before any work starts, so the CLI runs in this process (runCliIsolated);
// test/e2e/ runs the built CLI as a separate process for the end-to-end stories.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import {
  describeRun,
  isolatedEnv,
  logMark,
  makeWorkspace,
  mutatingRequestsSince,
  requestsSince,
  sandboxEnv,
  type CliRun,
} from '../e2e/cli.js';
import { DEMO_ACCOUNT, otherAccountScenario } from '../e2e/scenarios.js';
import { runCliIsolated as runCli } from './in-process.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let savedPlan: string;
let otherAccountPlan: string;
const cli = (...args: string[]) => runCli(args, { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });

beforeAll(async () => {
  sb = await startSandbox({ scenario: 'demo', speed: 2000 });
  ws = await makeWorkspace();
  const saved = await cli('plan', '--out', 'plan.json', '--quiet');
  expect(saved.code, describeRun(saved)).toBe(0);
  savedPlan = await readFile(join(ws.cwd, 'plan.json'), 'utf8');

  const other = await startSandbox({ scenario: otherAccountScenario(), speed: 2000 });
  try {
    const made = await runCli(['plan', '--out', 'other-account.json', '--quiet'], { cwd: ws.cwd, env: sandboxEnv(other, ws.home) });
    expect(made.code, describeRun(made)).toBe(0);
  } finally {
    await other.close();
  }
  otherAccountPlan = join(ws.cwd, 'other-account.json');
}, 300_000);
afterAll(async () => {
  await sb.close();
  await ws.cleanup();
});

/** Exit 1, and stderr (every run here is --quiet: no progress) is exactly one `Error: ...` line, which is returned. */
function refusal(run: CliRun): string {
  expect(run.code, describeRun(run)).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, describeRun(run)).toHaveLength(1);
  expect(lines[0]).toMatch(/^Error: \S/);
  return lines[0]!;
}

/** Runs `apply`-like commands and checks the sandbox saw no mutating request from them. */
async function refused(...args: string[]): Promise<string> {
  const mark = logMark(sb);
  const run = await cli(...args);
  const line = refusal(run);
  expect(mutatingRequestsSince(sb, mark)).toEqual([]);
  return line;
}

// Timeouts only stop a hung child; the machine may be shared and slow, so they are generous.
describe('the confirmation gate', { timeout: 300_000 }, () => {
  it('apply without --confirm is refused before any request, and says how to confirm', async () => {
    const mark = logMark(sb);
    const line = await refused('apply', '--quiet');
    expect(line).toMatch(/without --confirm/);
    expect(line).toMatch(/--confirm=<account-id>/);
    expect(requestsSince(sb, mark)).toEqual([]); // not even the identity was asked
  });

  it('--confirm=<wrong id> names both ids', async () => {
    const line = await refused('apply', '--confirm=1111222233334444', '--quiet');
    expect(line).toContain('--confirm=1111222233334444 does not match');
    expect(line).toContain(DEMO_ACCOUNT);
    expect(line).toContain('nothing was changed');
  });

  it('--confirm alone without a terminal asks for --confirm=<account-id>, before any request', async () => {
    for (const args of [
      ['apply', '--confirm', '--quiet'],
      ['apply', 'plan.json', '--confirm', '--quiet'],
    ]) {
      const mark = logMark(sb);
      const line = await refused(...args);
      expect(line).toMatch(/^Error: no terminal to confirm in: pass --confirm=<account-id>/);
      expect(requestsSince(sb, mark)).toEqual([]); // no scan, not even the identity
    }
  });

  it('a plan file made for another account is refused', async () => {
    const line = await refused('apply', otherAccountPlan, `--confirm=${DEMO_ACCOUNT}`, '--quiet');
    expect(line).toContain('plan is for account 9999888877776666');
    expect(line).toContain(`credentials belong to ${DEMO_ACCOUNT}`);
    expect(line).toMatch(/run plan again/);
  });

  it('a tampered plan file (a resource id edited) is refused', async () => {
    const plan = JSON.parse(savedPlan) as { resources: { id: string }[] };
    expect(plan.resources.length).toBeGreaterThan(0);
    plan.resources[0]!.id = 'i-someone-elses';
    await writeFile(join(ws.cwd, 'tampered.json'), JSON.stringify(plan, null, 2));
    const line = await refused('apply', 'tampered.json', `--confirm=${DEMO_ACCOUNT}`, '--quiet');
    expect(line).toContain('tampered.json was modified after it was saved');
    expect(line).toMatch(/run plan again/);
  });

  it('a corrupt plan file (not JSON) is refused', async () => {
    await writeFile(join(ws.cwd, 'corrupt.json'), savedPlan.slice(0, savedPlan.length / 2));
    const line = await refused('apply', 'corrupt.json', `--confirm=${DEMO_ACCOUNT}`, '--quiet');
    expect(line).toContain('corrupt.json is not valid JSON');
    expect(line).toMatch(/run plan again/);
  });

  it('a plan file of another format version is refused for its version, not its checksum', async () => {
    const plan = JSON.parse(savedPlan) as { formatVersion: number };
    const current = plan.formatVersion;
    plan.formatVersion = current + 1;
    await writeFile(join(ws.cwd, 'future.json'), JSON.stringify(plan, null, 2));
    const line = await refused('apply', 'future.json', `--confirm=${DEMO_ACCOUNT}`, '--quiet');
    expect(line).toContain(`format version ${current + 1}`);
    expect(line).toContain(`reads version ${current}`);
    expect(line).not.toContain('modified');
  });

  it('an unknown --only type is refused with the list of valid ones', async () => {
    const line = await refused('apply', '--only', 'ecs.instanse', `--confirm=${DEMO_ACCOUNT}`, '--quiet');
    expect(line).toContain('unknown service or resource type "ecs.instanse"');
    expect(line).toMatch(/valid types: .*ecs\.instance/);
    expect(line).toMatch(/valid services: .*\boss\b/);
  });

  it('an invalid config file is refused, naming the file and the path inside it', async () => {
    await writeFile(join(ws.cwd, 'bad.yaml'), 'keep:\n  - tag: 3\n');
    const line = await refused('apply', '--config', 'bad.yaml', `--confirm=${DEMO_ACCOUNT}`, '--quiet');
    expect(line).toMatch(/^Error: config bad\.yaml: keep\[0\]\.tag: /);
  });

  it('a config accountBlocklist naming the account refuses apply, with or without a saved plan', async () => {
    await writeFile(join(ws.cwd, 'blocklist.yaml'), `accountBlocklist: ['${DEMO_ACCOUNT}']\n`);
    for (const args of [
      ['apply', '--config', 'blocklist.yaml', `--confirm=${DEMO_ACCOUNT}`, '--quiet'],
      ['apply', 'plan.json', '--config', 'blocklist.yaml', `--confirm=${DEMO_ACCOUNT}`, '--quiet'],
    ]) {
      const line = await refused(...args);
      expect(line).toContain(`account ${DEMO_ACCOUNT} is in the config's accountBlocklist`);
      expect(line).toMatch(/accountBlocklist.*remove it/);
    }
  });

  it('without credentials (no AccessKey env, empty HOME, no endpoint) says how to provide them', async () => {
    const mark = logMark(sb);
    const run = await runCli(['plan', '--quiet'], { cwd: ws.cwd, env: isolatedEnv(ws.home) });
    const line = refusal(run);
    expect(line).toMatch(/no Alibaba Cloud credentials found/);
    expect(line).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID/);
    expect(requestsSince(sb, mark)).toEqual([]);
  });

  it('a missing sandbox scenario file is a one-line error, not a crash', async () => {
    const run = await runCli(['plan', '--sandbox', '--scenario', 'nope.yaml'], { cwd: ws.cwd, env: isolatedEnv(ws.home) });
    expect(refusal(run)).toBe('Error: scenario nope.yaml: cannot be read (ENOENT) (see docs/sandbox.md for the scenario format)');
  });

  it('a sandbox port already in use is a one-line error naming the fix', async () => {
    const port = new URL(sb.url).port;
    const run = await runCli(['sandbox', '--port', port], { cwd: ws.cwd, env: isolatedEnv(ws.home) });
    expect(refusal(run)).toBe(`Error: port ${port} on 127.0.0.1 is already in use: pass --port N (0 picks a free port)`);
  });
});
