// The demo account's networks (see ../README.md; format: docs/sandbox-ecs-vpc.md): one VPC per
// region, plus an empty one in Singapore; the Hangzhou NAT gateway with one SNAT entry on its
// EIP; the web server's EIP; a protected, unbound EIP in Shanghai.
export default {
  vpc: {
    vpcs: [
      {
        id: 'vpc-hz-main',
        region: 'cn-hangzhou',
        name: 'main',
        cidrBlock: '10.0.0.0/16',
        createdAt: '2024-01-15T02:00:00Z',
        tags: { env: 'demo' },
      },
      { id: 'vpc-sh-main', region: 'cn-shanghai', name: 'main', cidrBlock: '10.1.0.0/16', createdAt: '2024-02-01T02:00:00Z' },
      { id: 'vpc-sg-main', region: 'ap-southeast-1', name: 'main', cidrBlock: '10.2.0.0/16', createdAt: '2024-02-20T02:00:00Z' },
      { id: 'vpc-sg-empty', region: 'ap-southeast-1', name: 'leftover', cidrBlock: '172.16.0.0/12', createdAt: '2023-11-05T02:00:00Z' },
    ],
    vSwitches: [
      {
        id: 'vsw-hz-web',
        vpcId: 'vpc-hz-main',
        zoneId: 'cn-hangzhou-h',
        name: 'web',
        cidrBlock: '10.0.1.0/24',
        createdAt: '2024-01-15T02:05:00Z',
      },
      {
        id: 'vsw-hz-db',
        vpcId: 'vpc-hz-main',
        zoneId: 'cn-hangzhou-i',
        name: 'db',
        cidrBlock: '10.0.2.0/24',
        createdAt: '2024-01-15T02:06:00Z',
      },
      {
        id: 'vsw-sh-a',
        vpcId: 'vpc-sh-main',
        zoneId: 'cn-shanghai-b',
        name: 'app',
        cidrBlock: '10.1.1.0/24',
        createdAt: '2024-02-01T02:05:00Z',
      },
      {
        id: 'vsw-sg-a',
        vpcId: 'vpc-sg-main',
        zoneId: 'ap-southeast-1a',
        name: 'api',
        cidrBlock: '10.2.1.0/24',
        createdAt: '2024-02-20T02:05:00Z',
      },
    ],
    eips: [
      {
        id: 'eip-hz-web1',
        region: 'cn-hangzhou',
        ipAddress: '47.96.10.11',
        instanceId: 'i-hz-web1',
        instanceType: 'EcsInstance',
        createdAt: '2024-01-16T03:00:00Z',
      },
      {
        id: 'eip-hz-nat',
        region: 'cn-hangzhou',
        ipAddress: '47.96.10.12',
        instanceId: 'ngw-hz-main',
        instanceType: 'Nat',
        createdAt: '2024-01-16T03:10:00Z',
      },
      { id: 'eip-sh-free', region: 'cn-shanghai', ipAddress: '106.14.20.30', deletionProtection: true, createdAt: '2024-02-02T03:00:00Z' },
    ],
    natGateways: [
      {
        id: 'ngw-hz-main',
        vSwitchId: 'vsw-hz-web',
        name: 'egress',
        createdAt: '2024-01-16T03:05:00Z',
        snatEntries: [{ id: 'snat-hz-web', sourceVSwitchId: 'vsw-hz-web', snatEip: 'eip-hz-nat' }],
      },
    ],
  },
};
