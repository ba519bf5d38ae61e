import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleRequest, AssumeRoleResponseBody, GetCallerIdentityResponseBody } from '@alicloud/sts20150401';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { assertWireKeysMatchModel } from './sdk-model.js';
import { rpc, stsClient } from './clients.js';

describe('STS GetCallerIdentity', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());

  it('identifies the RAM user whose key signed the request', async () => {
    const res = await stsClient(sb).getCallerIdentity();
    // The typed call hands back the parsed model; the raw JSON is what must use only wire names.
    assertWireKeysMatchModel(GetCallerIdentityResponseBody, await rpc(sb, '2015-04-01', 'GetCallerIdentity', {}));
    expect(res.body).toMatchObject({
      accountId: '1234567890123456',
      arn: 'acs:ram::1234567890123456:user/teardown-bot',
      identityType: 'RAMUser',
    });
    expect(res.body?.userId).toMatch(/^\d{18}$/);
    expect(res.body?.principalId).toBe(res.body?.userId);
    expect(res.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('identifies the root account when a root AccessKey signs', async () => {
    const res = await stsClient(sb, {
      accessKeyId: 'LTAI5tDemoRootKey00001',
      accessKeySecret: 'demoSecretRootKey000000000000000000',
    }).getCallerIdentity();
    expect(res.body).toMatchObject({
      accountId: '1234567890123456',
      arn: 'acs:ram::1234567890123456:root',
      identityType: 'Account',
      userId: '1234567890123456',
    });
  });
});

describe('STS AssumeRole', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());

  const alice = { accessKeyId: 'LTAI5tDemoAlice000001', accessKeySecret: 'demoSecretAlice1000000000000000000' };
  const assume = (roleArn: string, opts = alice, roleSessionName = 'teardown') =>
    stsClient(sb, opts).assumeRole(new AssumeRoleRequest({ roleArn, roleSessionName }));
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (e: { code?: string; data?: { Code?: string } }) => e.data?.Code ?? e.code,
    );

  it('issues a temporary key that signs as the assumed role', async () => {
    const res = await assume('acs:ram::1234567890123456:role/App-Role');
    assertWireKeysMatchModel(
      AssumeRoleResponseBody,
      await rpc(sb, '2015-04-01', 'AssumeRole', { RoleArn: 'acs:ram::1234567890123456:role/app-role', RoleSessionName: 'raw' }, alice),
    );
    const c = res.body?.credentials;
    expect(c?.accessKeyId).toMatch(/^STS\./);
    expect(c?.securityToken).toBeTruthy();
    expect(res.body?.assumedRoleUser?.arn).toBe('acs:ram::1234567890123456:role/app-role/teardown');
    const temporary = stsClient(sb, {
      accessKeyId: c!.accessKeyId!,
      accessKeySecret: c!.accessKeySecret!,
      securityToken: c!.securityToken!,
    });
    const who = await temporary.getCallerIdentity();
    expect(who.body).toMatchObject({
      accountId: '1234567890123456',
      identityType: 'AssumedRoleUser',
      arn: 'acs:ram::1234567890123456:assumed-role/app-role/teardown',
    });
    // Without its token the temporary key is refused.
    const tokenless = stsClient(sb, { accessKeyId: c!.accessKeyId!, accessKeySecret: c!.accessKeySecret! });
    expect(await codeOf(tokenless.getCallerIdentity())).toBe('MissingSecurityToken');
  });

  it('refuses what the real STS refuses', async () => {
    expect(await codeOf(assume('acs:ram::1234567890123456:role/nope'))).toBe('EntityNotExist.Role');
    expect(await codeOf(assume('acs:ram::9999888877776666:role/app-role'))).toBe('EntityNotExist.Role');
    expect(await codeOf(assume('app-role'))).toBe('InvalidParameter.RoleArn');
    expect(await codeOf(assume('acs:ram::1234567890123456:role/app-role', alice, 'x'))).toBe('InvalidParameter.RoleSessionName');
    const root = { accessKeyId: 'LTAI5tDemoRootKey00001', accessKeySecret: 'demoSecretRootKey000000000000000000' };
    expect(await codeOf(assume('acs:ram::1234567890123456:role/app-role', root))).toBe('NoPermission');
  });
});
