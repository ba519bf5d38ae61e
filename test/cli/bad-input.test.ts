// Bad input is a one-line error naming the problem and the fix, exit 1, and no side effects:
// misspelt keep rules, YAML alias tricks, an unusable --state-dir, a hand-edited plan file.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { planChecksum } from '../../src/plan/planfile.js';
import type { Plan } from '../../src/plan/model.js';
import { otherAccountScenario } from '../e2e/scenarios.js';
import { runCliInProcess, sandboxCredentials, tempDir, type InProcessRun } from './in-process.js';

const ACCOUNT = '9999888877776666';
let sb: RunningSandbox;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  sb = await startSandbox({ scenario: otherAccountScenario(), speed: 1000 });
  dir = await tempDir();
});
afterAll(async () => {
  await sb.close();
  await dir.cleanup();
});

const stateDir = () => join(dir.path, 'state');
const run = (args: readonly string[]) => runCliInProcess([...args, '--state-dir', stateDir(), '--no-color'], sandboxCredentials(sb));

async function config(name: string, text: string): Promise<string> {
  const path = join(dir.path, name);
  await writeFile(path, text);
  return path;
}

/** Exit 1 with exactly one line on stderr, `Error: ...`; returns that line. */
function oneLineError(r: InProcessRun): string {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/^Error: [^\n]+\n$/);
  expect(r.stderr).not.toContain('Internal error');
  return r.stderr.trim();
}

const mutationsDuring = async (fn: () => Promise<InProcessRun>) => {
  const mark = sb.requestLog().length;
  const r = await fn();
  return {
    r,
    mutating: sb
      .requestLog()
      .slice(mark)
      .filter((e) => e.mutating),
  };
};

describe('keep rules naming no resource type', () => {
  it('a misspelt type is refused with the valid types', async () => {
    const c = await config('typo.yaml', 'keep:\n  - type: ecs.instances\n');
    const line = oneLineError(await run(['plan', '--config', c]));
    expect(line).toContain('keep rule #1: type "ecs.instances" is not a resource type');
    expect(line).toMatch(/valid types: .*ecs\.instance, /);
  });

  it('an address glob whose type part names no type is refused; one that can match is not', async () => {
    const bad = await config('addr.yaml', 'keep:\n  - type: vpc.vpc\n  - address: "ecs.instances/*"\n');
    expect(oneLineError(await run(['plan', '--config', bad]))).toContain(
      'keep rule #2: address "ecs.instances/*" does not start with a resource type',
    );
    const good = await config(
      'addr-ok.yaml',
      'keep:\n  - address: "vpc.*/cn-hangzhou/*"\n  - address: "*/global/x"\n  - address: "vpc.vp?/*"\n',
    );
    const r = await run(['plan', '--config', good]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('vpc.vpc/cn-hangzhou/vpc-other-1');
  });

  it('apply with a saved plan refuses a misspelt keep rule before any mutation', async () => {
    const planFile = join(dir.path, 'keep-plan.json');
    expect((await run(['plan', '--out', planFile])).code).toBe(0);
    const c = await config('typo2.yaml', 'keep:\n  - type: vpc.vpcs\n');
    const { r, mutating } = await mutationsDuring(() => run(['apply', planFile, `--confirm=${ACCOUNT}`, '--config', c]));
    expect(oneLineError(r)).toContain('type "vpc.vpcs" is not a resource type');
    expect(mutating).toEqual([]);
  });
});

describe('YAML alias tricks in the config', () => {
  it('an alias bomb is refused, not expanded', async () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
    const line = oneLineError(await run(['plan', '--config', await config('bomb.yaml', text)]));
    expect(line).toContain('too many YAML aliases');
  });

  it('a recursive alias is refused, naming where', async () => {
    const line = oneLineError(await run(['plan', '--config', await config('loop.yaml', 'keep:\n  - &r\n    id: x\n    reason: [*r]\n')]));
    expect(line).toContain('the YAML alias *r is inside the value it names');
  });
});

describe('an unusable --state-dir', () => {
  it('a file, or a folder below a file, is refused naming the path', async () => {
    const file = join(dir.path, 'not-a-folder');
    await writeFile(file, 'x');
    for (const path of [file, join(file, 'below')]) {
      const r = await runCliInProcess(['plan', '--state-dir', path], sandboxCredentials(sb));
      const line = oneLineError(r);
      expect(line).toContain(`--state-dir ${path}: cannot use it as the state folder`);
      expect(line).toContain('pass a writable folder with --state-dir');
    }
  });
});

describe('a hand-edited plan file with a recomputed checksum', () => {
  it('is refused in one line before any mutation', async () => {
    const planFile = join(dir.path, 'edited.json');
    expect((await run(['plan', '--out', planFile])).code).toBe(0);
    const data = JSON.parse(await readFile(planFile, 'utf8')) as Record<string, unknown>;
    delete data.checksum;
    (data.resources as Record<string, unknown>[])[0]!.steps = null;
    data.checksum = planChecksum(data as unknown as Plan);
    await mkdir(dir.path, { recursive: true });
    await writeFile(planFile, JSON.stringify(data));
    const { r, mutating } = await mutationsDuring(() => run(['apply', planFile, `--confirm=${ACCOUNT}`]));
    expect(oneLineError(r)).toContain('is not a valid aliyun-teardown plan (resources[0].steps: Expected array, received null)');
    expect(mutating).toEqual([]);
  });
});
