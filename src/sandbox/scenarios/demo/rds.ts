// The demo account's RDS (see ../README.md): a subscription primary with deletion protection
// and a pay-as-you-go read-only replica, both in vsw-hz-db. The replica must go first, the
// primary must be unprotected and converted to pay-as-you-go before it can be released.
export default {
  rds: {
    zones: {
      'cn-hangzhou': ['cn-hangzhou-h', 'cn-hangzhou-i'],
      'cn-shanghai': ['cn-shanghai-b', 'cn-shanghai-e'],
      'ap-southeast-1': ['ap-southeast-1a', 'ap-southeast-1b'],
    },
    instances: [
      {
        id: 'rm-hz-primary',
        description: 'orders database',
        tags: { team: 'orders' },
        region: 'cn-hangzhou',
        zoneId: 'cn-hangzhou-i',
        type: 'Primary',
        payType: 'Prepaid',
        expiresAt: '2027-01-31T16:00:00Z',
        deletionProtection: true,
        vpcId: 'vpc-hz-main',
        vswitchId: 'vsw-hz-db',
        engine: 'MySQL',
        engineVersion: '8.0',
        createdAt: '2024-02-01T08:00:00Z',
      },
      {
        id: 'rr-hz-ro1',
        description: 'orders read replica',
        region: 'cn-hangzhou',
        zoneId: 'cn-hangzhou-i',
        type: 'Readonly',
        masterInstanceId: 'rm-hz-primary',
        payType: 'Postpaid',
        vpcId: 'vpc-hz-main',
        vswitchId: 'vsw-hz-db',
        engine: 'MySQL',
        engineVersion: '8.0',
        createdAt: '2024-02-05T08:00:00Z',
      },
    ],
  },
};
