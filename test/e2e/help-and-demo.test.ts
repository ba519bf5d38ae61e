// The commands that need no account: `resources`, the help texts, and `demo` (what `npm start`
// runs), which starts its own in-process sandbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../src/providers/index.js';
import { describeRun, isolatedEnv, makeWorkspace, runCli } from './cli.js';

let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.cwd, env: isolatedEnv(ws.home) });

beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => {
  await ws.cleanup();
});

// Timeouts only stop a hung child; the machine may be shared and slow, so they are generous.
describe('resources and help', { timeout: 300_000 }, () => {
  it('resources prints every registered type with its scope', async () => {
    const run = await cli('resources');
    expect(run.code, describeRun(run)).toBe(0);
    const types = defaultRegistry().types;
    expect(types.length).toBeGreaterThanOrEqual(23);
    for (const t of types) expect(run.stdout).toMatch(new RegExp(`^${t.type.replace('.', '\\.')}\\s+${t.scope}\\s+\\S`, 'm'));
  });

  it('--help lists the commands; plan --help and apply --help describe their options', async () => {
    const top = await cli('--help');
    expect(top.code, describeRun(top)).toBe(0);
    for (const command of ['plan', 'apply [plan-file]', 'readiness', 'resources', 'sandbox', 'demo'])
      expect(top.stdout).toContain(`aliyun-teardown ${command}`);

    const plan = await cli('plan', '--help');
    expect(plan.code, describeRun(plan)).toBe(0);
    for (const option of ['--out', '--detailed-exitcode', '--only', '--exclude', '--regions', '--config', '--json', '--profile'])
      expect(plan.stdout).toContain(option);
    // --confirm belongs to apply only (plan mentions it solely in the --out description).
    expect(plan.stdout).not.toMatch(/^\s+--confirm\b/m);

    const apply = await cli('apply', '--help');
    expect(apply.code, describeRun(apply)).toBe(0);
    for (const option of ['plan-file', '--confirm', '--poll-interval-ms', '--only', '--config', '--json'])
      expect(apply.stdout).toContain(option);
    expect(apply.stdout).toMatch(/--confirm\s+required/);
  });
});

describe('demo', { timeout: 300_000 }, () => {
  it('runs the four steps on its own sandbox and exits 0', async () => {
    const run = await cli('demo', '--no-color', '--speed', '2000');
    expect(run.code, describeRun(run)).toBe(0);
    const steps = [...run.stdout.matchAll(/^== (\d)\. (.+)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(steps).toEqual([
      '1. Is the account ready to be cancelled? (read-only)',
      '2. What would a teardown do? (read-only)',
      '3. Tear it down (confirmed with the account id)',
      '4. What is left?',
    ]);
    const commands = [...run.stdout.matchAll(/^== \$ aliyun-teardown (.+)$/gm)].map((m) => m[1]);
    expect(commands).toHaveLength(4);
    expect(commands[0]).toBe('readiness');
    expect(commands[1]).toBe('plan');
    expect(commands[2]).toMatch(/^apply --confirm=1234567890123456\b/);
    expect(commands[3]).toBe('readiness');
    // The sandbox's witness line after each step: the read-only steps sent no mutating request.
    const witnessed = [...run.stdout.matchAll(/^\[sandbox\] exit code (\d+); (\d+) requests, (\d+) of them mutating\.$/gm)].map((m) => ({
      code: Number(m[1]),
      mutating: Number(m[3]),
    }));
    expect(witnessed).toHaveLength(4);
    expect(witnessed[0]).toEqual({ code: 3, mutating: 0 });
    expect(witnessed[1]).toEqual({ code: 0, mutating: 0 });
    expect(witnessed[2]!.code).toBe(0);
    expect(witnessed[2]!.mutating).toBeGreaterThan(0);
    expect(witnessed[3]).toEqual({ code: 3, mutating: 0 });
    expect(run.stdout).toMatch(/^Apply: \d+ destroyed, 0 already gone, 0 failed, 0 skipped, 0 kept, 6 blocked\.$/m);
  });
});
