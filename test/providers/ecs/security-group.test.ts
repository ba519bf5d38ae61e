import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/providers/contract.js';
import { ecsSecurityGroup } from '../../../src/providers/ecs/security-group.js';
import { collect, providerHarness } from '../harness.js';
import { rpcError } from './errors.js';
import { inventoryOf } from './inventory.js';

afterEach(() => nock.cleanAll());

const group = (id: string, properties: Record<string, unknown> = {}): Resource => ({
  type: 'ecs.security-group',
  region: 'cn-hangzhou',
  id,
  properties: { referencedBy: [], ...properties } as Resource['properties'],
});
const wireGroup = (id: string, extra: Record<string, unknown> = {}) => ({
  SecurityGroupId: id,
  SecurityGroupName: `grp-${id}`,
  VpcId: 'vpc-1',
  SecurityGroupType: 'normal',
  EcsCount: 0,
  ServiceManaged: false,
  CreationTime: '2026-01-01T00:00:00Z',
  ...extra,
});
const references = (entries: Record<string, string[]>) => ({
  RequestId: 'R',
  SecurityGroupReferences: {
    SecurityGroupReference: Object.entries(entries).map(([id, by]) => ({
      SecurityGroupId: id,
      ReferencingSecurityGroups: { ReferencingSecurityGroup: by.map((g) => ({ SecurityGroupId: g, AliUid: '1234567890123456' })) },
    })),
  },
});

describe('ecs.security-group', () => {
  it('lists every page, skips service-managed groups and records who references each group', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.MaxResults === '100' && q.NextToken === undefined)
      .matchHeader('x-acs-action', 'DescribeSecurityGroups')
      .reply(200, {
        RequestId: 'R',
        SecurityGroups: { SecurityGroup: [wireGroup('sg-1'), wireGroup('sg-ack', { ServiceManaged: true })] },
        NextToken: 'p2',
      })
      .post('/')
      .query((q) => q['SecurityGroupId.1'] === 'sg-1' && q['SecurityGroupId.2'] === undefined)
      .matchHeader('x-acs-action', 'DescribeSecurityGroupReferences')
      .reply(200, references({ 'sg-1': ['sg-2', 'sg-1'] }))
      .post('/')
      .query((q) => q.NextToken === 'p2')
      .matchHeader('x-acs-action', 'DescribeSecurityGroups')
      .reply(200, { RequestId: 'R', SecurityGroups: { SecurityGroup: [wireGroup('sg-2')] }, NextToken: '' })
      .post('/')
      .query((q) => q['SecurityGroupId.1'] === 'sg-2')
      .matchHeader('x-acs-action', 'DescribeSecurityGroupReferences')
      .reply(200, references({}));
    const found = await collect(ecsSecurityGroup.list(h.scanContext()));
    expect(scope.isDone()).toBe(true);
    expect(found.map((r) => [r.id, r.properties.referencedBy])).toEqual([
      ['sg-1', ['sg-2']],
      ['sg-2', []],
    ]);
    expect(found[0]?.properties.vpcId).toBe('vpc-1');
  });

  it('waits for instances and interfaces in it; the groups referencing it are touched, not waited for', () => {
    const inv = inventoryOf([
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-1', properties: { securityGroupIds: ['sg-1', 'sg-3'] } },
      { type: 'ecs.instance', region: 'cn-hangzhou', id: 'i-2', properties: { securityGroupIds: ['sg-3'] } },
      { type: 'ecs.network-interface', region: 'cn-hangzhou', id: 'eni-1', properties: { securityGroupIds: ['sg-1'] } },
      { type: 'ecs.security-group', region: 'cn-hangzhou', id: 'sg-2', properties: { referencedBy: [] } },
    ]);
    expect(ecsSecurityGroup.dependencies(group('sg-1', { referencedBy: ['sg-2'] }), inv)).toEqual([
      { address: 'ecs.instance/cn-hangzhou/i-1', reason: 'instance in this security group' },
      { address: 'ecs.network-interface/cn-hangzhou/eni-1', reason: 'network interface in this security group' },
      // Its revoke step modifies sg-2: so sg-2 must be destroyed by the same plan (never kept).
      {
        address: 'ecs.security-group/cn-hangzhou/sg-2',
        reason: 'security group whose rules reference this one (they are revoked first)',
        touches: true,
      },
    ]);
    const h = providerHarness();
    expect(ecsSecurityGroup.steps(group('sg-1', { referencedBy: ['sg-2'] }), h.scanContext()).map((s) => s.action)).toEqual([
      'revoke-references',
      'delete',
    ]);
    expect(ecsSecurityGroup.steps(group('sg-1'), h.scanContext()).map((s) => s.action)).toEqual(['delete']);
  });

  it('revokes the ingress and egress rules of the groups the plan named, and of no other group', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q['SecurityGroupId.1'] === 'sg-1')
      .matchHeader('x-acs-action', 'DescribeSecurityGroupReferences')
      // sg-new started referencing sg-1 after the plan: it must not be touched (no interceptor: a call would fail the test).
      .reply(200, references({ 'sg-1': ['sg-2', 'sg-gone', 'sg-new'] }))
      .post('/')
      .query((q) => q.SecurityGroupId === 'sg-2' && q.Direction === 'all' && q.MaxResults === '1000')
      .matchHeader('x-acs-action', 'DescribeSecurityGroupAttribute')
      .reply(200, {
        RequestId: 'R',
        SecurityGroupId: 'sg-2',
        Permissions: {
          Permission: [
            { SecurityGroupRuleId: 'sgr-in', Direction: 'ingress', SourceGroupId: 'sg-1', IpProtocol: 'TCP', PortRange: '22/22' },
            { SecurityGroupRuleId: 'sgr-other', Direction: 'ingress', SourceCidrIp: '10.0.0.0/8', IpProtocol: 'TCP', PortRange: '80/80' },
            { SecurityGroupRuleId: 'sgr-out', Direction: 'egress', DestGroupId: 'sg-1', IpProtocol: 'ALL', PortRange: '-1/-1' },
          ],
        },
        NextToken: '',
      })
      .post('/')
      .query((q) => q.SecurityGroupId === 'sg-2' && q['SecurityGroupRuleId.1'] === 'sgr-in' && q['SecurityGroupRuleId.2'] === undefined)
      .matchHeader('x-acs-action', 'RevokeSecurityGroup')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.SecurityGroupId === 'sg-2' && q['SecurityGroupRuleId.1'] === 'sgr-out')
      .matchHeader('x-acs-action', 'RevokeSecurityGroupEgress')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.SecurityGroupId === 'sg-gone')
      .matchHeader('x-acs-action', 'DescribeSecurityGroupAttribute')
      .reply(404, rpcError('InvalidSecurityGroupId.NotFound', 'The specified security group does not exist.'));
    await ecsSecurityGroup.run(
      { action: 'revoke-references', description: '' },
      group('sg-1', { referencedBy: ['sg-2', 'sg-gone'] }),
      h.stepContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(h.calls.filter((c) => c.mutating).map((c) => c.action)).toEqual(['RevokeSecurityGroup', 'RevokeSecurityGroupEgress']);
  });

  it('deletes the group and surfaces DependencyViolation and the ACK protection code', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.SecurityGroupId === 'sg-1')
      .matchHeader('x-acs-action', 'DeleteSecurityGroup')
      .reply(200, { RequestId: 'R' })
      .post('/')
      .query((q) => q.SecurityGroupId === 'sg-2')
      .matchHeader('x-acs-action', 'DeleteSecurityGroup')
      .reply(403, rpcError('DependencyViolation', 'There is still instance(s) in the specified security group.'))
      .post('/')
      .query((q) => q.SecurityGroupId === 'sg-ack')
      .matchHeader('x-acs-action', 'DeleteSecurityGroup')
      .reply(403, rpcError('InvalidOperation.DeletionProtection', 'The security group is protected by a cloud service.'));
    await ecsSecurityGroup.run({ action: 'delete', description: '' }, group('sg-1'), h.stepContext());
    await expect(ecsSecurityGroup.run({ action: 'delete', description: '' }, group('sg-2'), h.stepContext())).rejects.toMatchObject({
      kind: 'dependency',
    });
    await expect(ecsSecurityGroup.run({ action: 'delete', description: '' }, group('sg-ack'), h.stepContext())).rejects.toMatchObject({
      code: 'InvalidOperation.DeletionProtection',
      kind: 'permanent',
    });
    expect(ecsSecurityGroup.hints?.['InvalidOperation.DeletionProtection']).toMatch(/ACK/);
    expect(scope.isDone()).toBe(true);
  });

  it('reads a gone group as undefined', async () => {
    const h = providerHarness();
    const scope = nock(h.host)
      .post('/')
      .query((q) => q.SecurityGroupIds === '["sg-1"]')
      .matchHeader('x-acs-action', 'DescribeSecurityGroups')
      .reply(200, { RequestId: 'R', SecurityGroups: { SecurityGroup: [] } });
    expect(await ecsSecurityGroup.read(group('sg-1'), h.scanContext())).toBeUndefined();
    expect(scope.isDone()).toBe(true);
  });

  it('re-reads many groups with one DescribeSecurityGroups per 100 ids; the ones not returned are gone', async () => {
    const h = providerHarness();
    const ids = Array.from({ length: 120 }, (_, i) => `sg-${i}`);
    const seen: string[][] = [];
    const scope = nock(h.host)
      .post('/')
      .times(2)
      .query((q) => q.MaxResults === '100' && typeof q.SecurityGroupIds === 'string')
      .matchHeader('x-acs-action', 'DescribeSecurityGroups')
      .reply(200, (uri) => {
        const asked = JSON.parse(new URL(uri, h.host).searchParams.get('SecurityGroupIds') ?? '[]') as string[];
        seen.push(asked);
        return { RequestId: 'R', SecurityGroups: { SecurityGroup: asked.filter((id) => id !== 'sg-9').map((id) => wireGroup(id)) } };
      });
    const now = await ecsSecurityGroup.readMany!(
      ids.map((id) => group(id)),
      h.scanContext(),
    );
    expect(scope.isDone()).toBe(true);
    expect(seen.map((s) => s.length)).toEqual([100, 20]);
    expect(now.size).toBe(119);
    expect(now.has('ecs.security-group/cn-hangzhou/sg-9')).toBe(false);
  });
});
