// Log Service projects end to end, on the sandbox: the plan lists each project with the
// Logstores that go with it, keeps the one tagged keep=true, and `apply plan.json` deletes the
// rest — but not a project tagged keep=true in the cloud after the plan was saved.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Sls, * as $Sls from '@alicloud/sls20201230';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveLocalhostNames } from '../../src/cloud/localhost-names.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { slsState } from '../../src/sandbox/sls/index.js';
import { demoScenario, sdkClass } from '../sandbox/products/sandbox-rpc.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, runCli, sandboxEnv } from './cli.js';
import { DEMO_ACCOUNT } from './scenarios.js';

const scenario = (): Record<string, unknown> => ({
  ...demoScenario(),
  sls: {
    projects: [
      { name: 'app-logs', region: 'cn-hangzhou', logstores: ['access', 'error'] },
      { name: 'billing-logs', region: 'cn-hangzhou', logstores: ['invoices'] },
      { name: 'audit-logs', region: 'cn-shanghai', logstores: ['trail'], tags: { keep: 'true' } },
    ],
  },
});

let ws: Awaited<ReturnType<typeof makeWorkspace>>;
afterEach(async () => ws?.cleanup());

describe('Log Service projects', { timeout: 300_000 }, () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 2000 });
  });
  afterAll(async () => sb?.close());

  it('plans each project with its Logstores, keeps the tagged one, and deletes only what is still unkept at apply time', async () => {
    ws = await makeWorkspace();
    const env = sandboxEnv(sb, ws.home);
    const config = join(ws.cwd, 'teardown.yaml');
    await writeFile(config, 'keep:\n  - tag: {key: keep, value: "true"}\n');
    const planFile = join(ws.cwd, 'plan.json');

    const plan = await runCli(['plan', '--only', 'sls.project', '--config', config, '--out', planFile, '--no-color'], { cwd: ws.cwd, env });
    expect(plan.code, describeRun(plan)).toBe(0);
    expect(plan.stdout).toContain('sls.project/cn-hangzhou/app-logs will be destroyed');
    expect(plan.stdout).toContain('delete the project with its 2 Logstores and their logs');
    expect(plan.stdout).toContain('delete the project with its Logstore and its logs');
    expect(plan.stdout).toContain('sls.project/cn-shanghai/audit-logs: keep rule #1: tag keep=true');
    expect(plan.stdout).toMatch(/^Plan: 2 to destroy, 1 kept, 0 blocked\.$/m);

    // Someone tags billing-logs keep=true in the cloud after the plan was saved (SLS TagResources).
    resolveLocalhostNames();
    const sls = new (sdkClass<InstanceType<typeof Sls.default>>(Sls))(
      new $OpenApiUtil.Config({
        accessKeyId: sb.callerAccessKey.id,
        accessKeySecret: sb.callerAccessKey.secret,
        endpoint: `cn-hangzhou.localhost:${sb.port}`,
        protocol: 'http',
      }),
    );
    await sls.tagResources(
      new $Sls.TagResourcesRequest({
        resourceType: 'project',
        resourceId: ['billing-logs'],
        tags: [new $Sls.TagResourcesRequestTags({ key: 'keep', value: 'true' })],
      }),
    );

    const mark = logMark(sb);
    const apply = await runCli(
      ['apply', planFile, `--confirm=${DEMO_ACCOUNT}`, '--config', config, '--no-color', '--poll-interval-ms', '50'],
      {
        cwd: ws.cwd,
        env,
      },
    );
    expect(apply.code, describeRun(apply)).toBe(3);
    expect(apply.stdout).toMatch(/sls\.project\/cn-hangzhou\/billing-logs.*kept since the plan was made: keep rule #1: tag keep=true/);
    const mutations = mutatingRequestsSince(sb, mark).map((e) => `${e.product} ${e.action} ${e.params.ProjectName ?? ''}`);
    expect(mutations).toEqual(['sls DeleteProject app-logs']);
    expect([...slsState(sb.world).projects.keys()].sort()).toEqual(['cn-hangzhou/billing-logs', 'cn-shanghai/audit-logs']);
  });

  it('a region whose projects cannot be listed is a scan gap naming the RAM action (log:ListProject), never "no projects"', async () => {
    ws = await makeWorkspace();
    sb.deny([{ product: 'sls', action: 'ListProject', region: 'cn-shanghai' }]);
    try {
      const plan = await runCli(['plan', '--only', 'sls.project', '--no-color'], { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });
      expect(plan.code, describeRun(plan)).toBe(4);
      expect(plan.stdout).toContain('sls.project in cn-shanghai: log:ListProject failed with Unauthorized: denied by sts or ram');
      expect(plan.stdout).toContain('fix: grant log:ListProject to the caller (RAM), then plan again');
    } finally {
      sb.deny([]);
    }
  });
});
