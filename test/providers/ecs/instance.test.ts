import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudApiError } from '../../../src/cloud/errors.js';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsInstance } from '../../../src/providers/ecs/instance.js';
import { changeSincePlan } from '../../../src/plan/fingerprint.js';
import { inventoryOf } from './inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wireInstance = (id: string, extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  InstanceName: `web-${id}`,
  Status: 'Running',
  InstanceChargeType: 'PostPaid',
  DeletionProtection: false,
  CreationTime: '2026-01-02T03:04Z',
  ExpiredTime: '2099-12-31T15:59Z',
  VpcAttributes: { VpcId: 'vpc-1', VSwitchId: 'vsw-1' },
  SecurityGroupIds: { SecurityGroupId: ['sg-1', 'sg-2'] },
  KeyPairName: 'deploy',
  ImageId: 'm-1',
  EipAddress: { AllocationId: 'eip-1' },
  Tags: { Tag: [{ TagKey: 'env', TagValue: 'dev' }] },
  ...extra,
});

const instance = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'ecs.instance',
  region: 'cn-hangzhou',
  id,
  properties: { status: 'Running', chargeType: 'PostPaid', deletionProtection: false, ...properties } as Resource['properties'],
});

describe('ecs.instance', () => {
  it('lists every page, following NextToken, with flat properties', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.MaxResults === '100' && q.NextToken === undefined && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R1', Instances: { Instance: [wireInstance('i-1')] }, NextToken: 'page2' })
      .post('/')
      .query((q) => q.NextToken === 'page2')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, {
        RequestId: 'R2',
        Instances: { Instance: [wireInstance('i-2', { InstanceChargeType: 'PrePaid', DeletionProtection: true })] },
        NextToken: '',
      })
      // The disks each instance takes with it: one listing of the region's disks.
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.InstanceId === undefined && q.MaxResults === '500')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, {
        RequestId: 'R3',
        Disks: {
          Disk: [
            { DiskId: 'd-sys1', InstanceId: 'i-1', Type: 'system', DeleteWithInstance: true },
            { DiskId: 'd-data1', InstanceId: 'i-1', Type: 'data', DeleteWithInstance: true },
            { DiskId: 'd-keep1', InstanceId: 'i-1', Type: 'data', DeleteWithInstance: false },
            { DiskId: 'd-spare', Type: 'data', DeleteWithInstance: false },
          ],
        },
        NextToken: '',
      });
    const found = await collect(ecsInstance.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => r.id)).toEqual(['i-1', 'i-2']);
    expect(found[0]).toMatchObject({
      type: 'ecs.instance',
      region: 'cn-hangzhou',
      name: 'web-i-1',
      createdAt: '2026-01-02T03:04:00.000Z',
      tags: { env: 'dev' },
      properties: {
        status: 'Running',
        chargeType: 'PostPaid',
        expiredTime: null,
        vpcId: 'vpc-1',
        vSwitchId: 'vsw-1',
        securityGroupIds: ['sg-1', 'sg-2'],
        keyPairName: 'deploy',
        imageId: 'm-1',
        eipAllocationId: 'eip-1',
        releasedDiskIds: ['d-data1', 'd-sys1'],
      },
    });
    expect(found[1]?.properties).toMatchObject({
      chargeType: 'PrePaid',
      expiredTime: '2099-12-31T15:59Z',
      deletionProtection: true,
      releasedDiskIds: [],
    });
  });

  it('depends on the secondary ENIs attached to it and the load balancers it backs', () => {
    const inv = inventoryOf([
      { type: 'slb.load-balancer', region: 'cn-hangzhou', id: 'lb-1', properties: { backendServerIds: ['i-1', 'i-3'] } },
      { type: 'slb.load-balancer', region: 'cn-hangzhou', id: 'lb-2', properties: { backendServerIds: ['i-3'] } },
      { type: 'ecs.network-interface', region: 'cn-hangzhou', id: 'eni-1', properties: { instanceId: 'i-1' } },
      { type: 'ecs.network-interface', region: 'cn-hangzhou', id: 'eni-2', properties: { instanceId: 'i-9' } },
    ]);
    expect(ecsInstance.dependencies(instance('i-1'), inv)).toEqual([
      { address: 'ecs.network-interface/cn-hangzhou/eni-1', reason: 'secondary network interface attached to this instance' },
      { address: 'slb.load-balancer/cn-hangzhou/lb-1', reason: 'load balancer this instance is a backend of' },
    ]);
  });

  it('plans protection off and conversion for a protected subscription, or blocks it when conversion is disabled', () => {
    const h = providerHarness();
    const r = instance('i-1', { chargeType: 'PrePaid', expiredTime: '2027-01-31T16:00Z', deletionProtection: true });
    const steps = ecsInstance.steps(r, h.scanContext());
    expect(steps.map((s) => s.action)).toEqual(['disable-deletion-protection', 'convert-to-postpaid', 'delete']);
    expect(steps[1]?.description).toContain('expires 2027-01-31T16:00Z');
    expect(steps[1]?.batch).toBe(20);
    expect(steps[2]?.batch).toBe(100);
    const off = providerHarness({ settings: { convertPrepaid: false } });
    const blocked = ecsInstance.steps(r, off.scanContext());
    expect(blocked[1]?.blocked).toMatch(/Unsubscribe/);
    expect(ecsInstance.steps(instance('i-2'), h.scanContext()).map((s) => s.action)).toEqual(['delete']);
  });

  it('turns deletion protection off', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.InstanceId === 'i-1' && q.DeletionProtection === 'false')
      .matchHeader('x-acs-action', 'ModifyInstanceAttribute')
      .reply(200, { RequestId: 'R' });
    await ecsInstance.run(
      { action: 'disable-deletion-protection', description: '' },
      instance('i-1', { deletionProtection: true }),
      h.stepContext(),
    );
    expect(scope.isDone()).toBe(true);
  });

  it('steps are idempotent: protection already off or already pay-as-you-go (as re-read) sends nothing', async () => {
    const h = providerHarness();
    // No interceptor: any request would fail the test (the network is closed).
    await ecsInstance.run({ action: 'disable-deletion-protection', description: '' }, instance('i-1'), h.stepContext());
    await ecsInstance.run({ action: 'convert-to-postpaid', description: '', batch: 20 }, instance('i-1'), h.stepContext());
    expect(
      await ecsInstance.runBatch!({ action: 'convert-to-postpaid', description: '', batch: 20 }, [instance('i-1')], h.stepContext()),
    ).toEqual(new Map());
    expect(h.waits).toEqual([]);
  });

  it('takes "already pay-as-you-go" (InvalidInstanceChargeType.NotChange) as done, and still waits to see it', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'ModifyInstanceChargeType')
      .reply(400, {
        RequestId: 'R',
        HostId: 'ecs.aliyuncs.com',
        Code: 'InvalidInstanceChargeType.NotChange',
        Message: 'The charge type is not changed.',
        Recommend: '',
      })
      .post('/')
      .query((q) => q.InstanceIds === '["i-1"]')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: [wireInstance('i-1')] } });
    await ecsInstance.run(
      { action: 'convert-to-postpaid', description: '', batch: 20 },
      instance('i-1', { chargeType: 'PrePaid' }),
      h.stepContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['instance i-1 to become pay-as-you-go']);
  });

  it('converts subscriptions in one call and waits until they are pay-as-you-go', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query(
        (q) =>
          q.InstanceIds === '["i-1","i-2"]' && q.InstanceChargeType === 'PostPaid' && q.AutoPay === 'true' && q.IncludeDataDisks === 'true',
      )
      .matchHeader('x-acs-action', 'ModifyInstanceChargeType')
      .reply(200, { RequestId: 'R', OrderId: '1001' })
      .post('/')
      .query((q) => q.InstanceIds === '["i-1","i-2"]')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, {
        RequestId: 'R',
        Instances: { Instance: [wireInstance('i-1', { InstanceChargeType: 'PrePaid' }), wireInstance('i-2')] },
      })
      .post('/')
      .query((q) => q.InstanceIds === '["i-1","i-2"]')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: [wireInstance('i-1'), wireInstance('i-2')] } });
    const failed = await ecsInstance.runBatch!(
      { action: 'convert-to-postpaid', description: '', batch: 20 },
      [instance('i-1', { chargeType: 'PrePaid' }), instance('i-2', { chargeType: 'PrePaid' })],
      h.stepContext(),
    );
    expect(failed.size).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(h.waits).toEqual(['instance i-1, i-2 to become pay-as-you-go']);
  });

  it('deletes many instances in one DeleteInstances call with Force', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q['InstanceId.1'] === 'i-1' && q['InstanceId.2'] === 'i-2' && q.Force === 'true' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DeleteInstances')
      .reply(200, { RequestId: 'R' });
    const failed = await ecsInstance.runBatch!(
      { action: 'delete', description: '', batch: 100 },
      [instance('i-1'), instance('i-2')],
      h.stepContext(),
    );
    expect(failed.size).toBe(0);
    expect(scope.isDone()).toBe(true);
  });

  it('blames the instance a batch error names and deletes the others again', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q['InstanceId.1'] === 'i-1' && q['InstanceId.2'] === 'i-2')
      .matchHeader('x-acs-action', 'DeleteInstances')
      .reply(403, {
        RequestId: 'R',
        HostId: 'ecs.aliyuncs.com',
        Code: 'ChargeTypeViolation',
        Message: 'The operation is not permitted due to charge type of the instance i-2.',
        Recommend: '',
      })
      .post('/')
      .query((q) => q['InstanceId.1'] === 'i-1' && q['InstanceId.2'] === undefined)
      .matchHeader('x-acs-action', 'DeleteInstances')
      .reply(200, { RequestId: 'R' });
    const failed = await ecsInstance.runBatch!(
      { action: 'delete', description: '', batch: 100 },
      [instance('i-1'), instance('i-2')],
      h.stepContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect([...failed.keys()]).toEqual(['ecs.instance/cn-hangzhou/i-2']);
    expect(failed.get('ecs.instance/cn-hangzhou/i-2')).toMatchObject({ code: 'ChargeTypeViolation', kind: 'permanent' });
  });

  it.each([
    ['InvalidOperation.DeletionProtection', 403, 'The instance is protected.', 'permanent'],
    ['InvalidInstanceId.NotFound', 404, 'The specified InstanceId does not exist.', 'gone'],
  ])("fails the whole batch on an error that names no instance (%s): it is not everyone's", async (code, status, message, kind) => {
    const h = providerHarness();
    const scope = nock(h.host).post('/').query(true).matchHeader('x-acs-action', 'DeleteInstances').reply(status, {
      RequestId: 'R',
      HostId: 'ecs.aliyuncs.com',
      Code: code,
      Message: message,
      Recommend: '',
    });
    const err = await ecsInstance.runBatch!(
      { action: 'delete', description: '', batch: 100 },
      [instance('i-1'), instance('i-2')],
      h.stepContext(),
    ).catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    // Thrown, not mapped to each: the executor then deletes them one by one (and a NotFound is
    // never taken as "both gone").
    expect(err).toMatchObject({ code, kind });
  });

  it('surfaces a subscription delete refusal as a permanent CloudApiError', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query((q) => q['InstanceId.1'] === 'i-1')
      .matchHeader('x-acs-action', 'DeleteInstances')
      .reply(403, {
        RequestId: 'R',
        HostId: 'ecs.aliyuncs.com',
        Code: 'ChargeTypeViolation',
        Message: 'The operation is not permitted due to charge type of the instance.',
        Recommend: '',
      });
    const err = await ecsInstance.run({ action: 'delete', description: '' }, instance('i-1'), h.stepContext()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect(err).toMatchObject({ code: 'ChargeTypeViolation', statusCode: 403, kind: 'permanent' });
    expect(ecsInstance.hints?.ChargeTypeViolation).toMatch(/convertPrepaid/);
  });

  it('classifies a NotFound on delete as gone, and read() of a vanished instance as undefined', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DeleteInstances')
      .reply(404, {
        RequestId: 'R',
        HostId: 'ecs.aliyuncs.com',
        Code: 'InvalidInstanceId.NotFound',
        Message: 'The specified InstanceId does not exist.',
        Recommend: '',
      })
      .post('/')
      .query((q) => q.InstanceIds === '["i-1"]')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: [] }, TotalCount: 0 });
    const err = await ecsInstance.run({ action: 'delete', description: '' }, instance('i-1'), h.stepContext()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'gone' });
    expect(await ecsInstance.read(instance('i-1'), h.scanContext())).toBeUndefined();
  });

  it('a gone instance named in a batch error is not a failure', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query((q) => q['InstanceId.2'] === 'i-2')
      .matchHeader('x-acs-action', 'DeleteInstances')
      .reply(404, {
        RequestId: 'R',
        HostId: 'ecs.aliyuncs.com',
        Code: 'InvalidInstanceId.NotFound',
        Message: 'The specified instance i-2 does not exist.',
        Recommend: '',
      })
      .post('/')
      .query((q) => q['InstanceId.1'] === 'i-1' && q['InstanceId.2'] === undefined)
      .matchHeader('x-acs-action', 'DeleteInstances')
      .reply(200, { RequestId: 'R' });
    const failed = await ecsInstance.runBatch!(
      { action: 'delete', description: '', batch: 100 },
      [instance('i-1'), instance('i-2')],
      h.stepContext(),
    );
    expect(failed.size).toBe(0);
  });

  it('re-reads many instances with one DescribeInstances call', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.InstanceIds === '["i-1","i-2"]')
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: [wireInstance('i-2', { Status: 'Stopped' })] } })
      // Its disks, for the one that still exists only.
      .post('/')
      .query((q) => q.InstanceId === 'i-2')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, { RequestId: 'R', Disks: { Disk: [{ DiskId: 'd-sys2', InstanceId: 'i-2', Type: 'system' }] } });
    const now = await ecsInstance.readMany!([instance('i-1'), instance('i-2')], h.scanContext());
    expect(scope.isDone()).toBe(true);
    expect([...now.keys()]).toEqual(['ecs.instance/cn-hangzhou/i-2']);
    expect(now.get('ecs.instance/cn-hangzhou/i-2')?.properties).toMatchObject({ status: 'Stopped', releasedDiskIds: ['d-sys2'] });
  });

  it("re-reads the disks of several instances from one page of the region's disks when that page is the whole listing", async () => {
    const h = providerHarness();
    const disksOf = nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: ['i-1', 'i-2', 'i-3'].map((id) => wireInstance(id)) } })
      .post('/')
      .query((q) => q.InstanceId === undefined && q.MaxResults === '500')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, {
        RequestId: 'R',
        Disks: {
          Disk: [
            { DiskId: 'd-sys1', InstanceId: 'i-1', Type: 'system' },
            { DiskId: 'd-sys3', InstanceId: 'i-3', Type: 'system' },
            // Outlives its instance: not released with it.
            { DiskId: 'd-data3', InstanceId: 'i-3', Type: 'data', DeleteWithInstance: false },
            { DiskId: 'd-other', InstanceId: 'i-other', Type: 'system' },
          ],
        },
      });
    const now = await ecsInstance.readMany!([instance('i-1'), instance('i-2'), instance('i-3')], h.scanContext());
    expect(disksOf.isDone()).toBe(true);
    expect([...now.values()].map((r) => [r.id, r.properties.releasedDiskIds])).toEqual([
      ['i-1', ['d-sys1']],
      ['i-2', []],
      ['i-3', ['d-sys3']],
    ]);
  });

  it("when the region's disks do not fit on one page, each instance's disks are read by InstanceId: absence from part of a listing proves nothing", async () => {
    const h = providerHarness();
    const asked: string[] = [];
    const scope = nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: ['i-1', 'i-2'].map((id) => wireInstance(id)) } })
      .post('/')
      .query((q) => q.InstanceId === undefined)
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, { RequestId: 'R', NextToken: 'more', Disks: { Disk: [{ DiskId: 'd-sys1', InstanceId: 'i-1', Type: 'system' }] } })
      .post('/')
      .times(2)
      .query((q) => typeof q.InstanceId === 'string')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, (uri) => {
        const id = new URL(uri, 'http://x').searchParams.get('InstanceId') ?? '';
        asked.push(id);
        return { RequestId: 'R', Disks: { Disk: [{ DiskId: `d-sys-${id}`, InstanceId: id, Type: 'system' }] } };
      });
    const now = await ecsInstance.readMany!([instance('i-1'), instance('i-2')], h.scanContext());
    expect(scope.isDone()).toBe(true);
    expect(asked.sort()).toEqual(['i-1', 'i-2']);
    expect(now.get('ecs.instance/cn-hangzhou/i-2')?.properties.releasedDiskIds).toEqual(['d-sys-i-2']);
    expect(now.get('ecs.instance/cn-hangzhou/i-1')?.properties.releasedDiskIds).toEqual(['d-sys-i-1']);
  });

  it('a disk attached with DeleteWithInstance since the plan makes the instance "changed since the plan": it would be released unreviewed', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: [wireInstance('i-1')] } })
      .post('/')
      .query((q) => q.InstanceId === 'i-1')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, {
        RequestId: 'R',
        Disks: {
          Disk: [
            { DiskId: 'd-sys1', InstanceId: 'i-1', Type: 'system', DeleteWithInstance: true },
            { DiskId: 'd-new', InstanceId: 'i-1', Type: 'data', DeleteWithInstance: true },
          ],
        },
      });
    const planned = {
      ...instance('i-1'),
      name: 'web-i-1',
      tags: { env: 'dev' },
      properties: { ...instance('i-1').properties, releasedDiskIds: ['d-sys1'] },
    };
    const now = await ecsInstance.read!(planned, h.scanContext());
    expect(now?.properties.releasedDiskIds).toEqual(['d-new', 'd-sys1']);
    expect(changeSincePlan(planned, now!, ecsInstance.attachmentProperties)).toBe(
      'changed since the plan was made: releasedDiskIds now also has d-new',
    );
  });

  it('a security-locked instance takes every attached disk along, DeleteWithInstance or not', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, {
        RequestId: 'R',
        Instances: { Instance: [wireInstance('i-1', { OperationLocks: { LockReason: [{ LockReason: 'security' }] } })] },
      })
      .post('/')
      .query((q) => q.InstanceId === 'i-1')
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(200, {
        RequestId: 'R',
        Disks: {
          Disk: [
            { DiskId: 'd-sys1', InstanceId: 'i-1', Type: 'system', DeleteWithInstance: true },
            { DiskId: 'd-kept-data', InstanceId: 'i-1', Type: 'data', DeleteWithInstance: false },
          ],
        },
      });
    const now = await ecsInstance.read!(instance('i-1'), h.scanContext());
    expect(now?.properties).toMatchObject({ lockReasons: ['security'], releasedDiskIds: ['d-kept-data', 'd-sys1'] });
  });

  it('disks it cannot read are not taken for "none": the re-read fails', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeInstances')
      .reply(200, { RequestId: 'R', Instances: { Instance: [wireInstance('i-1')] } })
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DescribeDisks')
      .reply(403, { RequestId: 'R', Code: 'Forbidden.RAM', Message: 'User not authorized to operate on the specified resource.' });
    await expect(ecsInstance.read!(instance('i-1'), h.scanContext())).rejects.toMatchObject({ code: 'Forbidden.RAM' });
  });

  it('rejects an unknown step as a bug', async () => {
    const h = providerHarness();
    await expect(ecsInstance.run({ action: 'explode', description: '' }, instance('i-1'), h.stepContext())).rejects.toThrow(/unknown step/);
  });
});
