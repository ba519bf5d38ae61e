// A saved plan records where it was made; apply says when it runs elsewhere, and counts what it
// found already gone apart from what it destroyed.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { otherAccountScenario } from '../e2e/scenarios.js';
import { runCliInProcess, sandboxCredentials, tempDir } from './in-process.js';

const ACCOUNT = '9999888877776666';
let first: RunningSandbox;
let second: RunningSandbox;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  first = await startSandbox({ scenario: otherAccountScenario(), speed: 1000 });
  second = await startSandbox({ scenario: otherAccountScenario(), speed: 1000 });
  dir = await tempDir();
});
afterAll(async () => {
  await first.close();
  await second.close();
  await dir.cleanup();
});

const run = (sb: RunningSandbox, stateDir: string, args: readonly string[]) =>
  runCliInProcess(
    [...args, '--state-dir', join(dir.path, stateDir), ...(args[0] === 'apply' ? ['--poll-interval-ms', '20'] : [])],
    sandboxCredentials(sb),
  );

describe('where and by whom a plan was made', () => {
  it('is recorded; apply notes another endpoint, and "already gone" is not "destroyed"', async () => {
    const planFile = join(dir.path, 'plan.json');
    const planned = await run(first, 'a', ['plan', '--out', planFile, '--json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(JSON.parse(planned.stdout)).toMatchObject({ endpoint: first.url });

    const applied = await run(first, 'a', ['apply', planFile, `--confirm=${ACCOUNT}`]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).not.toContain('Note:');
    // The saved plan was reviewed already: it is named and summed up, not printed whole again.
    expect(applied.stdout).toContain(`Applying the saved plan ${planFile}`);
    expect(applied.stdout).not.toContain('will be destroyed');
    expect(applied.stdout).toMatch(/^Apply: 1 destroyed, 0 already gone, 0 failed, 0 skipped, 0 kept, 0 blocked\.$/m);

    // The same plan with a fresh journal: nothing left to do, and it does not claim the work.
    const again = await run(first, 'b', ['apply', planFile, `--confirm=${ACCOUNT}`]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Apply: 0 destroyed, 1 already gone, 0 failed, 0 skipped, 0 kept, 0 blocked\.$/m);

    const elsewhere = await run(second, 'c', ['apply', planFile, `--confirm=${ACCOUNT}`]);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toContain(`Note: this plan was made against ${first.url}; this apply talks to ${second.url}\n`);
  });
});
