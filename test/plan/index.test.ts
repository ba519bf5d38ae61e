import { describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';
import { planTeardown, type PlanTeardownOptions } from '../../src/plan/index.js';
import type { ScanProgress } from '../../src/plan/scan.js';
import { CALLER, NOW, demoCloud, fakeRegistry, silentLog } from './fakes.js';

const clients = new CloudClients({
  credentials: { accessKeyId: CALLER.accessKeyId, accessKeySecret: 'test-secret', source: 'static' },
  mode: 'read-write',
  endpointOverride: 'http://cloud.test',
});

function options(configText: string, over: Partial<PlanTeardownOptions> = {}): PlanTeardownOptions {
  return {
    registry: fakeRegistry(demoCloud()),
    config: parseConfig(configText, 'teardown.yaml'),
    clients,
    caller: CALLER,
    toolVersion: '0.1.0',
    now: NOW,
    signal: new AbortController().signal,
    log: silentLog,
    ...over,
  };
}

describe('planTeardown', () => {
  it('refuses a blocklisted account before scanning anything', async () => {
    const events: ScanProgress[] = [];
    const err = await planTeardown(
      options('accountBlocklist: [1234567890123456]\nregions: [cn-hangzhou]\n', { onProgress: (e) => events.push(e) }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(
      "account 1234567890123456 is in the config's accountBlocklist, so it is never scanned or changed; use another account's credentials, or remove it from accountBlocklist if it really is to be emptied",
    );
    expect(events).toEqual([]);
  });

  it('scans, applies keep rules and builds the plan from the config', async () => {
    const plan = await planTeardown(options('regions: [cn-hangzhou]\nkeep:\n  - name: db\n'));
    expect(plan.account).toEqual({ id: CALLER.accountId, callerArn: CALLER.arn, identityType: 'RAMUser', accessKeyId: CALLER.accessKeyId });
    expect(plan.scope.regions).toEqual(['cn-hangzhou']);
    expect(plan.kept.map((k) => k.address)).toEqual(['ecs.instance/cn-hangzhou/i-db']);
    expect(plan.summary).toEqual({ toDestroy: 8, kept: 1, blocked: 3, gaps: 0 });
    expect(plan.createdAt).toBe(NOW.toISOString());
  });

  it('--only replaces the config include, --exclude adds to the config exclude, --regions replaces regions', async () => {
    const config = 'regions: [cn-shanghai]\ninclude: [ram]\nexclude: [vpc.vpc]\n';
    const plan = await planTeardown(options(config, { only: ['vpc', 'ecs'], exclude: ['ecs.security-group'], regions: ['cn-hangzhou'] }));
    expect(plan.scope).toEqual({ regions: ['cn-hangzhou'], types: ['ecs.instance', 'vpc.vswitch'] });
    expect(plan.resources.map((n) => n.address)).toEqual([
      'ecs.instance/cn-hangzhou/i-db',
      'ecs.instance/cn-hangzhou/i-web',
      'vpc.vswitch/cn-hangzhou/vsw-db',
      'vpc.vswitch/cn-hangzhou/vsw-web',
    ]);
    const fromConfig = await planTeardown(options(config));
    expect(fromConfig.scope).toEqual({ regions: ['cn-shanghai'], types: ['ram.access-key', 'ram.user'] });
  });
});
