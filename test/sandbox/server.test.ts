import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { rpc, sdkError } from './clients.js';

describe('RPC routing, parameters and error shapes', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());

  it('refuses a parameter the API metadata does not list for the action (a typo in our calls)', async () => {
    const err = await sdkError(rpc(sb, '2015-05-01', 'GetUser', { UserName: 'alice', Username: 'alice' }));
    expect(err).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
    expect(err.data.Message).toContain('"Username"');
  });

  it('accepts RegionId everywhere and the RPC v1 signature parameters', async () => {
    const res = await rpc(sb, '2015-05-01', 'GetUser', { UserName: 'alice', RegionId: 'cn-hangzhou' }, { signature: 'v1' });
    expect(res).toMatchObject({ User: { UserName: 'alice' } });
  });

  it('answers an unknown action with InvalidAction.NotFound (404) and an unknown version with InvalidVersion (400)', async () => {
    expect(await sdkError(rpc(sb, '2015-05-01', 'DescribeNothing', {}))).toMatchObject({ code: 'InvalidAction.NotFound', statusCode: 404 });
    expect(await sdkError(rpc(sb, '1999-01-01', 'GetUser', {}))).toMatchObject({ code: 'InvalidVersion', statusCode: 400 });
  });

  it('gives every response a RequestId, in the body and the x-acs-request-id header', async () => {
    const res = await fetch(`${sb.url}/?Action=GetCallerIdentity&Version=2015-04-01`, { method: 'POST' });
    const body = (await res.json()) as Record<string, string>;
    expect(res.status).toBe(400);
    expect(body.Code).toBe('IncompleteSignature');
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(res.headers.get('x-acs-request-id')).toBe(body.RequestId);
    expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  });

  it('sends a request that names no action to OSS (answered, not treated as RPC)', async () => {
    const res = await fetch(`${sb.url}/`, { method: 'GET', headers: { host: 'demo-assets.oss-cn-hangzhou.aliyuncs.com' } });
    expect(res.headers.get('x-acs-request-id')).toBeNull();
    const entry = sb.requestLog().at(-1);
    expect(entry?.product).toBe('oss');
    expect(entry?.mutating).toBe(false);
  });
});
