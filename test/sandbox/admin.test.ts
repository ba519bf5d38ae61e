import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as RamModels from '@alicloud/ram20150501';
import { startSandbox, type RequestLogEntry, type RunningSandbox } from '../../src/sandbox/index.js';
import { admin } from './admin-client.js';
import { ramClient, stsClient } from './clients.js';

describe('admin API', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());

  it('logs every request with product, action, key params, signer, status, code and whether it mutates', async () => {
    await admin(sb, 'POST', 'reset');
    await stsClient(sb).getCallerIdentity();
    await ramClient(sb)
      .getUser(new RamModels.GetUserRequest({ userName: 'nobody' }))
      .catch(() => undefined);
    await ramClient(sb).deleteLoginProfile(new RamModels.DeleteLoginProfileRequest({ userName: 'alice' }));
    const { json } = await admin(sb, 'GET', 'requests');
    const log = json as RequestLogEntry[];
    expect(log.map((e) => [e.product, e.action, e.status, e.code ?? null, e.mutating])).toEqual([
      ['sts', 'GetCallerIdentity', 200, null, false],
      ['ram', 'GetUser', 404, 'EntityNotExist.User', false],
      ['ram', 'DeleteLoginProfile', 200, null, true],
    ]);
    expect(log[1]?.params).toEqual({ UserName: 'nobody' });
    expect(log.every((e) => e.accessKeyId === 'LTAI5tDemoTeardownBot01')).toBe(true);
    expect(JSON.stringify(log)).not.toContain(sb.callerAccessKey.secret);
    expect(sb.requestLog()).toEqual(log);
  });

  it('dumps every product state and resets to the scenario', async () => {
    await ramClient(sb)
      .deleteLoginProfile(new RamModels.DeleteLoginProfileRequest({ userName: 'alice' }))
      .catch(() => undefined);
    await ramClient(sb).removeUserFromGroup(new RamModels.RemoveUserFromGroupRequest({ userName: 'bob', groupName: 'developers' }));
    const before = (await admin(sb, 'GET', 'state')).json as {
      accountId: string;
      products: { ram: { groups: Array<{ members: string[] }> } };
    };
    expect(before.accountId).toBe('1234567890123456');
    expect(before.products.ram.groups[0]?.members).toEqual(['alice']);
    expect(JSON.stringify(before)).not.toContain('demoSecret');
    expect((await admin(sb, 'POST', 'reset')).status).toBe(200);
    const after = (await admin(sb, 'GET', 'state')).json as typeof before;
    expect(after.products.ram.groups[0]?.members).toEqual(['alice', 'bob']);
    expect(sb.requestLog()).toEqual([]);
  });

  it('advances the sandbox clock, running what became due', async () => {
    let fired = false;
    sb.world.after(60_000, () => {
      fired = true;
    });
    const t0 = Date.parse(((await admin(sb, 'GET', 'state')).json as { now: string }).now);
    const { json } = await admin(sb, 'POST', 'advance?ms=120000');
    expect(fired).toBe(true);
    expect(Date.parse((json as { now: string }).now) - t0).toBeGreaterThanOrEqual(120_000);
    expect((await admin(sb, 'POST', 'advance?ms=abc')).status).toBe(400);
  });

  it('answers unknown admin routes with 404', async () => {
    expect((await admin(sb, 'GET', 'nothing')).status).toBe(404);
  });
});
