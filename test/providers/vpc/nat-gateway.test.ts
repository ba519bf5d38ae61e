import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { vpcNatGateway } from '../../../src/providers/vpc/nat-gateway.js';
import { rpcError } from '../ecs/errors.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const nat = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'vpc.nat-gateway',
  region: 'cn-hangzhou',
  id,
  properties: { chargeType: 'PostPaid', deletionProtection: false, ...properties } as Resource['properties'],
});
const wireNat = (id: string, extra: Record<string, unknown> = {}) => ({
  NatGatewayId: id,
  Name: `gw-${id}`,
  Status: 'Available',
  NatType: 'Enhanced',
  NetworkType: 'internet',
  VpcId: 'vpc-1',
  InstanceChargeType: 'PostPaid',
  DeletionProtection: false,
  CreationTime: '2026-01-01T00:00:00Z',
  NatGatewayPrivateInfo: { VswitchId: 'vsw-1', EniInstanceId: 'eni-nat' },
  IpLists: { IpList: [{ AllocationId: 'eip-1', IpAddress: '47.0.0.1' }] },
  ...extra,
});

describe('vpc.nat-gateway', () => {
  it('lists every page of 50 with its vswitch and EIPs', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.PageNumber === '1' && q.PageSize === '50')
      .matchHeader('x-acs-action', 'DescribeNatGateways')
      .reply(200, {
        RequestId: 'R',
        NatGateways: { NatGateway: Array.from({ length: 50 }, (_, i) => wireNat(`ngw-${i}`)) },
        TotalCount: 51,
      })
      .post('/')
      .query((q) => q.PageNumber === '2')
      .matchHeader('x-acs-action', 'DescribeNatGateways')
      .reply(200, {
        RequestId: 'R',
        NatGateways: { NatGateway: [wireNat('ngw-x', { InstanceChargeType: 'PrePaid', ExpiredTime: '2027-05-01T00:00Z' })] },
        TotalCount: 51,
      });
    const found = await collect(vpcNatGateway.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found).toHaveLength(51);
    expect(found[0]?.properties).toMatchObject({
      vpcId: 'vpc-1',
      vSwitchId: 'vsw-1',
      eipAllocationIds: ['eip-1'],
      chargeType: 'PostPaid',
      expiredTime: null,
    });
    expect(found[50]?.properties).toMatchObject({ chargeType: 'PrePaid', expiredTime: '2027-05-01T00:00Z' });
  });

  it('plans protection off then a forced delete; blocks a subscription', () => {
    const h = providerHarness();
    expect(vpcNatGateway.steps(nat('ngw-1', { deletionProtection: true }), h.scanContext()).map((s) => s.action)).toEqual([
      'disable-deletion-protection',
      'delete',
    ]);
    const prepaid = vpcNatGateway.steps(nat('ngw-2', { chargeType: 'PrePaid', expiredTime: '2027-05-01T00:00Z' }), h.scanContext());
    expect(prepaid).toHaveLength(1);
    expect(prepaid[0]?.blocked).toMatch(/expires 2027-05-01T00:00Z/);
  });

  it('turns protection off with Type=NATGW and deletes with Force', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.InstanceId === 'ngw-1' && q.Type === 'NATGW' && q.ProtectionEnable === 'false')
      .matchHeader('x-acs-action', 'DeletionProtection')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.NatGatewayId === 'ngw-1' && q.Force === 'true')
      .matchHeader('x-acs-action', 'DeleteNatGateway')
      .reply(200, { RequestId: 'R' });
    await vpcNatGateway.run({ action: 'disable-deletion-protection', description: '' }, nat('ngw-1'), h.stepContext());
    await vpcNatGateway.run({ action: 'delete', description: '' }, nat('ngw-1'), h.stepContext());
    expect(scope.isDone()).toBe(true);
  });

  it('surfaces Forbidden.PrePaidNatGateway, treats IncorrectStatus.NatGateway as gone, and reads a gone gateway as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.NatGatewayId === 'ngw-pre')
      .matchHeader('x-acs-action', 'DeleteNatGateway')
      .reply(400, rpcError('Forbidden.PrePaidNatGateway', 'Prepaid NAT gateway cannot be deleted.', 'vpc.aliyuncs.com'))
      .post('/')
      .query((q) => q.NatGatewayId === 'ngw-deleting')
      .matchHeader('x-acs-action', 'DeleteNatGateway')
      .reply(404, rpcError('IncorrectStatus.NatGateway', 'The NAT gateway is being deleted.', 'vpc.aliyuncs.com'))
      .post('/')
      .query((q) => q.NatGatewayId === 'ngw-deleting')
      .matchHeader('x-acs-action', 'DescribeNatGateways')
      .reply(200, { RequestId: 'R', NatGateways: { NatGateway: [] }, TotalCount: 0 });
    await expect(vpcNatGateway.run({ action: 'delete', description: '' }, nat('ngw-pre'), h.stepContext())).rejects.toMatchObject({
      code: 'Forbidden.PrePaidNatGateway',
      kind: 'permanent',
    });
    await expect(vpcNatGateway.run({ action: 'delete', description: '' }, nat('ngw-deleting'), h.stepContext())).rejects.toMatchObject({
      kind: 'gone',
    });
    expect(await vpcNatGateway.read(nat('ngw-deleting'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });
});
