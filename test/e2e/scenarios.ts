/**
 * Small scenarios for the end-to-end tests, besides the built-in `demo` account.
 * (Format: docs/sandbox.md, docs/sandbox-services.md.)
 */

/** The demo account's id and what a complete teardown of it must leave behind. */
export const DEMO_ACCOUNT = '1234567890123456';

/**
 * What no API call may remove from the demo account (src/sandbox/scenarios/README.md): the
 * WORM-locked bucket, the registered domain, the service-linked role, the subscription of a
 * product no provider covers, and the caller's own user and AccessKey.
 */
export const DEMO_MUST_STAY = [
  'bss.subscription/global/sas-demo-001',
  'domain.registration/global/example-demo.com',
  'oss.bucket/ap-southeast-1/demo-compliance',
  'ram.access-key/global/LTAI5tDemoTeardownBot01',
  'ram.role/global/AliyunServiceRoleForSLB',
  'ram.user/global/teardown-bot',
] as const;

/**
 * An account with nothing in it, signed by the root account's own key (STS identity type
 * `Account`): no resources, a zero balance, Resource Center enabled (or not) and empty.
 */
export function emptyAccountScenario(options: { readonly id?: string; readonly resourceCenterEnabled?: boolean } = {}) {
  return {
    account: {
      id: options.id ?? '2222333344445555',
      regions: ['cn-hangzhou'],
      rootAccessKeys: [{ id: 'LTAI5tEmptyRootKey0001', secret: 'emptyRootSecret0000000000000000000' }],
      caller: { accessKeyId: 'LTAI5tEmptyRootKey0001' },
    },
    bss: { balance: { availableCashAmount: '0.00', availableAmount: '0.00', creditAmount: '0.00', currency: 'CNY' } },
    resourcecenter: { enabled: options.resourceCenterEnabled ?? true },
  };
}

/** Another account with one VPC in it, so a plan made there has something to destroy. */
export function otherAccountScenario() {
  const base = emptyAccountScenario({ id: '9999888877776666' });
  return {
    ...base,
    vpc: { vpcs: [{ id: 'vpc-other-1', region: 'cn-hangzhou', cidrBlock: '10.9.0.0/16', name: 'other' }] },
  };
}
