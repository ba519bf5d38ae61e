import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { vpcRouteEntry } from '../../../src/providers/vpc/route-entry.js';
import { vpcRouteTable } from '../../../src/providers/vpc/route-table.js';
import { rpcError } from '../ecs/errors.js';
import { inventoryOf } from '../ecs/inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const wireTable = (id: string, type: 'System' | 'Custom', extra: Record<string, unknown> = {}) => ({
  RouteTableId: id,
  RouteTableName: `name-${id}`,
  RouteTableType: type,
  VpcId: 'vpc-1',
  Status: 'Available',
  AssociateType: 'VSwitch',
  CreationTime: '2026-01-01T00:00:00Z',
  VSwitchIds: { VSwitchId: ['vsw-1'] },
  GatewayIds: { GatewayIds: [] },
  Tags: { Tag: [{ Key: 'env', Value: 'dev' }] },
  ...extra,
});
const table = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'vpc.route-table',
  region: 'cn-hangzhou',
  id,
  properties: { vSwitchIds: ['vsw-1'], gatewayIds: [], associateType: 'VSwitch', vpcId: 'vpc-1', ...properties } as Resource['properties'],
});

describe('vpc.route-table', () => {
  it('lists custom tables only, every page of 50, with their vswitches and tags', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RouteTableType === 'Custom' && q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeRouteTableList')
      .reply(200, {
        RequestId: 'R',
        RouterTableList: { RouterTableListType: Array.from({ length: 50 }, (_, i) => wireTable(`vtb-${i}`, 'Custom')) },
        TotalCount: 52,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeRouteTableList')
      .reply(200, {
        RequestId: 'R',
        RouterTableList: { RouterTableListType: [wireTable('vtb-x', 'Custom'), wireTable('vtb-sys', 'System')] },
        TotalCount: 52,
      });
    const found = await collect(vpcRouteTable.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(51);
    expect(found[50]).toMatchObject({ id: 'vtb-x', tags: { env: 'dev' }, properties: { vSwitchIds: ['vsw-1'], vpcId: 'vpc-1' } });
  });

  it('waits for its custom entries; touches its vswitches; blocks a gateway-associated table', () => {
    const h = providerHarness();
    const inv = inventoryOf([
      { type: 'vpc.route-entry', region: 'cn-hangzhou', id: 'rte-1', properties: { routeTableId: 'vtb-1' } },
      { type: 'vpc.route-entry', region: 'cn-hangzhou', id: 'rte-2', properties: { routeTableId: 'vtb-other' } },
      { type: 'vpc.vswitch', region: 'cn-hangzhou', id: 'vsw-1', properties: {} },
    ]);
    expect(vpcRouteTable.dependencies(table('vtb-1'), inv)).toEqual([
      { address: 'vpc.route-entry/cn-hangzhou/rte-1', reason: 'custom route entry in this table' },
      { address: 'vpc.vswitch/cn-hangzhou/vsw-1', reason: 'vswitch associated with this table (unassociated first)', touches: true },
    ]);
    expect(vpcRouteTable.steps(table('vtb-1'), h.scanContext()).map((s) => s.action)).toEqual(['unassociate-vswitches', 'delete']);
    const gw = vpcRouteTable.steps(table('vtb-2', { associateType: 'Gateway', gatewayIds: ['ipv4gw-1'], vSwitchIds: [] }), h.scanContext());
    expect(gw).toHaveLength(1);
    expect(gw[0]?.blocked).toMatch(/ipv4gw-1/);
  });

  it('unassociates each vswitch and waits, then deletes; entries still there is a dependency to retry', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RouteTableId === 'vtb-1')
      .matchHeader('x-acs-action', 'DescribeRouteTableList')
      .reply(200, { RequestId: 'R', RouterTableList: { RouterTableListType: [wireTable('vtb-1', 'Custom')] }, TotalCount: 1 })
      .post('/')
      .query((q) => q.RouteTableId === 'vtb-1' && q.VSwitchId === 'vsw-1')
      .matchHeader('x-acs-action', 'UnassociateRouteTable')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.RouteTableId === 'vtb-1')
      .matchHeader('x-acs-action', 'DescribeRouteTableList')
      .reply(200, {
        RequestId: 'R',
        RouterTableList: { RouterTableListType: [wireTable('vtb-1', 'Custom', { VSwitchIds: { VSwitchId: [] } })] },
        TotalCount: 1,
      })
      .post('/')
      .query((q) => q.RouteTableId === 'vtb-1')
      .matchHeader('x-acs-action', 'DeleteRouteTable')
      .reply(
        400,
        rpcError(
          'IncorrectRouteTableStatus.RouteEntryExist',
          'You cannot delete the specified route table because it still has custom route entry.',
          'vpc.aliyuncs.com',
        ),
      );
    await vpcRouteTable.run({ action: 'unassociate-vswitches', description: '' }, table('vtb-1'), h.stepContext());
    await expect(vpcRouteTable.run({ action: 'delete', description: '' }, table('vtb-1'), h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
    });
    expect(h.waits).toEqual(['route table vtb-1 to have no vswitches']);
    expect(scope.isDone()).toBe(true);
  });
});

describe('vpc.route-entry', () => {
  it('lists the custom entries of every route table, system ones included, following NextToken', async () => {
    const h = providerHarness();
    const entry = (id: string, table: string, hop: string) => ({
      RouteEntryId: id,
      RouteTableId: table,
      DestinationCidrBlock: '192.168.0.0/16',
      Type: 'Custom',
      Status: 'Available',
      NextHops: { NextHop: [{ NextHopType: 'Instance', NextHopId: hop }] },
    });
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.RouteTableType === undefined)
      .matchHeader('x-acs-action', 'DescribeRouteTableList')
      .reply(200, {
        RequestId: 'R',
        RouterTableList: { RouterTableListType: [wireTable('vtb-sys', 'System'), wireTable('vtb-c', 'Custom')] },
        TotalCount: 2,
      })
      .post('/')
      .query((q) => q.RouteTableId === 'vtb-sys' && q.RouteEntryType === 'Custom' && q.MaxResult === '100' && q.NextToken === undefined)
      .matchHeader('x-acs-action', 'DescribeRouteEntryList')
      .reply(200, { RequestId: 'R', RouteEntrys: { RouteEntry: [entry('rte-1', 'vtb-sys', 'i-1')] }, NextToken: 'n1' })
      .post('/')
      .query((q) => q.RouteTableId === 'vtb-sys' && q.NextToken === 'n1')
      .matchHeader('x-acs-action', 'DescribeRouteEntryList')
      .reply(200, { RequestId: 'R', RouteEntrys: { RouteEntry: [entry('rte-2', 'vtb-sys', 'havip-1')] }, NextToken: '' })
      .post('/')
      .query((q) => q.RouteTableId === 'vtb-c')
      .matchHeader('x-acs-action', 'DescribeRouteEntryList')
      .reply(200, { RequestId: 'R', RouteEntrys: { RouteEntry: [entry('rte-3', 'vtb-c', 'i-2')] } });
    const found = await collect(vpcRouteEntry.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((e) => [e.id, e.properties.routeTableId, e.properties.vpcId, e.properties.nextHopIds])).toEqual([
      ['rte-1', 'vtb-sys', 'vpc-1', ['i-1']],
      ['rte-2', 'vtb-sys', 'vpc-1', ['havip-1']],
      ['rte-3', 'vtb-c', 'vpc-1', ['i-2']],
    ]);
  });

  it('deletes by id in its table; an entry already gone is gone', async () => {
    const h = providerHarness();
    const e: Resource = { type: 'vpc.route-entry', region: 'cn-hangzhou', id: 'rte-1', properties: { routeTableId: 'vtb-1' } };
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.RouteEntryId === 'rte-1' && q.RouteTableId === 'vtb-1')
      .matchHeader('x-acs-action', 'DeleteRouteEntry')
      .reply(404, rpcError('InvalidRouteEntry.NotFound', 'The specified route entry does not exist.', 'vpc.aliyuncs.com'));
    await expect(vpcRouteEntry.run({ action: 'delete', description: '' }, e, h.stepContext())).rejects.toMatchObject({ kind: 'gone' });
    expect(scope.isDone()).toBe(true);
  });
});
