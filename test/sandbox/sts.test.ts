import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityResponseBody } from '@alicloud/sts20150401';
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
