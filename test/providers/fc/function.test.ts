import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { fcFunction } from '../../../src/providers/fc/function.js';
import { ecsSecurityGroup } from '../../../src/providers/ecs/security-group.js';
import { vpcVSwitch } from '../../../src/providers/vpc/vswitch.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const fn = (name: string, extra: Record<string, unknown> = {}) => ({
  functionName: name,
  functionId: `id-${name}`,
  runtime: 'nodejs20',
  createdTime: '2026-01-01T00:00:00Z',
  ...extra,
});
const resource = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'fc.function',
  region: 'cn-hangzhou',
  id,
  properties: { triggerNames: [], vSwitchIds: [], ...properties } as Resource['properties'],
});
const fcError = (code: string, message: string) => ({ Code: code, Message: message, RequestId: 'R' });

describe('fc.function', () => {
  it('lists the functions of FC 3.0 and 2.0 page by page, with their tags, VPC settings and triggers', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .get('/2023-03-30/functions')
      .query((q) => q.limit === '100' && q.nextToken === undefined && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'ListFunctions')
      .reply(200, {
        functions: [
          fn('api', {
            tags: [{ Key: 'env', Value: 'prod' }],
            vpcConfig: { vpcId: 'vpc-1', vSwitchIds: ['vsw-1'], securityGroupId: 'sg-1' },
          }),
        ],
        nextToken: 'tok2',
      })
      .get('/2023-03-30/functions')
      .query((q) => q.nextToken === 'tok2')
      .reply(200, { functions: [fn('svc$legacy')] })
      .get('/2023-03-30/functions/api/triggers')
      .query((q) => q.limit === '100')
      .matchHeader('x-acs-action', 'ListTriggers')
      .reply(200, { triggers: [{ triggerName: 'nightly' }, { triggerName: 'upload' }] })
      .get('/2023-03-30/functions/svc%24legacy/triggers')
      .query(true)
      .reply(200, { triggers: [] });
    const found = await collect(fcFunction.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.tags, r.properties.fcVersion, r.properties.vSwitchIds, r.properties.triggerNames])).toEqual([
      ['api', { env: 'prod' }, 'v3', ['vsw-1'], ['nightly', 'upload']],
      ['svc$legacy', undefined, 'v2', [], []],
    ]);
    expect(found[0]?.properties.securityGroupId).toBe('sg-1');
  });

  it('plans its triggers before the function, and only when it has some', () => {
    const h = providerHarness();
    expect(fcFunction.steps(resource('api', { triggerNames: ['nightly'] }), h.scanContext()).map((s) => [s.action, s.description])).toEqual(
      [
        ['delete-triggers', 'delete its 1 trigger (nightly)'],
        ['delete', 'delete the function'],
      ],
    );
    expect(fcFunction.steps(resource('solo'), h.scanContext()).map((s) => s.action)).toEqual(['delete']);
  });

  it('deletes each trigger (one already gone is fine), then the function; reads a deleted one as gone', async () => {
    const h = providerHarness({ mode: 'read-write' });
    const scope = nock(h.host)
      .delete('/2023-03-30/functions/api/triggers/nightly')
      .query((q) => q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteTrigger')
      .reply(204)
      .delete('/2023-03-30/functions/api/triggers/upload')
      .query(true)
      .reply(404, fcError('TriggerNotFound', "trigger 'upload' does not exist"))
      .delete('/2023-03-30/functions/api')
      .query(true)
      .matchHeader('x-acs-action', 'DeleteFunction')
      .reply(204)
      .get('/2023-03-30/functions/api')
      .query(true)
      .reply(404, fcError('FunctionNotFound', "function 'api' does not exist."));
    const r = resource('api', { triggerNames: ['nightly', 'upload'] });
    await fcFunction.run({ action: 'delete-triggers', description: '' }, r, h.stepContext());
    await fcFunction.run({ action: 'delete', description: '' }, r, h.stepContext());
    expect(await fcFunction.read(r, h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('fails a deletion refused for triggers with the cloud code and advice', async () => {
    const h = providerHarness({ mode: 'read-write' });
    nock(h.host)
      .delete('/2023-03-30/functions/api')
      .query(true)
      .reply(400, fcError('FunctionNotEmpty', "function 'api' has active triggers"));
    await expect(fcFunction.run({ action: 'delete', description: '' }, resource('api'), h.stepContext())).rejects.toMatchObject({
      code: 'FunctionNotEmpty',
      kind: 'permanent',
    });
    expect(fcFunction.hints?.FunctionNotEmpty).toMatch(/plan again/);
  });

  it('holds vswitches and security groups until the functions with interfaces in them are gone', () => {
    const f = resource('worker', { vSwitchIds: ['vsw-1'], securityGroupId: 'sg-1' });
    const inventory = { get: () => undefined, byType: (t: string) => (t === 'fc.function' ? [f] : []) };
    const vsw: Resource = { type: 'vpc.vswitch', region: 'cn-hangzhou', id: 'vsw-1', properties: {} };
    const sg: Resource = { type: 'ecs.security-group', region: 'cn-hangzhou', id: 'sg-1', properties: {} };
    expect(vpcVSwitch.dependencies(vsw, inventory).map((d) => d.address)).toEqual(['fc.function/cn-hangzhou/worker']);
    expect(ecsSecurityGroup.dependencies(sg, inventory).map((d) => d.address)).toEqual(['fc.function/cn-hangzhou/worker']);
  });
});
