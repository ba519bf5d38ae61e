import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsKeyPair } from '../../../src/providers/ecs/key-pair.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';
import { inventoryOf } from './inventory.js';

afterEach(() => nock.cleanAll());

const keyPair = (name: string): Resource => ({ type: 'ecs.key-pair', region: 'cn-hangzhou', id: name, properties: {} });

describe('ecs.key-pair', () => {
  it('lists every page of 50', async () => {
    const h = providerHarness();
    const first = Array.from({ length: 50 }, (_, i) => ({
      KeyPairName: `k-${i}`,
      KeyPairFingerPrint: 'ab:cd',
      CreationTime: '2026-01-01T00:00Z',
    }));
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeKeyPairs')
      .reply(200, { RequestId: 'R', KeyPairs: { KeyPair: first }, TotalCount: 51, PageNumber: 1, PageSize: 50 })
      .post('/')
      .query((q) => q.PageNumber === '2' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeKeyPairs')
      .reply(200, {
        RequestId: 'R',
        KeyPairs: { KeyPair: [{ KeyPairName: 'deploy', KeyPairFingerPrint: 'ef:01' }] },
        TotalCount: 51,
        PageNumber: 2,
        PageSize: 50,
      });
    const found = await collect(ecsKeyPair.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(51);
    expect(found[50]).toMatchObject({ id: 'deploy', name: 'deploy', properties: { fingerprint: 'ef:01' } });
  });

  it('waits for the instances bound to it', () => {
    const inv = inventoryOf([
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: { keyPairName: 'deploy' } },
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-2', properties: { keyPairName: null } },
    ]);
    expect(ecsKeyPair.dependencies(keyPair('deploy'), inv)).toEqual([
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'instance bound to this key pair' },
    ]);
  });

  it('deletes by name and surfaces the still-bound error', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.KeyPairNames === '["deploy"]')
      .matchHeader('x-acs-action', 'DeleteKeyPairs')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.KeyPairNames === '["bound"]')
      .matchHeader('x-acs-action', 'DeleteKeyPairs')
      .reply(400, rpcError('InvalidParameter.KeypairAlreadyAttachedInstance', 'The key pair is already attached to an instance.'));
    await ecsKeyPair.run({ action: 'delete', description: '' }, keyPair('deploy'), h.stepContext());
    await expect(ecsKeyPair.run({ action: 'delete', description: '' }, keyPair('bound'), h.stepContext())).rejects.toMatchObject({
      code: 'InvalidParameter.KeypairAlreadyAttachedInstance',
      statusCode: 400,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('reads only the exact name, undefined when gone', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.KeyPairName === 'deploy')
      .matchHeader('x-acs-action', 'DescribeKeyPairs')
      .reply(200, { RequestId: 'R', KeyPairs: { KeyPair: [{ KeyPairName: 'deploy-2' }] }, TotalCount: 1 });
    expect(await ecsKeyPair.read(keyPair('deploy'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
