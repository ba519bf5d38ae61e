/**
 * backupPlan and requireBackup with the real catalogue, the real SDK clients and the
 * in-process demo sandbox: a backup only reads; what it lacks is said, and apply's guard
 * refuses it, naming what is missing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupDirectory, backupPlan, requireBackup, type Manifest } from '../../src/backup/index.js';
import { TYPE_BACKUPS } from '../../src/backup/capture/index.js';
import { CloudClients, type ApiCallEvent } from '../../src/cloud/clients.js';
import { getCallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_CONFIG } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';
import { planTeardown, type Plan } from '../../src/plan/index.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

let sandbox: RunningSandbox;
let root: string;
let plan: Plan;
let manifest: Manifest;
const calls: ApiCallEvent[] = [];

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'demo', port: 0, host: '127.0.0.1' });
  root = await mkdtemp(join(tmpdir(), 'teardown-backup-demo-'));
  const clients = new CloudClients({
    credentials: { accessKeyId: sandbox.callerAccessKey.id, accessKeySecret: sandbox.callerAccessKey.secret, source: 'static' },
    // Read-write on purpose: backupPlan must narrow them to read-only itself.
    mode: 'read-write',
    endpointOverride: sandbox.url,
    onCall: (e) => calls.push(e),
  });
  const caller = await getCallerIdentity(clients);
  const common = { signal: new AbortController().signal, log: pino({ level: 'silent' }) };
  plan = await planTeardown({
    registry: defaultRegistry(),
    config: DEFAULT_CONFIG,
    clients: clients.readOnly(),
    caller,
    toolVersion: '0.1.0',
    ...common,
  });
  calls.length = 0;
  const dir = await BackupDirectory.open(root);
  manifest = await backupPlan({
    plan,
    clients,
    dir,
    objects: false,
    allVersions: false,
    concurrency: 4,
    toolVersion: '0.1.0',
    now: new Date('2026-11-01T00:00:00Z'),
    ...common,
  });
  await dir.close();
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await sandbox.close();
});

describe('backup of the demo account, configuration only', () => {
  it('has a backup rule for every resource type', () => {
    expect(
      defaultRegistry()
        .types.map((t) => t.type)
        .filter((t) => !(t in TYPE_BACKUPS)),
    ).toEqual([]);
  });

  it('only reads', () => {
    expect(calls.map((c) => c.action)).toEqual(
      expect.arrayContaining([
        'ListPolicyVersions',
        'GetRole',
        'GetLoginProfile',
        'DescribeDomainRecords',
        'DescribeSecurityGroupAttribute',
        'getBucketACL',
      ]),
    );
    expect(calls.filter((c) => c.mutating)).toEqual([]);
    // The only failures are the documented answers for "not configured".
    const notConfigured = [
      'NoSuchLifecycle',
      'NoSuchCORSConfiguration',
      'NoSuchWORMConfiguration',
      'EntityNotExist.User.LoginProfile',
      'EntityNotExist.User.MFADevice',
    ];
    expect(calls.filter((c) => !c.ok && !notConfigured.includes(c.code ?? ''))).toEqual([]);
  });

  it('lists every resource of the plan with its properties and tags, and the plan it covers', async () => {
    expect(manifest.resources.map((r) => r.address)).toEqual(plan.resources.map((n) => n.address));
    for (const [i, r] of manifest.resources.entries()) {
      expect(r.properties).toEqual(plan.resources[i]!.resource.properties);
      expect(r.tags).toEqual(plan.resources[i]!.resource.tags);
    }
    const saved = JSON.parse(await readFile(join(root, 'plan.json'), 'utf8')) as { resources: unknown[] };
    expect(saved.resources).toHaveLength(plan.resources.length);
    const onDisk = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as { checksum: string };
    expect(onDisk.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes what recreates the configuration, and says what it cannot hold', async () => {
    const files = (address: string) => manifest.resources.find((r) => r.address === address)?.files.map((f) => f.path);
    expect(files('ecs.security-group/cn-hangzhou/sg-hz-db')).toEqual(['ecs/security-groups/cn-hangzhou/sg-hz-db.json']);
    const sg = JSON.parse(await readFile(join(root, 'ecs/security-groups/cn-hangzhou/sg-hz-db.json'), 'utf8')) as {
      rules: Array<{ sourceGroupId?: string }>;
    };
    expect(sg.rules.some((r) => r.sourceGroupId === 'sg-hz-web')).toBe(true);
    const role = JSON.parse(await readFile(join(root, 'ram/roles/app-role.json'), 'utf8')) as {
      assumeRolePolicyDocument: string;
      attachedPolicies: unknown[];
    };
    expect(JSON.parse(role.assumeRolePolicyDocument)).toMatchObject({ Statement: [{ Action: 'sts:AssumeRole' }] });
    expect(role.attachedPolicies).toEqual([{ policyName: 'demo-custom-readonly', policyType: 'Custom' }]);
    const policy = JSON.parse(await readFile(join(root, 'ram/policies/demo-custom-readonly.json'), 'utf8')) as {
      versions: Array<{ versionId: string }>;
    };
    expect(policy.versions.map((v) => v.versionId)).toEqual(['v1', 'v2', 'v3']);
    const group = JSON.parse(await readFile(join(root, 'ram/groups/developers.json'), 'utf8')) as { members: Array<{ userName: string }> };
    expect(group.members.map((m) => m.userName).sort()).toEqual(['alice', 'bob']);
    const bucket = JSON.parse(await readFile(join(root, 'oss/demo-logs-versioned/configuration.json'), 'utf8')) as Record<string, unknown>;
    expect(bucket).toMatchObject({ acl: 'private', policy: null, lifecycleRules: [], corsRules: [], versioning: 'Enabled', worm: null });
    expect(files('slb.load-balancer/cn-hangzhou/lb-hz-web')).toEqual(['slb/cn-hangzhou/lb-hz-web.json']);
    expect(await readFile(join(root, 'dns/example-demo.com.zone'), 'utf8')).toMatch(/^api\t600\tIN\tA\t47\.96\.0\.11\t/m);

    const disk = manifest.resources.find((r) => r.address === 'ecs.disk/cn-hangzhou/d-hz-spare');
    expect(disk).toMatchObject({ status: 'complete', files: [] });
    expect(disk?.cannotBackUp).toMatch(/snapshot .*ExportImage/);
    expect(manifest.resources.find((r) => r.type === 'rds.instance')?.cannotBackUp).toMatch(/rdsReleasedKeepPolicy/);
  });

  it('marks buckets with objects incomplete without --objects', () => {
    const buckets = manifest.resources.filter((r) => r.type === 'oss.bucket');
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.every((b) => b.status === 'incomplete' && /run backup with --objects/.test(b.missing ?? ''))).toBe(true);
    expect(manifest.complete).toBe(false);
  });
});

describe('requireBackup', () => {
  it('refuses an incomplete backup, naming what is missing', async () => {
    expect(await refusal(requireBackup(root, plan, sandbox.accountId))).toMatch(
      /^--require-backup .*: the backup does not cover \d+ of the \d+ resources the plan destroys — oss\.bucket\/.*: its \d+ objects were not downloaded: run backup with --objects.*; nothing was changed\./,
    );
  });

  it('refuses when every resource is complete but a file was altered, or a resource changed since, or another account', async () => {
    const complete: Plan = { ...plan, resources: plan.resources.filter((n) => n.type !== 'oss.bucket') };
    await expect(requireBackup(root, complete, sandbox.accountId)).resolves.toMatchObject({ account: { id: sandbox.accountId } });

    const zone = join(root, 'dns/example-demo.com.zone');
    const original = await readFile(zone, 'utf8');
    await writeFile(zone, original.replace('47.96.0.11', '47.96.0.99'));
    expect(await refusal(requireBackup(root, complete, sandbox.accountId))).toContain(
      'dns.domain/global/example-demo.com: dns/example-demo.com.zone was changed after the backup',
    );
    await writeFile(zone, original);

    const changed: Plan = {
      ...complete,
      resources: complete.resources.map((n, i) => (i === 0 ? { ...n, fingerprint: 'f'.repeat(64) } : n)),
    };
    expect(await refusal(requireBackup(root, changed, sandbox.accountId))).toContain(
      `${complete.resources[0]!.address}: changed since the backup`,
    );
    expect(await refusal(requireBackup(root, complete, '9999999999999999'))).toMatch(
      /is a backup of account 1234567890123456, not of 9999999999999999/,
    );
  });

  it('refuses an edited manifest and a folder without one', async () => {
    const path = join(root, 'manifest.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"complete": false', '"complete": true'));
    expect(await refusal(requireBackup(root, plan, sandbox.accountId))).toMatch(/manifest\.json was modified after backup wrote it/);
    await writeFile(path, text);
    const empty = await mkdtemp(join(tmpdir(), 'teardown-backup-empty-'));
    try {
      expect(await refusal(requireBackup(empty, plan, sandbox.accountId))).toBe(
        `${empty} holds no backup (${join(empty, 'manifest.json')}: not found); make one with: aliyun-teardown backup --out ${empty}`,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
