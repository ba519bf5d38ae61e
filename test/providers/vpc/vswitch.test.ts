import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { vpcVSwitch } from '../../../src/providers/vpc/vswitch.js';
import { rpcError } from '../ecs/errors.js';
import { inventoryOf } from '../ecs/inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const vsw = (id: string): Resource => ({ type: 'vpc.vswitch', region: 'cn-hangzhou', id, properties: {} });
const wireVSwitch = (id: string) => ({
  VSwitchId: id,
  VSwitchName: `sub-${id}`,
  VpcId: 'vpc-1',
  ZoneId: 'cn-hangzhou-h',
  Status: 'Available',
  CidrBlock: '172.16.1.0/24',
});

describe('vpc.vswitch', () => {
  it('lists every page of 50', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeVSwitches')
      .reply(200, { RequestId: 'R', VSwitches: { VSwitch: Array.from({ length: 50 }, (_, i) => wireVSwitch(`vsw-${i}`)) }, TotalCount: 52 })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeVSwitches')
      .reply(200, { RequestId: 'R', VSwitches: { VSwitch: [wireVSwitch('vsw-a'), wireVSwitch('vsw-b')] }, TotalCount: 52 });
    const found = await collect(vpcVSwitch.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(52);
    expect(found[51]?.properties).toMatchObject({ vpcId: 'vpc-1', zoneId: 'cn-hangzhou-h' });
  });

  it('waits for every instance, interface, NAT gateway, load balancer and database placed in it', () => {
    const inv = inventoryOf([
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: { vSwitchId: 'vsw-1' } },
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-2', properties: { vSwitchId: 'vsw-2' } },
      { type: 'ecs.network-interface', region: 'cn-hangzhou', id: 'eni-1', properties: { vSwitchId: 'vsw-1' } },
      { type: 'vpc.nat-gateway', region: 'cn-hangzhou', id: 'ngw-1', properties: { vSwitchId: 'vsw-1' } },
      { type: 'slb.load-balancer', region: 'cn-hangzhou', id: 'lb-1', properties: { vSwitchId: 'vsw-1' } },
      { type: 'rds.instance', region: 'cn-hangzhou', id: 'rm-1', properties: { vSwitchIds: ['vsw-0', 'vsw-1'] } },
    ]);
    expect(vpcVSwitch.dependencies(vsw('vsw-1'), inv).map((d) => d.address)).toEqual([
      'ecs.instance/cn-hangzhou/i-1',
      'ecs.network-interface/cn-hangzhou/eni-1',
      'vpc.nat-gateway/cn-hangzhou/ngw-1',
      'slb.load-balancer/cn-hangzhou/lb-1',
      'rds.instance/cn-hangzhou/rm-1',
    ]);
  });

  it('deletes, surfaces DependencyViolation while resources remain, and reads a gone vswitch as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.VSwitchId === 'vsw-1')
      .matchHeader('x-acs-action', 'DeleteVSwitch')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.VSwitchId === 'vsw-2')
      .matchHeader('x-acs-action', 'DeleteVSwitch')
      .reply(400, rpcError('DependencyViolation', 'The specified vswitch has resources.', 'vpc.aliyuncs.com'))
      .post('/')
      .query((q) => q.VSwitchId === 'vsw-1')
      .matchHeader('x-acs-action', 'DescribeVSwitches')
      .reply(200, { RequestId: 'R', VSwitches: { VSwitch: [] }, TotalCount: 0 });
    await vpcVSwitch.run({ action: 'delete', description: '' }, vsw('vsw-1'), h.stepContext());
    await expect(vpcVSwitch.run({ action: 'delete', description: '' }, vsw('vsw-2'), h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
    });
    expect(await vpcVSwitch.read(vsw('vsw-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
