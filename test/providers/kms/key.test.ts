import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { kmsKey } from '../../../src/providers/kms/key.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const meta = (id: string, extra: Record<string, unknown> = {}) => ({
  KeyId: id,
  Arn: `acs:kms:cn-hangzhou:1234567890123456:key/${id}`,
  KeyState: 'Enabled',
  Creator: '1234567890123456',
  CreationDate: '2026-01-01T00:00:00Z',
  DeletionProtection: 'Disabled',
  Description: `key ${id}`,
  ...extra,
});
const key = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'kms.key',
  region: 'cn-hangzhou',
  id,
  properties: { arn: `acs:kms:cn-hangzhou:1234567890123456:key/${id}`, deletionProtection: false, ...properties } as Resource['properties'],
});

describe('kms.key', () => {
  it('lists keys through DescribeKey, leaving out keys pending deletion and keys of cloud services', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '100' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'ListKeys')
      .reply(200, { RequestId: 'R', Keys: { Key: [{ KeyId: 'k-1' }, { KeyId: 'k-2' }, { KeyId: 'k-svc' }] }, TotalCount: 3 })
      .post('/')
      .query((q) => q.KeyId === 'k-1')
      .matchHeader('x-acs-action', 'DescribeKey')
      .reply(200, { RequestId: 'R', KeyMetadata: meta('k-1', { DeletionProtection: 'Enabled' }) })
      .post('/')
      .query((q) => q.KeyId === 'k-2')
      .matchHeader('x-acs-action', 'DescribeKey')
      .reply(200, { RequestId: 'R', KeyMetadata: meta('k-2', { KeyState: 'PendingDeletion', DeleteDate: '2026-02-01T00:00:00Z' }) })
      .post('/')
      .query((q) => q.KeyId === 'k-svc')
      .matchHeader('x-acs-action', 'DescribeKey')
      .reply(200, { RequestId: 'R', KeyMetadata: meta('k-svc', { Creator: 'Oss' }) })
      .post('/')
      .query((q) => q.KeyId === 'k-1')
      .matchHeader('x-acs-action', 'ListResourceTags')
      .reply(200, { RequestId: 'R', Tags: { Tag: [{ KeyId: 'k-1', TagKey: 'keep', TagValue: 'true' }] } });
    const found = await collect(kmsKey.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.properties.deletionProtection, r.tags, r.tagsUnreadable])).toEqual([
      ['k-1', true, { keep: 'true' }, undefined],
    ]);
  });

  it('a key whose tags cannot be read is "tags unknown", on listing and on re-read', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1')
      .matchHeader('x-acs-action', 'ListKeys')
      .reply(200, { RequestId: 'R', Keys: { Key: [{ KeyId: 'k-1' }] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.KeyId === 'k-1')
      .matchHeader('x-acs-action', 'DescribeKey')
      .times(2)
      .reply(200, { RequestId: 'R', KeyMetadata: meta('k-1') })
      .post('/')
      .query((q) => q.KeyId === 'k-1')
      .matchHeader('x-acs-action', 'ListResourceTags')
      .times(2)
      .reply(403, rpcError('Forbidden.RAM', 'User not authorized to operate on the specified resource.'));
    const [listed] = await collect(kmsKey.list(h.scanContext()));
    const reread = await kmsKey.read(key('k-1'), h.scanContext());
    expect(scope.isDone()).toBe(true);
    for (const r of [listed, reread]) {
      expect(r?.tags).toBeUndefined();
      expect(r?.tagsUnreadable).toMatch(/^Forbidden\.RAM: /);
    }
  });

  it('plans the shortest pending window and says when the key actually goes', () => {
    const h = providerHarness({ now: new Date('2026-03-01T12:00:00Z') });
    const steps = kmsKey.steps(key('k-1', { deletionProtection: true }), h.scanContext());
    expect(steps.map((s) => s.action)).toEqual(['disable-deletion-protection', 'schedule-deletion']);
    expect(steps[1]?.description).toMatch(/in 7 days: KMS deletes the key around 2026-03-08/);
  });

  it('turns protection off by ARN, schedules deletion in 7 days, and reads a pending key as gone', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.ProtectedResourceArn === 'acs:kms:cn-hangzhou:1234567890123456:key/k-1' && q.EnableDeletionProtection === 'false')
      .matchHeader('x-acs-action', 'SetDeletionProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.KeyId === 'k-1' && q.PendingWindowInDays === '7')
      .matchHeader('x-acs-action', 'ScheduleKeyDeletion')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.KeyId === 'k-1')
      .matchHeader('x-acs-action', 'DescribeKey')
      .reply(200, { RequestId: 'R', KeyMetadata: meta('k-1', { KeyState: 'PendingDeletion' }) })
      .post('/')
      .query((q) => q.KeyId === 'k-gone')
      .matchHeader('x-acs-action', 'ScheduleKeyDeletion')
      .reply(404, rpcError('Forbidden.KeyNotFound', 'The specified Key is not found.', 'kms.cn-hangzhou.aliyuncs.com'));
    await kmsKey.run({ action: 'disable-deletion-protection', description: '' }, key('k-1'), h.stepContext());
    await kmsKey.run({ action: 'schedule-deletion', description: '' }, key('k-1'), h.stepContext());
    expect(await kmsKey.read(key('k-1'), h.scanContext())).toBeUndefined();
    await expect(kmsKey.run({ action: 'schedule-deletion', description: '' }, key('k-gone'), h.stepContext())).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(scope.isDone()).toBe(true);
  });
});
