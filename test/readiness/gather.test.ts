import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gatherEvidence } from '../../src/readiness/gather.js';
import { providerHarness } from '../providers/harness.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const balance = {
  RequestId: 'R',
  Code: 'Success',
  Success: true,
  Data: { AvailableCashAmount: '0.00', AvailableAmount: '0.00', CreditAmount: '0.00', Currency: 'CNY' },
};

function instance(id: string) {
  return {
    InstanceID: id,
    ProductCode: 'ecs',
    ProductType: '',
    SubscriptionType: 'Subscription',
    Status: 'Normal',
    Region: 'cn-hangzhou',
    EndTime: '',
  };
}

describe('readiness evidence gathering', () => {
  it('follows BSS pages until a short page when TotalCount is missing, and Resource Center NextTokens', async () => {
    const h = providerHarness();
    const full = Array.from({ length: 300 }, (_, i) => instance(`i-${i}`));
    const scope = nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'QueryAccountBalance')
      .reply(200, balance)
      .post('/')
      .query((q) => q.PageNum === '1')
      .matchHeader('x-acs-action', 'QueryAvailableInstances')
      .reply(200, { RequestId: 'R', Code: 'Success', Success: true, Data: { PageNum: 1, PageSize: 300, InstanceList: full } })
      .post('/')
      .query((q) => q.PageNum === '2')
      .matchHeader('x-acs-action', 'QueryAvailableInstances')
      .reply(200, {
        RequestId: 'R',
        Code: 'Success',
        Success: true,
        Data: { PageNum: 2, PageSize: 300, InstanceList: [instance('i-last')] },
      })
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'GetResourceCenterServiceStatus')
      .reply(200, { RequestId: 'R', ServiceStatus: 'Enabled' })
      .post('/')
      .query((q) => q.NextToken === undefined)
      .matchHeader('x-acs-action', 'SearchResources')
      .reply(200, {
        RequestId: 'R',
        Resources: [{ ResourceType: 'ACS::ECS::Instance', ResourceId: 'i-1', RegionId: 'cn-hangzhou' }],
        NextToken: 't1',
      })
      .post('/')
      .query((q) => q.NextToken === 't1')
      .matchHeader('x-acs-action', 'SearchResources')
      .reply(200, { RequestId: 'R', Resources: [{ ResourceType: 'ACS::VPC::VPC', ResourceId: 'vpc-1', RegionId: 'cn-hangzhou' }] });
    const evidence = await gatherEvidence(h.clients);
    expect(scope.isDone()).toBe(true);
    expect(evidence.billingInstances.ok && evidence.billingInstances.value.length).toBe(301);
    expect(evidence.resourceCenter).toMatchObject({
      ok: true,
      value: { enabled: true, resources: [{ resourceId: 'i-1' }, { resourceId: 'vpc-1' }] },
    });
  });

  it('a Resource Center NextToken handed back twice is a failure, not the end of the list', async () => {
    const h = providerHarness();
    nock(h.host)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'QueryAccountBalance')
      .reply(200, balance)
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'QueryAvailableInstances')
      .reply(200, { RequestId: 'R', Code: 'Success', Success: true, Data: { TotalCount: 0, InstanceList: [] } })
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'GetResourceCenterServiceStatus')
      .reply(200, { RequestId: 'R', ServiceStatus: 'Enabled' })
      .post('/')
      .query(true)
      .matchHeader('x-acs-action', 'SearchResources')
      .times(2)
      .reply(200, {
        RequestId: 'R',
        Resources: [{ ResourceType: 'ACS::ECS::Instance', ResourceId: 'i-1', RegionId: 'cn-hangzhou' }],
        NextToken: 'same',
      });
    const evidence = await gatherEvidence(h.clients);
    expect(evidence.resourceCenter).toEqual({ ok: false, error: expect.stringMatching(/NextToken same returned twice/) });
  });
});
