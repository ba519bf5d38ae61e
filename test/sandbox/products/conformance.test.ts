// The harness itself: a case whose wire parameters the SDK cannot send, or a body without
// a documented field, must fail instead of passing silently.
import * as $Ecs from '@alicloud/ecs20140526';
import { describe, expect, it } from 'vitest';
import { expectDocumentedField, requestFromWire } from './conformance.js';

describe('requestFromWire', () => {
  it('builds scalars, lists and lists of sub-models from wire names', () => {
    const del = requestFromWire($Ecs.DeleteInstancesRequest, {
      RegionId: 'cn-hangzhou',
      'InstanceId.2': 'i-b',
      'InstanceId.1': 'i-a',
      Force: 'true',
    });
    expect(del).toMatchObject({ regionId: 'cn-hangzhou', instanceId: ['i-a', 'i-b'], force: true });
    const revoke = requestFromWire($Ecs.RevokeSecurityGroupRequest, {
      SecurityGroupId: 'sg-1',
      'Permissions.1.IpProtocol': 'TCP',
      'Permissions.1.PortRange': '22/22',
    });
    expect(revoke).toMatchObject({ securityGroupId: 'sg-1', permissions: [{ ipProtocol: 'TCP', portRange: '22/22' }] });
    expect((revoke as $Ecs.RevokeSecurityGroupRequest).permissions?.[0]).toBeInstanceOf($Ecs.RevokeSecurityGroupRequestPermissions);
  });

  it('refuses a wire parameter the request model has no field for', () => {
    expect(() => requestFromWire($Ecs.DeleteInstanceRequest, { InstanceID: 'i-1' })).toThrow(/no field for wire parameter\(s\) InstanceID/);
  });
});

describe('expectDocumentedField', () => {
  const body = {
    TotalCount: 0,
    Data: { Domain: [{ DomainName: 'a.com' }, { DomainName: 'b.com', InstanceId: 'S1' }] },
    Empty: { Item: [] },
  };

  it('accepts present fields, empty wrappers and fields present in every list item', () => {
    expectDocumentedField(body, 'TotalCount');
    expectDocumentedField(body, 'Empty.Item');
    expectDocumentedField(body, 'Data.Domain[].DomainName');
  });

  it('names the missing field, the item that lacks it, and an empty documented list', () => {
    expect(() => expectDocumentedField(body, 'PageSize')).toThrow('documented field PageSize is missing');
    expect(() => expectDocumentedField(body, 'Data.Domain[].InstanceId')).toThrow('documented field Data.Domain[0].InstanceId is missing');
    expect(() => expectDocumentedField(body, 'Empty.Item[].Id')).toThrow('documented list Empty.Item is missing or empty');
  });
});
