// The demo account's RAM section (see ../README.md for the story and docs/sandbox.md for
// the format): three users, a group, a role, a service-linked role and a custom policy
// with three versions.
export default {
  ram: {
    policies: [
      {
        name: 'demo-custom-readonly',
        description: 'Read-only access to ECS and OSS for the demo team',
        tags: { team: 'demo' },
        createDate: '2024-02-01T09:00:00Z',
        versions: [
          {
            id: 'v1',
            document: '{"Statement":[{"Action":"ecs:Describe*","Effect":"Allow","Resource":"*"}],"Version":"1"}',
            createDate: '2024-02-01T09:00:00Z',
          },
          {
            id: 'v2',
            document: '{"Statement":[{"Action":["ecs:Describe*","oss:Get*"],"Effect":"Allow","Resource":"*"}],"Version":"1"}',
            createDate: '2024-03-01T09:00:00Z',
          },
          {
            id: 'v3',
            document: '{"Statement":[{"Action":["ecs:Describe*","oss:Get*","oss:List*"],"Effect":"Allow","Resource":"*"}],"Version":"1"}',
            createDate: '2024-04-01T09:00:00Z',
          },
        ],
        defaultVersion: 'v3',
      },
    ],
    groups: [
      {
        name: 'developers',
        comments: 'Application developers',
        createDate: '2024-01-15T09:00:00Z',
        policies: [{ name: 'AliyunECSReadOnlyAccess', type: 'System' }],
      },
    ],
    users: [
      {
        name: 'teardown-bot',
        displayName: 'Teardown automation',
        createDate: '2024-01-10T09:00:00Z',
        accessKeys: [{ id: 'LTAI5tDemoTeardownBot01', secret: 'demoSecretTeardownBot0000000000000' }],
        policies: [{ name: 'AdministratorAccess', type: 'System' }],
      },
      {
        name: 'alice',
        displayName: 'Alice Liu',
        email: 'alice@example-demo.com',
        createDate: '2024-01-20T09:00:00Z',
        lastLoginDate: '2026-10-01T02:00:00Z',
        accessKeys: [
          { id: 'LTAI5tDemoAlice000001', secret: 'demoSecretAlice1000000000000000000' },
          { id: 'LTAI5tDemoAlice000002', secret: 'demoSecretAlice2000000000000000000', status: 'Inactive' },
        ],
        loginProfile: { passwordResetRequired: false, mfaBindRequired: true },
        mfaDevice: { serialNumber: 'acs:ram::1234567890123456:mfa/alice', type: 'VMFA' },
        groups: ['developers'],
        policies: [{ name: 'demo-custom-readonly', type: 'Custom' }],
      },
      {
        name: 'bob',
        displayName: 'Bob Chen',
        createDate: '2024-01-21T09:00:00Z',
        accessKeys: [{ id: 'LTAI5tDemoBob00000001', secret: 'demoSecretBob000000000000000000000' }],
        groups: ['developers'],
      },
    ],
    roles: [
      {
        name: 'app-role',
        description: 'Assumed by the demo application on ECS',
        tags: { team: 'demo' },
        createDate: '2024-02-10T09:00:00Z',
        policies: [{ name: 'demo-custom-readonly', type: 'Custom' }],
      },
      {
        name: 'AliyunServiceRoleForSLB',
        description: 'Default service-linked role of Server Load Balancer',
        path: '/aliyun-service-role/',
        createDate: '2023-06-01T08:00:00Z',
      },
    ],
  },
};
