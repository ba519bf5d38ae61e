import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { vpcVpc } from '../../../src/providers/vpc/vpc.js';
import { rpcError } from '../ecs/errors.js';
import { inventoryOf } from '../ecs/inventory.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const vpc = (id: string): Resource => ({ type: 'vpc.vpc', region: 'cn-hangzhou', id, properties: {} });
const wireVpc = (id: string) => ({
  VpcId: id,
  VpcName: `net-${id}`,
  Status: 'Available',
  CidrBlock: '172.16.0.0/12',
  IsDefault: false,
  CreationTime: '2026-01-01T00:00:00Z',
  VSwitchIds: { VSwitchId: ['vsw-1'] },
  Tags: { Tag: [{ Key: 'env', Value: 'dev' }] },
});

describe('vpc.vpc', () => {
  it('lists every page of 50', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DescribeVpcs')
      .reply(200, {
        RequestId: 'R',
        Vpcs: { Vpc: Array.from({ length: 50 }, (_, i) => wireVpc(`vpc-${i}`)) },
        TotalCount: 51,
        PageNumber: 1,
        PageSize: 50,
      })
      .post('/')
      .query((q) => q.PageNumber === '2' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeVpcs')
      .reply(200, { RequestId: 'R', Vpcs: { Vpc: [wireVpc('vpc-last')] }, TotalCount: 51, PageNumber: 2, PageSize: 50 });
    const found = await collect(vpcVpc.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(51);
    expect(found[50]).toMatchObject({
      id: 'vpc-last',
      name: 'net-vpc-last',
      tags: { env: 'dev' },
      properties: { cidrBlock: '172.16.0.0/12', vSwitchIds: ['vsw-1'] },
    });
  });

  it('waits for its vswitches, security groups and NAT gateways', () => {
    const inv = inventoryOf([
      { type: 'vpc.vswitch', region: 'cn-hangzhou', id: 'vsw-1', properties: { vpcId: 'vpc-1' } },
      { type: 'vpc.vswitch', region: 'cn-hangzhou', id: 'vsw-2', properties: { vpcId: 'vpc-2' } },
      { type: 'ecs.security-group', region: 'cn-hangzhou', id: 'sg-1', properties: { vpcId: 'vpc-1' } },
      { type: 'vpc.nat-gateway', region: 'cn-hangzhou', id: 'ngw-1', properties: { vpcId: 'vpc-1' } },
    ]);
    expect(vpcVpc.dependencies(vpc('vpc-1'), inv)).toEqual([
      { address: 'vpc.vswitch/cn-hangzhou/vsw-1', reason: 'vswitch in this VPC' },
      { address: 'ecs.security-group/cn-hangzhou/sg-1', reason: 'security group in this VPC' },
      { address: 'vpc.nat-gateway/cn-hangzhou/ngw-1', reason: 'NAT gateway in this VPC' },
    ]);
  });

  it('deletes, surfaces DependencyViolation.VSwitch as a dependency error, and reads a gone VPC as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.VpcId === 'vpc-1')
      .matchHeader('x-acs-action', 'DeleteVpc')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.VpcId === 'vpc-2')
      .matchHeader('x-acs-action', 'DeleteVpc')
      .reply(400, rpcError('DependencyViolation.VSwitch', 'Specified VPC has vswitches.', 'vpc.aliyuncs.com'))
      .post('/')
      .query((q) => q.VpcId === 'vpc-1')
      .matchHeader('x-acs-action', 'DescribeVpcs')
      .reply(200, { RequestId: 'R', Vpcs: { Vpc: [] }, TotalCount: 0 });
    await vpcVpc.run({ action: 'delete', description: '' }, vpc('vpc-1'), h.stepContext());
    await expect(vpcVpc.run({ action: 'delete', description: '' }, vpc('vpc-2'), h.stepContext())).rejects.toMatchObject({
      code: 'DependencyViolation.VSwitch',
      kind: 'dependency',
      statusCode: 400,
    });
    expect(await vpcVpc.read(vpc('vpc-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('classifies InvalidVpcId.NotFound as gone', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'DeleteVpc')
      .reply(404, rpcError('InvalidVpcId.NotFound', 'Specified VPC does not exist.', 'vpc.aliyuncs.com'));
    await expect(vpcVpc.run({ action: 'delete', description: '' }, vpc('vpc-1'), h.stepContext())).rejects.toMatchObject({ kind: 'gone' });
  });
});

describe('vpc.vpc readMany', () => {
  it('re-reads 25 VPCs in two DescribeVpcs calls of up to 20 comma-separated ids; one not returned is gone', async () => {
    const h = providerHarness();
    const ids = Array.from({ length: 25 }, (_, i) => `vpc-${i}`);
    const asked: string[][] = [];
    const scope = nock(h.host)
      .post('/')
      .times(2)
      .query((q) => typeof q.VpcId === 'string' && q.PageSize === '20' && q.RegionId === 'cn-hangzhou')
      .matchHeader('x-acs-action', 'DescribeVpcs')
      .reply(200, (uri) => {
        const chunk = (new URL(uri, 'http://x').searchParams.get('VpcId') ?? '').split(',');
        asked.push(chunk);
        // vpc-3 is gone; vpc-other was not asked for and must not count.
        const found = chunk.filter((id) => id !== 'vpc-3').map(wireVpc);
        return {
          RequestId: 'R',
          Vpcs: { Vpc: [...found, wireVpc('vpc-other')] },
          TotalCount: found.length + 1,
          PageNumber: 1,
          PageSize: 20,
        };
      });
    const now = await vpcVpc.readMany!(ids.map(vpc), h.scanContext());
    expect(scope.isDone()).toBe(true);
    expect(asked.map((c) => c.length)).toEqual([20, 5]);
    expect(asked.flat().sort()).toEqual([...ids].sort());
    expect([...now.keys()].sort()).toEqual(
      ids
        .filter((id) => id !== 'vpc-3')
        .map((id) => `vpc.vpc/cn-hangzhou/${id}`)
        .sort(),
    );
    expect(now.get('vpc.vpc/cn-hangzhou/vpc-7')).toMatchObject({ id: 'vpc-7', properties: { vSwitchIds: ['vsw-1'] } });
  });
});
