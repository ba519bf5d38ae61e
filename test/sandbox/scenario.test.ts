import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sandbox/scenario.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { stsClient } from './clients.js';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-scenario-'));

const YAML = `
account:
  id: "2222333344445555"
  regions: [cn-beijing]
  rootAccessKeys:
    - { id: LTAI5tRootOfSmall01, secret: small-root-secret }
  caller: { accessKeyId: LTAI5tRootOfSmall01 }
ram:
  users:
    - name: ci
      accessKeys: [{ id: LTAI5tSmallCi000001, secret: small-ci-secret }]
`;

describe('scenario loader', () => {
  it('merges the demo sections, one per product', () => {
    const { data } = loadScenario('demo');
    expect(Object.keys(data).sort()).toEqual([
      'account',
      'alidns',
      'bss',
      'domain',
      'ecs',
      'ess',
      'kvstore',
      'mongodb',
      'nas',
      'oss',
      'polardb',
      'ram',
      'rds',
      'resourcecenter',
      'ros',
      'slb',
      'sls',
      'vpc',
    ]);
  });

  it('loads a YAML file and serves it', async () => {
    const path = join(dir, 'small.yaml');
    writeFileSync(path, YAML);
    const sb = await startSandbox({ scenario: path });
    try {
      expect(sb.accountId).toBe('2222333344445555');
      const res = await stsClient(sb).getCallerIdentity();
      expect(res.body).toMatchObject({ accountId: '2222333344445555', identityType: 'Account' });
      const ci = await stsClient(sb, { accessKeyId: 'LTAI5tSmallCi000001', accessKeySecret: 'small-ci-secret' }).getCallerIdentity();
      expect(ci.body?.arn).toBe('acs:ram::2222333344445555:user/ci');
    } finally {
      await sb.close();
    }
  });

  it('loads a JSON file', () => {
    const path = join(dir, 'small.json');
    writeFileSync(path, JSON.stringify({ account: { id: '2222333344445555', regions: ['cn-beijing'], caller: { accessKeyId: 'k' } } }));
    expect(loadScenario(path).data.account).toMatchObject({ id: '2222333344445555' });
  });

  it('gives one-line errors naming the source and the problem', async () => {
    const bad = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    expect(() => loadScenario(join(dir, 'missing.yaml'))).toThrow(/^scenario .*missing\.yaml: cannot be read \(ENOENT\)$/);
    expect(() => loadScenario(bad('broken.yaml', 'account: [\n'))).toThrow(/broken\.yaml: is not valid YAML/);
    expect(() =>
      loadScenario(bad('typo.yaml', 'account: {id: "2222333344445555", regions: [cn-beijing], caller: {accessKeyId: k}}\necss: {}\n')),
    ).toThrow(/typo\.yaml: unknown section "ecss"/);
    expect(() =>
      loadScenario(bad('id.yaml', 'account: {id: 2222333344445555, regions: [cn-beijing], caller: {accessKeyId: k}}\n')),
    ).toThrow(/account\.id must be a 16-digit string/);
    await expect(
      startSandbox({ scenario: bad('group.yaml', YAML.replace('accessKeys:', 'groups: [nope]\n      accessKeys:')) }),
    ).rejects.toThrow(/group\.yaml: ram\.users\[0\]\.groups: group nope is not defined/);
    await expect(
      startSandbox({
        scenario: bad('caller.yaml', YAML.replace('caller: { accessKeyId: LTAI5tRootOfSmall01 }', 'caller: { accessKeyId: LTAI5tNobody }')),
      }),
    ).rejects.toThrow(/LTAI5tNobody is not an active AccessKey/);
  });
});
