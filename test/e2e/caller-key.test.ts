// settings.deleteCallerAccessKey: the key running the teardown is deleted last, after
// everything else is gone, and no request is signed with it after its deletion.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, makeWorkspace, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT } from './scenarios.js';

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;

beforeAll(async () => {
  sb = await startSandbox({ scenario: 'demo', speed: 2000 });
  ws = await makeWorkspace();
});
afterAll(async () => {
  await sb.close();
  await ws.cleanup();
});

describe("deleting the caller's own AccessKey", { timeout: 300_000 }, () => {
  it('is the very last deletion, and nothing is signed with the key after it', async () => {
    const config = join(ws.cwd, 'teardown.yaml');
    await writeFile(config, 'settings:\n  deleteCallerAccessKey: true\n');
    const key = sb.callerAccessKey.id;
    const run = await runCli(['apply', `--confirm=${DEMO_ACCOUNT}`, '--config', config, '--poll-interval-ms', '50', '--no-color'], {
      cwd: ws.cwd,
      env: sandboxEnv(sb, ws.home),
    });
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/^Apply: \d+ destroyed, 0 already gone, 0 failed, 0 skipped, 0 kept, \d+ blocked\.$/m);

    const log = sb.requestLog();
    const deletions = log.filter((e) => e.mutating && e.status < 300);
    const last = deletions[deletions.length - 1];
    expect(last).toMatchObject({ product: 'ram', action: 'DeleteAccessKey', params: expect.objectContaining({ UserAccessKeyId: key }) });
    const lastIndex = log.indexOf(last!);
    expect(log.slice(lastIndex + 1).filter((e) => e.accessKeyId === key)).toEqual([]);
  });
});
