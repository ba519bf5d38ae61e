// The demo account's compute (see ../README.md; format: docs/sandbox-ecs-vpc.md). Each
// instance also gets a system disk and a primary ENI, generated at seed time.
// Teardown obstacles on purpose: i-hz-web1 is protected and holds kp-deploy, eip-hz-web1 and
// the data disk d-hz-data1 (kept after release); i-hz-web2 is a subscription; i-hz-worker
// carries the secondary ENI eni-hz-extra; sg-hz-db references sg-hz-web; s-hz-golden is
// behind m-hz-golden, which is shared with another account.
export default {
  ecs: {
    securityGroups: [
      {
        id: 'sg-hz-web',
        region: 'cn-hangzhou',
        vpcId: 'vpc-hz-main',
        name: 'web',
        createdAt: '2024-01-15T02:10:00Z',
        rules: [
          { direction: 'ingress', ipProtocol: 'TCP', portRange: '443/443', sourceCidrIp: '0.0.0.0/0' },
          { direction: 'ingress', ipProtocol: 'TCP', portRange: '80/80', sourceCidrIp: '0.0.0.0/0' },
        ],
      },
      {
        id: 'sg-hz-db',
        region: 'cn-hangzhou',
        vpcId: 'vpc-hz-main',
        name: 'db',
        createdAt: '2024-01-15T02:11:00Z',
        rules: [{ id: 'sgr-hz-db-from-web', direction: 'ingress', ipProtocol: 'TCP', portRange: '5432/5432', sourceGroupId: 'sg-hz-web' }],
      },
      { id: 'sg-sh-app', region: 'cn-shanghai', vpcId: 'vpc-sh-main', name: 'app', createdAt: '2024-02-01T02:10:00Z' },
      { id: 'sg-sg-api', region: 'ap-southeast-1', vpcId: 'vpc-sg-main', name: 'api', createdAt: '2024-02-20T02:10:00Z' },
    ],
    keyPairs: [{ name: 'kp-deploy', region: 'cn-hangzhou', createdAt: '2024-01-15T02:20:00Z' }],
    instances: [
      {
        id: 'i-hz-web1',
        region: 'cn-hangzhou',
        name: 'web-1',
        vSwitchId: 'vsw-hz-web',
        securityGroupIds: ['sg-hz-web'],
        status: 'Running',
        chargeType: 'PostPaid',
        deletionProtection: true,
        keyPairName: 'kp-deploy',
        createdAt: '2024-01-16T02:30Z',
        tags: { env: 'demo', role: 'web' },
      },
      {
        id: 'i-hz-web2',
        region: 'cn-hangzhou',
        name: 'web-2',
        vSwitchId: 'vsw-hz-web',
        securityGroupIds: ['sg-hz-web'],
        status: 'Running',
        chargeType: 'PrePaid',
        expiredTime: '2027-03-31T16:00Z',
        createdAt: '2024-03-31T08:00Z',
        tags: { env: 'demo', role: 'web' },
      },
      {
        id: 'i-hz-worker',
        region: 'cn-hangzhou',
        name: 'worker',
        vSwitchId: 'vsw-hz-web',
        securityGroupIds: ['sg-hz-db'],
        status: 'Stopped',
        chargeType: 'PostPaid',
        createdAt: '2024-04-02T09:00Z',
      },
      {
        id: 'i-sh-app',
        region: 'cn-shanghai',
        name: 'app',
        vSwitchId: 'vsw-sh-a',
        securityGroupIds: ['sg-sh-app'],
        status: 'Running',
        createdAt: '2024-02-01T03:00Z',
      },
      {
        id: 'i-sg-api',
        region: 'ap-southeast-1',
        name: 'api',
        vSwitchId: 'vsw-sg-a',
        securityGroupIds: ['sg-sg-api'],
        status: 'Running',
        createdAt: '2024-02-20T03:00Z',
      },
    ],
    disks: [
      {
        id: 'd-hz-data1',
        region: 'cn-hangzhou',
        instanceId: 'i-hz-web1',
        name: 'web-1-data',
        size: 200,
        deleteWithInstance: false,
        createdAt: '2024-01-16T02:31Z',
      },
      { id: 'd-hz-spare', region: 'cn-hangzhou', zoneId: 'cn-hangzhou-h', name: 'spare', size: 100, createdAt: '2024-05-01T10:00Z' },
    ],
    snapshots: [
      { id: 's-hz-golden', region: 'cn-hangzhou', sourceDiskId: 'd-hz-data1', name: 'golden', createdAt: '2024-06-01T00:00Z' },
      { id: 's-hz-daily', region: 'cn-hangzhou', sourceDiskId: 'd-hz-spare', name: 'daily', createdAt: '2024-06-02T00:00Z' },
    ],
    images: [
      {
        id: 'm-hz-golden',
        region: 'cn-hangzhou',
        name: 'golden',
        snapshotIds: ['s-hz-golden'],
        sharedWith: ['9876543210987654'],
        size: 200,
        createdAt: '2024-06-01T01:00Z',
      },
    ],
    networkInterfaces: [
      {
        id: 'eni-hz-extra',
        region: 'cn-hangzhou',
        vSwitchId: 'vsw-hz-web',
        securityGroupIds: ['sg-hz-db'],
        instanceId: 'i-hz-worker',
        name: 'extra',
        createdAt: '2024-04-02T09:10Z',
      },
    ],
  },
};
