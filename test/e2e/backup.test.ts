// The backup habit end to end, through the built CLI on a small sandbox account: `backup --out
// DIR --objects` reads only; its manifest lists every resource of the plan; the zone, every
// policy version and every object (byte for byte, awkward keys included, all inside DIR) are
// there; `apply --require-backup` refuses an empty folder with nothing changed, and runs with DIR.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, filesUnder, logMark, makeWorkspace, mutatingRequestsSince, runCli, sandboxEnv } from './cli.js';
import { BACKUP_OBJECTS, backupAccountScenario } from './scenarios.js';

const ACCOUNT = '3333444455556666';
let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });

interface ManifestView {
  readonly account: { readonly id: string };
  readonly complete: boolean;
  readonly plan: { readonly file: string };
  readonly resources: ReadonlyArray<{
    readonly address: string;
    readonly status: string;
    readonly files: ReadonlyArray<{ readonly path: string }>;
    readonly objects?: { readonly index: string };
  }>;
}

beforeAll(async () => {
  sb = await startSandbox({ scenario: backupAccountScenario(), speed: 2000 });
  ws = await makeWorkspace();
});
afterAll(async () => {
  await ws.cleanup();
  await sb.close();
});

describe('backup, review, apply', { timeout: 300_000 }, () => {
  it('backs up everything the plan destroys without changing anything, and apply requires that backup', async () => {
    const dir = join(ws.cwd, 'nested', 'backup');
    const mark = logMark(sb);
    const run = await cli('backup', '--out', dir, '--objects', '--no-color');
    expect(run.code, describeRun(run)).toBe(0);
    expect(mutatingRequestsSince(sb, mark)).toEqual([]);
    expect(run.stdout).toContain(`aliyun-teardown apply ${join(dir, 'plan.json')} --confirm --require-backup ${dir}`);

    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ManifestView;
    const plan = JSON.parse(await readFile(join(dir, manifest.plan.file), 'utf8')) as { resources: Array<{ address: string }> };
    expect(manifest.account.id).toBe(ACCOUNT);
    expect(manifest.complete).toBe(true);
    expect(plan.resources.length).toBeGreaterThan(5);
    expect(manifest.resources.map((r) => r.address)).toEqual(plan.resources.map((r) => r.address));
    expect(manifest.resources.every((r) => r.status === 'complete')).toBe(true);

    const zone = await readFile(join(dir, 'dns', 'backup-demo.com.zone'), 'utf8');
    expect(zone).toContain('$ORIGIN backup-demo.com.');
    expect(zone).toMatch(/^@\t600\tIN\tA\t47\.96\.1\.1\t/m);
    expect(zone).toMatch(/^www\t600\tIN\tCNAME\tbackup-demo\.com\.\t/m);
    expect(zone).toMatch(/^@\t600\tIN\tTXT\t"v=spf1 include:spf\.example\.com -all"\t/m);

    const policy = JSON.parse(await readFile(join(dir, 'ram', 'policies', 'backup-app-policy.json'), 'utf8')) as {
      defaultVersion: string;
      versions: Array<{ versionId: string; policyDocument: string }>;
    };
    const scenarioPolicy = backupAccountScenario().ram.policies[0]!;
    expect(policy.defaultVersion).toBe('v2');
    expect(policy.versions.map((v) => [v.versionId, v.policyDocument])).toEqual(scenarioPolicy.versions.map((v) => [v.id, v.document]));
    const user = JSON.parse(await readFile(join(dir, 'ram', 'users', 'carol.json'), 'utf8')) as Record<string, unknown>;
    expect(user).toMatchObject({ groups: ['ops'], loginProfile: { present: true }, mfaDevice: { present: false } });
    expect(JSON.stringify(user)).not.toContain('backupCarolSecret');

    // Every object, byte for byte, at a path inside the backup folder; nothing written outside it.
    const bucket = manifest.resources.find((r) => r.address === 'oss.bucket/cn-hangzhou/backup-files')!;
    const index = (await readFile(join(dir, bucket.objects!.index), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; path: string });
    const expected = BACKUP_OBJECTS['backup-files']!;
    expect(index.map((o) => o.key).sort()).toEqual(Object.keys(expected).sort());
    const paths = new Set<string>();
    for (const o of index) {
      const file = resolve(dir, o.path);
      expect(relative(dir, file).startsWith('..'), o.path).toBe(false);
      expect(await readFile(file, 'utf8'), o.key).toBe(expected[o.key]);
      paths.add(o.path.toLowerCase());
    }
    expect(paths.size).toBe(index.length);
    expect(existsSync(join(ws.cwd, 'escape'))).toBe(false);
    expect(existsSync(join(ws.cwd, 'nested', 'escape'))).toBe(false);
    const written = await filesUnder(ws.cwd);
    expect(written.filter((f) => !f.startsWith(dir) && !f.includes('.aliyun-teardown'))).toEqual([]);

    // An empty folder is no backup: refused, one line, nothing sent that changes anything.
    const empty = join(ws.cwd, 'empty');
    await mkdir(empty);
    const before = logMark(sb);
    const refused = await cli('apply', join(dir, 'plan.json'), `--confirm=${ACCOUNT}`, '--require-backup', empty, '--no-color');
    expect(refused.code, describeRun(refused)).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`${empty} holds no backup`);
    expect(mutatingRequestsSince(sb, before)).toEqual([]);

    const applied = await cli(
      'apply',
      join(dir, 'plan.json'),
      `--confirm=${ACCOUNT}`,
      '--require-backup',
      dir,
      '--poll-interval-ms',
      '50',
      '--no-color',
    );
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(applied.stdout).toMatch(/^Apply: \d+ destroyed, 0 already gone, 0 failed, 0 skipped/m);
    expect(mutatingRequestsSince(sb, before).length).toBeGreaterThan(0);
  });
});
