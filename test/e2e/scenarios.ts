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

/** The bytes of every object of `backupAccountScenario`, by bucket and key. */
export const BACKUP_OBJECTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'backup-files': {
    'docs/readme.txt': 'read me first\n',
    // A key is not a path: this one must land inside the backup folder, not two levels above it.
    '../../escape/evil.txt': 'I must stay inside the backup\n',
    // One file on a case-insensitive disk, unless encoded apart.
    'Photo.JPG': 'upper-case photo',
    'photo.jpg': 'lower-case photo',
    // A file where a folder must go.
    a: 'a file named a',
    'a/b': 'a file under a/',
    'odd name ü?*:|<>.txt': 'odd characters',
  },
};

/** A small account for the backup story: a policy with three versions, a user, a group, a role, a DNS zone and a bucket of awkward keys. */
export function backupAccountScenario() {
  const files = Object.entries(BACKUP_OBJECTS['backup-files'] ?? {}).map(([key, content]) => ({ key, content }));
  return {
    account: {
      id: '3333444455556666',
      regions: ['cn-hangzhou'],
      rootAccessKeys: [{ id: 'LTAI5tBackupRootKey001', secret: 'backupRootSecret000000000000000000' }],
      caller: { accessKeyId: 'LTAI5tBackupRootKey001' },
    },
    ram: {
      policies: [
        {
          name: 'backup-app-policy',
          description: 'three versions, every one to be kept',
          versions: [
            { id: 'v1', document: '{"Statement":[{"Action":"oss:GetObject","Effect":"Allow","Resource":"*"}],"Version":"1"}' },
            { id: 'v2', document: '{"Statement":[{"Action":"oss:*","Effect":"Allow","Resource":"*"}],"Version":"1"}' },
            { id: 'v3', document: '{"Statement":[{"Action":["oss:*","ecs:Describe*"],"Effect":"Allow","Resource":"*"}],"Version":"1"}' },
          ],
          defaultVersion: 'v2',
        },
      ],
      groups: [{ name: 'ops', policies: [{ name: 'backup-app-policy', type: 'Custom' }] }],
      users: [
        {
          name: 'carol',
          accessKeys: [{ id: 'LTAI5tBackupCarol0001', secret: 'backupCarolSecret00000000000000000' }],
          loginProfile: { passwordResetRequired: true, mfaBindRequired: false },
          groups: ['ops'],
        },
      ],
      roles: [{ name: 'backup-app-role', policies: [{ name: 'backup-app-policy', type: 'Custom' }] }],
    },
    alidns: {
      domains: [
        {
          name: 'backup-demo.com',
          records: [
            { rr: '@', type: 'A', value: '47.96.1.1' },
            { rr: 'www', type: 'CNAME', value: 'backup-demo.com' },
            { rr: '@', type: 'TXT', value: 'v=spf1 include:spf.example.com -all' },
          ],
        },
      ],
    },
    oss: { buckets: [{ name: 'backup-files', region: 'cn-hangzhou', acl: 'public-read', objects: files }] },
  };
}
