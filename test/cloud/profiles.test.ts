/**
 * --profile across both profile files, the one-line "no credentials" error, and a RamRoleArn
 * profile assumed on the sandbox through ALIYUN_TEARDOWN_ENDPOINT.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { CredentialsError, resolveCredentials } from '../../src/cloud/credentials.js';
import { getCallerIdentity } from '../../src/cloud/identity.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

const ALICE = { id: 'LTAI5tDemoAlice000001', secret: 'demoSecretAlice1000000000000000000' };

let home: string;
const saved = { ...process.env };
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'teardown-profiles-'));
  for (const k of Object.keys(process.env)) if (k.startsWith('ALIBABA_CLOUD_') || k.startsWith('ALICLOUD_')) delete process.env[k];
  process.env.HOME = home;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  rmSync(home, { recursive: true, force: true });
});

function cliConfig(profiles: Record<string, unknown>[], current = 'default'): void {
  mkdirSync(join(home, '.aliyun'), { recursive: true });
  writeFileSync(join(home, '.aliyun', 'config.json'), JSON.stringify({ current, profiles }));
}
function credentialsFile(text: string): void {
  mkdirSync(join(home, '.alibabacloud'), { recursive: true });
  writeFileSync(join(home, '.alibabacloud', 'credentials'), text);
}
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected an error');
    },
    (e: unknown) => e as Error,
  );

describe('--profile', () => {
  it('names a section of ~/.alibabacloud/credentials as well as an aliyun CLI profile', async () => {
    cliConfig([{ name: 'default', mode: 'AK', access_key_id: 'AK_CLI', access_key_secret: 'S_CLI' }]);
    credentialsFile(
      '[default]\ntype = access_key\naccess_key_id = AK_DEFAULT\naccess_key_secret = S_DEFAULT\n\n[ci]\ntype = access_key\naccess_key_id = AK_CI\naccess_key_secret = S_CI\n',
    );
    expect(await resolveCredentials({ profile: 'ci' })).toMatchObject({
      accessKeyId: 'AK_CI',
      accessKeySecret: 'S_CI',
      source: 'profile ci',
    });
    // A name in both files is the CLI's profile, as `--profile` always meant.
    expect(await resolveCredentials({ profile: 'default' })).toMatchObject({ accessKeyId: 'AK_CLI' });
  });

  it('an unknown profile is refused in one line, listing the profiles there are', async () => {
    cliConfig([
      { name: 'default', mode: 'AK', access_key_id: 'A', access_key_secret: 'S' },
      { name: 'prod', mode: 'AK', access_key_id: 'A', access_key_secret: 'S' },
    ]);
    credentialsFile('[ci]\ntype = access_key\naccess_key_id = A\naccess_key_secret = S\n');
    const err = await errorOf(resolveCredentials({ profile: 'staging' }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toBe(
      'no profile "staging": ~/.aliyun/config.json has default, prod; ~/.alibabacloud/credentials has ci. Pass one of those, or create it with `aliyun configure --profile staging`',
    );
  });

  it('says which files do not exist when there is no profile at all', async () => {
    const err = await errorOf(resolveCredentials({ profile: 'x' }));
    expect(err.message).toMatch(
      /^no profile "x": ~\/\.aliyun\/config\.json does not exist; ~\/\.alibabacloud\/credentials does not exist\./,
    );
  });
});

describe('no credentials anywhere', () => {
  it('is one line naming the sources tried and the fix, without the SDK chain dump', async () => {
    const err = await errorOf(resolveCredentials());
    expect(err.message).toBe(
      'no Alibaba Cloud credentials found (tried environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS instance RAM role): set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or pass --profile NAME (a profile made by `aliyun configure`, or a section of ~/.alibabacloud/credentials), or use --sandbox to try the tool on an emulated account',
    );
    expect(err.message).not.toMatch(/enviroment|undefined/);
  });
});

describe('a RamRoleArn profile with ALIYUN_TEARDOWN_ENDPOINT', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());

  const callerOf = async (c: Awaited<ReturnType<typeof resolveCredentials>>) =>
    getCallerIdentity(new CloudClients({ credentials: c, mode: 'read-only', endpointOverride: sb.url }));

  it('assumes the role on that endpoint (aliyun CLI profile)', async () => {
    cliConfig([
      {
        name: 'teardown',
        mode: 'RamRoleArn',
        access_key_id: ALICE.id,
        access_key_secret: ALICE.secret,
        ram_role_arn: 'acs:ram::1234567890123456:role/app-role',
        ram_session_name: 'nightly',
      },
    ]);
    const c = await resolveCredentials({ profile: 'teardown', endpointOverride: sb.url });
    expect(c.accessKeyId).toMatch(/^STS\./);
    expect(c.securityToken).toBeTruthy();
    expect(c.source).toBe('profile teardown (role acs:ram::1234567890123456:role/app-role)');
    expect(await callerOf(c)).toMatchObject({
      identityType: 'AssumedRoleUser',
      arn: 'acs:ram::1234567890123456:assumed-role/app-role/nightly',
    });
    // AssumeRole changes nothing in the account.
    expect(sb.requestLog().filter((e) => e.mutating)).toEqual([]);
  });

  it('assumes the role of a ram_role_arn section, also when the chain picks it (ALIBABA_CLOUD_PROFILE)', async () => {
    credentialsFile(
      `[nightly]\ntype = ram_role_arn\naccess_key_id = ${ALICE.id}\naccess_key_secret = ${ALICE.secret}\nrole_arn = acs:ram::1234567890123456:role/app-role\nrole_session_name = ci\n`,
    );
    process.env.ALIBABA_CLOUD_PROFILE = 'nightly';
    const c = await resolveCredentials({ endpointOverride: sb.url });
    expect(await callerOf(c)).toMatchObject({ arn: 'acs:ram::1234567890123456:assumed-role/app-role/ci' });
  });

  it('explains a refused AssumeRole in one line', async () => {
    cliConfig([
      {
        name: 'bad',
        mode: 'RamRoleArn',
        access_key_id: ALICE.id,
        access_key_secret: ALICE.secret,
        ram_role_arn: 'acs:ram::1234567890123456:role/nope',
      },
    ]);
    const err = await errorOf(resolveCredentials({ profile: 'bad', endpointOverride: sb.url }));
    expect(err.message).toMatch(
      /^profile bad \(~\/\.aliyun\/config\.json\): STS AssumeRole acs:ram::1234567890123456:role\/nope failed: EntityNotExist\.Role: /,
    );
  });
});
