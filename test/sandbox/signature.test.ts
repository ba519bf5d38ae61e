import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteAccessKeyRequest } from '@alicloud/ram20150501';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { acsEncode, rpcV1StringToSign } from '../../src/sandbox/signature.js';
import { ramClient, sdkError, stsClient } from './clients.js';

const BOB_KEY = { accessKeyId: 'LTAI5tDemoBob00000001', accessKeySecret: 'demoSecretBob000000000000000000000' };

describe('RPC signatures', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());

  it('accepts ACS3-HMAC-SHA256, the SDK default', async () => {
    const res = await stsClient(sb).getCallerIdentity();
    expect(res.body?.arn).toBe('acs:ram::1234567890123456:user/teardown-bot');
    expect(sb.requestLog().at(-1)).toMatchObject({
      product: 'sts',
      action: 'GetCallerIdentity',
      status: 200,
      accessKeyId: 'LTAI5tDemoTeardownBot01',
    });
  });

  it("accepts RPC v1 HMAC-SHA1 (SDK signatureAlgorithm 'v2')", async () => {
    const res = await stsClient(sb, { signature: 'v1' }).getCallerIdentity();
    expect(res.body?.arn).toBe('acs:ram::1234567890123456:user/teardown-bot');
  });

  it('rejects a signature made with the wrong secret: SignatureDoesNotMatch (400), both algorithms', async () => {
    for (const signature of ['acs3', 'v1'] as const) {
      const err = await sdkError(stsClient(sb, { accessKeySecret: 'not-the-secret', signature }).getCallerIdentity());
      expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 400 });
      expect(err.data).toMatchObject({ Code: 'SignatureDoesNotMatch', HostId: 'sts.aliyuncs.com' });
      expect(Object.keys(err.data).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    }
  });

  it('rejects an unknown AccessKey: InvalidAccessKeyId.NotFound (404)', async () => {
    const err = await sdkError(stsClient(sb, { accessKeyId: 'LTAI5tNoSuchKey', accessKeySecret: 'x' }).getCallerIdentity());
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
  });

  it('rejects a disabled AccessKey: InvalidAccessKeyId.Inactive (400)', async () => {
    const err = await sdkError(
      stsClient(sb, { accessKeyId: 'LTAI5tDemoAlice000002', accessKeySecret: 'demoSecretAlice2000000000000000000' }).getCallerIdentity(),
    );
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.Inactive', statusCode: 400 });
  });

  it('stops accepting a key once it is deleted through RAM', async () => {
    expect((await stsClient(sb, BOB_KEY).getCallerIdentity()).body?.arn).toBe('acs:ram::1234567890123456:user/bob');
    await ramClient(sb).deleteAccessKey(new DeleteAccessKeyRequest({ userName: 'bob', userAccessKeyId: BOB_KEY.accessKeyId }));
    const err = await sdkError(stsClient(sb, BOB_KEY).getCallerIdentity());
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
  });

  it('refuses a replayed nonce and an unsigned action header (raw HTTP)', async () => {
    // RPC v1 by hand, with a fixed nonce, sent twice.
    const params: Record<string, string> = {
      Action: 'GetCallerIdentity',
      Version: '2015-04-01',
      Format: 'json',
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      SignatureNonce: 'fixed-nonce-for-replay-test',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: sb.callerAccessKey.id,
    };
    const { createHmac } = await import('node:crypto');
    params.Signature = createHmac('sha1', `${sb.callerAccessKey.secret}&`).update(rpcV1StringToSign('POST', params)).digest('base64');
    const qs = Object.entries(params)
      .map(([k, v]) => `${k}=${acsEncode(v)}`)
      .join('&');
    const first = await fetch(`${sb.url}/?${qs}`, { method: 'POST' });
    expect(first.status).toBe(200);
    const second = await fetch(`${sb.url}/?${qs}`, { method: 'POST' });
    expect(second.status).toBe(400);
    expect(((await second.json()) as { Code: string }).Code).toBe('SignatureNonceUsed');

    const acs3 = await fetch(`${sb.url}/`, {
      method: 'POST',
      headers: {
        'x-acs-action': 'GetCallerIdentity',
        'x-acs-version': '2015-04-01',
        authorization: `ACS3-HMAC-SHA256 Credential=${sb.callerAccessKey.id},SignedHeaders=host,Signature=00`,
      },
    });
    expect(acs3.status).toBe(400);
    expect(((await acs3.json()) as { Code: string }).Code).toBe('IncompleteSignature');
  });
});
