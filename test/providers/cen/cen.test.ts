import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { cenAttachment } from '../../../src/providers/cen/attachment.js';
import { cenInstance } from '../../../src/providers/cen/instance.js';
import type { Resource } from '../../../src/providers/contract.js';
import { rpcError } from '../ecs/errors.js';
import { inventoryOf } from '../ecs/inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const cen = (id: string, extra: Record<string, unknown> = {}) => ({
  CenId: id,
  Name: `name-${id}`,
  Status: 'Active',
  CreationTime: '2026-01-01T00:00:00Z',
  CenBandwidthPackageIds: { CenBandwidthPackageId: [] },
  Tags: { Tag: [{ Key: 'team', Value: 'net' }] },
  ...extra,
});
const child = (id: string, type: string, region: string) => ({
  ChildInstanceId: id,
  ChildInstanceType: type,
  ChildInstanceRegionId: region,
  Status: 'Attached',
  ChildInstanceAttachTime: '2026-01-02T00:00Z',
});

describe('cen.instance', () => {
  it('lists every page once (global); a bandwidth plan blocks it with the way out', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeCens')
      .reply(200, {
        RequestId: 'R',
        Cens: { Cen: [cen('cen-1'), cen('cen-2', { CenBandwidthPackageIds: { CenBandwidthPackageId: ['cenbwp-1'] } })] },
        TotalCount: 2,
      });
    const found = await collect(cenInstance.list(h.scanContext('global')));
    expect(scope.isDone()).toBe(true);
    expect(found[0]).toMatchObject({ id: 'cen-1', region: 'global', tags: { team: 'net' } });
    expect(cenInstance.steps(found[1] as Resource, h.scanContext())[0]?.blocked).toMatch(/cenbwp-1/);
  });

  it('waits for its attachments; deleting an unknown CEN (ParameterCenInstanceId) counts as done', async () => {
    const inv = inventoryOf([
      { type: 'cen.attachment', region: 'cn-hangzhou', id: 'cen-1:vpc-1', properties: { cenId: 'cen-1' } },
      { type: 'cen.attachment', region: 'cn-hangzhou', id: 'cen-2:vpc-2', properties: { cenId: 'cen-2' } },
    ]);
    const r: Resource = { type: 'cen.instance', region: 'global', id: 'cen-1', properties: {} };
    expect(cenInstance.dependencies(r, inv)).toEqual([
      { address: 'cen.attachment/cn-hangzhou/cen-1:vpc-1', reason: 'network attached to this CEN instance' },
    ]);
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.CenId === 'cen-1')
      .matchHeader('x-acs-action', 'DeleteCen')
      .reply(400, rpcError('ParameterCenInstanceId', 'The specified CEN instance does not exist.', 'cbn.aliyuncs.com'));
    await cenInstance.run({ action: 'delete', description: '' }, r, h.stepContext('global'));
    expect(scope.isDone()).toBe(true);
  });
});

describe('cen.attachment', () => {
  it('lists the networks of this region attached to every CEN instance', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1')
      .matchHeader('x-acs-action', 'DescribeCens')
      .reply(200, { RequestId: 'R', Cens: { Cen: [cen('cen-1')] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.CenId === 'cen-1' && q.ChildInstanceRegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DescribeCenAttachedChildInstances')
      .reply(200, {
        RequestId: 'R',
        ChildInstances: { ChildInstance: [child('vpc-1', 'VPC', 'cn-hangzhou'), child('vbr-1', 'VBR', 'cn-hangzhou')] },
        TotalCount: 2,
      });
    const found = await collect(cenAttachment.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => r.id)).toEqual(['cen-1:vpc-1', 'cen-1:vbr-1']);
    expect(cenAttachment.steps(found[0] as Resource, h.scanContext())[0]?.blocked).toBeUndefined();
    expect(cenAttachment.steps(found[1] as Resource, h.scanContext())[0]?.blocked).toMatch(/VBR vbr-1 is not a resource this tool covers/);
    const inv = inventoryOf([{ type: 'vpc.vpc', region: 'cn-hangzhou', id: 'vpc-1', properties: {} }]);
    expect(cenAttachment.dependencies(found[0] as Resource, inv)).toEqual([
      { address: 'vpc.vpc/cn-hangzhou/vpc-1', reason: 'VPC attached to the CEN instance (detached)', touches: true },
    ]);
  });

  it('detaches with the child type and region; an attachment already gone counts as done', async () => {
    const h = providerHarness();
    const a: Resource = {
      type: 'cen.attachment',
      region: 'cn-hangzhou',
      id: 'cen-1:vpc-1',
      properties: { cenId: 'cen-1', childInstanceId: 'vpc-1', childInstanceType: 'VPC' },
    };
    const scope = nock(h.host)
      .post('/')
      .query(
        (q) =>
          q.CenId === 'cen-1' &&
          q.ChildInstanceId === 'vpc-1' &&
          q.ChildInstanceType === 'VPC' &&
          q.ChildInstanceRegionId === 'cn-hangzhou',
      )
      .matchHeader('x-acs-action', 'DetachCenChildInstance')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.CenId === 'cen-1')
      .matchHeader('x-acs-action', 'DetachCenChildInstance')
      .reply(400, rpcError('ParameterInstanceId', 'The network instance is not attached.', 'cbn.aliyuncs.com'));
    await cenAttachment.run({ action: 'detach', description: '' }, a, h.stepContext());
    await cenAttachment.run({ action: 'detach', description: '' }, a, h.stepContext());
    expect(scope.isDone()).toBe(true);
  });
});
