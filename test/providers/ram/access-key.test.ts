import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ramAccessKey } from '../../../src/providers/ram/access-key.js';
import { TEST_CALLER, collect, providerHarness } from '../harness.js';
import { rpc, rpcError } from './rpc.js';

afterEach(() => nock.cleanAll());

const key = (id: string, userName: string): Resource => ({
  type: 'ram.access-key',
  region: 'global',
  id,
  name: id,
  properties: { userName, status: 'Active' },
});
const del = { action: 'delete', description: '' };

describe('ram.access-key', () => {
  it('lists every user’s keys across ListUsers pages', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const scopes = [
      rpc('ListUsers', (q) => q.MaxItems === '1000' && q.Marker === undefined, {
        IsTruncated: true,
        Marker: 'm-2',
        Users: { User: [{ UserName: 'alice' }] },
      }),
      rpc('ListUsers', (q) => q.Marker === 'm-2', { IsTruncated: false, Users: { User: [{ UserName: 'teardown-bot' }] } }),
      rpc('ListAccessKeys', (q) => q.UserName === 'alice', {
        AccessKeys: {
          AccessKey: [
            { AccessKeyId: 'LTAI-a1', Status: 'Active', CreateDate: '2024-05-01T10:00:00Z' },
            { AccessKeyId: 'LTAI-a2', Status: 'Inactive', CreateDate: '2024-05-03T10:00:00Z' },
          ],
        },
      }),
      rpc('ListAccessKeys', (q) => q.UserName === 'teardown-bot', {
        AccessKeys: { AccessKey: [{ AccessKeyId: TEST_CALLER.accessKeyId, Status: 'Active' }] },
      }),
    ];
    const found = await collect(ramAccessKey.list(h.scanContext('global')));
    expect(found.map((k) => `${k.id}@${String(k.properties.userName)}:${String(k.properties.status)}`)).toEqual([
      'LTAI-a1@alice:Active',
      'LTAI-a2@alice:Inactive',
      `${TEST_CALLER.accessKeyId}@teardown-bot:Active`,
    ]);
    expect(found[0]?.createdAt).toBe('2024-05-01T10:00:00.000Z');
    expect(found.map((k) => ramAccessKey.isCaller?.(k, TEST_CALLER))).toEqual([false, false, true]);
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('blocks the caller’s own key unless settings.deleteCallerAccessKey is set', () => {
    const own = key(TEST_CALLER.accessKeyId, 'teardown-bot');
    const blocked = ramAccessKey.steps(own, providerHarness());
    expect(blocked[0]?.blocked).toBe('the teardown runs with this key; delete it afterwards (or set settings.deleteCallerAccessKey)');
    const allowed = ramAccessKey.steps(own, providerHarness({ settings: { deleteCallerAccessKey: true } }));
    expect(allowed[0]?.blocked).toBeUndefined();
    expect(ramAccessKey.steps(key('LTAI-a1', 'alice'), providerHarness())[0]?.blocked).toBeUndefined();
  });

  it('deletes a key with its user name; a key already gone surfaces as gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpc('DeleteAccessKey', (q) => q.UserName === 'alice' && q.UserAccessKeyId === 'LTAI-a1', {}),
      rpcError('DeleteAccessKey', (q) => q.UserAccessKeyId === 'LTAI-a1', 404, 'EntityNotExist.User.AccessKey'),
    ];
    await ramAccessKey.run(del, key('LTAI-a1', 'alice'), h.stepContext('global'));
    await expect(ramAccessKey.run(del, key('LTAI-a1', 'alice'), h.stepContext('global'))).rejects.toMatchObject({
      code: 'EntityNotExist.User.AccessKey',
      kind: 'gone',
    });
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });

  it('reads a key back from its user’s keys; undefined when the key or the user is gone', async () => {
    const h = providerHarness();
    const scopes = [
      rpc('ListAccessKeys', (q) => q.UserName === 'alice', { AccessKeys: { AccessKey: [{ AccessKeyId: 'LTAI-a1', Status: 'Active' }] } }),
      rpc('ListAccessKeys', (q) => q.UserName === 'alice', { AccessKeys: { AccessKey: [] } }),
      rpcError('ListAccessKeys', (q) => q.UserName === 'alice', 404, 'EntityNotExist.User'),
    ];
    expect((await ramAccessKey.read(key('LTAI-a1', 'alice'), h.scanContext('global')))?.id).toBe('LTAI-a1');
    expect(await ramAccessKey.read(key('LTAI-a1', 'alice'), h.scanContext('global'))).toBeUndefined();
    expect(await ramAccessKey.read(key('LTAI-a1', 'alice'), h.scanContext('global'))).toBeUndefined();
    expect(scopes.every((s) => s.isDone())).toBe(true);
  });
});
