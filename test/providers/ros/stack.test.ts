import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory, Resource } from '../../../src/providers/contract.js';
import { rosStack, rosStackOwner } from '../../../src/providers/ros/stack.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wire = (id: string, extra: Record<string, unknown> = {}) => ({
  StackId: id,
  StackName: `stack-${id}`,
  Status: 'CREATE_COMPLETE',
  DeletionProtection: 'Disabled',
  ServiceManaged: false,
  StackType: 'ROS',
  RegionId: 'cn-hangzhou',
  CreateTime: '2026-01-01T00:00:00',
  ...extra,
});
const stack = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'ros.stack',
  region: 'cn-hangzhou',
  id,
  properties: {
    deletionProtection: false,
    status: 'CREATE_COMPLETE',
    ownedAddresses: [],
    otherResourceCount: 0,
    ...properties,
  } as Resource['properties'],
});
const resources = (...rs: Array<[string, string, string]>) => ({
  RequestId: 'R',
  Resources: rs.map(([logical, physical, type]) => ({
    LogicalResourceId: logical,
    PhysicalResourceId: physical,
    ResourceType: type,
    Status: 'CREATE_COMPLETE',
  })),
});

describe('ros.stack', () => {
  it('lists root stacks of every page with what they and their nested stacks created, skipping service-managed ones', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RegionId === 'cn-hangzhou' && q.PageNumber === '1' && q.PageSize === '50' && q.ShowNestedStack === 'true')
      .matchHeader('x-acs-action', 'ListStacks')
      .matchHeader('x-acs-version', '2019-09-10')
      .reply(200, {
        RequestId: 'R',
        Stacks: [
          ...Array.from({ length: 47 }, (_, i) => wire(`s-${i}`)),
          wire('s-ack', { ServiceManaged: true, ServiceName: 'ACK' }),
          wire('s-protected', { DeletionProtection: 'Enabled', Tags: [{ Key: 'team', Value: 'infra' }] }),
          wire('s-nested', { ParentStackId: 's-x' }),
        ],
        TotalCount: 51,
        PageNumber: 1,
        PageSize: 50,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'ListStacks')
      .reply(200, { RequestId: 'R', Stacks: [wire('s-x')], TotalCount: 51, PageNumber: 2, PageSize: 50 })
      .post('/')
      .query((q) => q.StackId === 's-x' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'ListStackResources')
      .reply(
        200,
        resources(
          ['Vpc', 'vpc-1', 'ALIYUN::ECS::VPC'],
          ['Web', 'i-1', 'ALIYUN::ECS::Instance'],
          ['Topic', 'mns-1', 'ALIYUN::MNS::Topic'],
          ['Child', 's-nested', 'ALIYUN::ROS::Stack'],
        ),
      )
      .post('/')
      .query((q) => q.StackId === 's-nested')
      .matchHeader('x-acs-action', 'ListStackResources')
      .reply(200, resources(['Cache', 'r-1', 'ALIYUN::REDIS::Instance']))
      .post('/')
      .query((q) => typeof q.StackId === 'string' && q.StackId !== 's-x' && q.StackId !== 's-nested')
      .matchHeader('x-acs-action', 'ListStackResources')
      .times(49)
      .reply(200, { RequestId: 'R', Resources: [] });
    const found = await collect(rosStack.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    // Service-managed and nested stacks are not nodes of their own.
    expect(found.map((s) => s.id)).not.toContain('s-ack');
    expect(found.map((s) => s.id)).not.toContain('s-nested');
    expect(found).toHaveLength(49);
    expect(found.find((s) => s.id === 's-protected')).toMatchObject({ tags: { team: 'infra' }, properties: { deletionProtection: true } });
    expect(found.find((s) => s.id === 's-x')?.properties).toMatchObject({
      ownedAddresses: ['ecs.instance/cn-hangzhou/i-1', 'kvstore.instance/cn-hangzhou/r-1', 'vpc.vpc/cn-hangzhou/vpc-1'],
      otherResourceCount: 1,
    });
  });

  it('is the owner of what it created, and of nothing else', () => {
    const s = stack('s-1', { ownedAddresses: ['vpc.vpc/cn-hangzhou/vpc-1'] });
    const vpc: Resource = { type: 'vpc.vpc', region: 'cn-hangzhou', id: 'vpc-1', properties: {} };
    const other: Resource = { type: 'vpc.vpc', region: 'cn-hangzhou', id: 'vpc-2', properties: {} };
    const all = [s, vpc, other];
    const inventory: Inventory = {
      get: (a) => all.find((r) => `${r.type}/${r.region}/${r.id}` === a),
      byType: (t) => all.filter((r) => r.type === t),
    };
    expect(rosStackOwner(vpc, inventory)).toEqual([
      { address: 'ros.stack/cn-hangzhou/s-1', reason: 'created by this ROS stack, which deletes it', owner: true },
    ]);
    expect(rosStackOwner(other, inventory)).toEqual([]);
  });

  it('turns protection off, deletes the stack with its resources and waits until it is gone', async () => {
    const h = providerHarness();
    expect(
      rosStack.steps(
        stack('s-1', { deletionProtection: true, ownedAddresses: ['vpc.vpc/cn-hangzhou/vpc-1'], otherResourceCount: 2 }),
        h.scanContext(),
      ),
    ).toEqual([
      {
        action: 'disable-deletion-protection',
        description: 'turn off the stack deletion protection (settings.disableDeletionProtection: true)',
      },
      {
        action: 'delete',
        description: 'delete the stack and every resource it created (1 listed under it in this plan; 2 of types this tool does not list)',
      },
    ]);
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.StackId === 's-1' && q.DeletionProtection === 'Disabled' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'SetDeletionProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.StackId === 's-1' && q.RetainAllResources === 'false')
      .matchHeader('x-acs-action', 'DeleteStack')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.StackId === 's-1' && q.OutputOption === 'Disabled')
      .matchHeader('x-acs-action', 'GetStack')
      .reply(200, { RequestId: 'R', ...wire('s-1', { Status: 'DELETE_IN_PROGRESS' }) })
      .post('/')
      .query((q) => q.StackId === 's-1')
      .matchHeader('x-acs-action', 'GetStack')
      .reply(200, { RequestId: 'R', ...wire('s-1', { Status: 'DELETE_COMPLETE' }) })
      .post('/')
      .query((q) => q.StackId === 's-1')
      .matchHeader('x-acs-action', 'GetStack')
      .reply(404, rpcError('StackNotFound', 'The Stack (s-1) could not be found.', 'ros.aliyuncs.com'));
    const ctx = h.stepContext();
    await rosStack.run({ action: 'disable-deletion-protection', description: '' }, stack('s-1', { deletionProtection: true }), ctx);
    await rosStack.run({ action: 'delete', description: '' }, stack('s-1'), ctx);
    expect(h.waits).toEqual(['stack s-1 to delete its resources']);
    // DELETE_COMPLETE and StackNotFound alike read as gone.
    expect(await rosStack.read(stack('s-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('does not delete again a stack being deleted, and fails with the reason when the stack gives up (DELETE_FAILED)', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.StackId === 's-2')
      .matchHeader('x-acs-action', 'GetStack')
      .reply(200, { RequestId: 'R', ...wire('s-2', { Status: 'DELETE_FAILED', StatusReason: 'Resource Vsw: DependencyViolation' }) });
    await expect(
      rosStack.run({ action: 'delete', description: '' }, stack('s-2', { status: 'DELETE_IN_PROGRESS' }), h.stepContext()),
    ).rejects.toMatchObject({ code: 'DELETE_FAILED', kind: 'permanent', message: 'Resource Vsw: DependencyViolation' });
    expect(scope.isDone()).toBe(true);
  });

  it('refuses to mutate with read-only clients', async () => {
    const h = providerHarness({ mode: 'read-only' });
    await expect(rosStack.run({ action: 'delete', description: '' }, stack('s-3'), h.stepContext())).rejects.toThrow(
      /refused to call mutating API ros:DeleteStack/,
    );
  });
});
