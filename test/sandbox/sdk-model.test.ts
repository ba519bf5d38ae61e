import { describe, expect, it } from 'vitest';
import { DescribeInstancesResponseBody } from '@alicloud/ecs20140526';
import { ListUsersResponseBody } from '@alicloud/ram20150501';
import { assertWireKeysMatchModel, wireKeyProblems } from './sdk-model.js';

describe('assertWireKeysMatchModel', () => {
  it('accepts a body that uses only wire names, nested models and arrays', () => {
    const body = {
      RequestId: 'R',
      IsTruncated: false,
      Users: { User: [{ UserName: 'alice', UserId: '1', CreateDate: '2024-01-01T00:00:00Z' }] },
    };
    expect(wireKeyProblems(ListUsersResponseBody, body)).toEqual([]);
    expect(() => assertWireKeysMatchModel(ListUsersResponseBody, body)).not.toThrow();
  });

  it('names every invented or misspelled key, at any depth', () => {
    const body = {
      RequestId: 'R',
      Users: { Users: [] },
      IsTruncate: true,
    };
    const problems = wireKeyProblems(ListUsersResponseBody, body);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^\$\.Users\.Users: not a wire name/);
    expect(problems[1]).toMatch(/^\$\.IsTruncate: not a wire name/);
    expect(() => assertWireKeysMatchModel(ListUsersResponseBody, body)).toThrow(/IsTruncate/);
  });

  it('walks arrays of nested models (ECS instances, their tags and string lists)', () => {
    const body = {
      RequestId: 'R',
      Instances: {
        Instance: [
          {
            InstanceId: 'i-1',
            Tags: { Tag: [{ TagKey: 'k', TagValue: 'v', Colour: 'red' }] },
            SecurityGroupIds: { SecurityGroupId: ['sg-1'] },
          },
        ],
      },
    };
    expect(wireKeyProblems(DescribeInstancesResponseBody, body)).toEqual([
      expect.stringMatching(/^\$\.Instances\.Instance\[0\]\.Tags\.Tag\[0\]\.Colour: not a wire name/),
    ]);
  });

  it('flags shapes the SDK cannot read: a single object for an array, an array for an object', () => {
    const single = { Users: { User: { UserName: 'alice' } } };
    expect(wireKeyProblems(ListUsersResponseBody, single)).toEqual(['$.Users.User: expected an array, got an object']);
    const flat = { Users: [{ UserName: 'alice' }] };
    expect(wireKeyProblems(ListUsersResponseBody, flat)[0]).toMatch(/^\$\.Users: expected an object/);
  });
});
