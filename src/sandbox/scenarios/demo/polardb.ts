// The demo account's PolarDB (see ../README.md): a pay-as-you-go cluster with the cluster lock
// on, in vsw-hz-db. The lock must be turned off before it can be released.
export default {
  polardb: {
    clusters: [
      {
        id: 'pc-hz-analytics',
        description: 'analytics cluster',
        region: 'cn-hangzhou',
        zoneId: 'cn-hangzhou-i',
        vpcId: 'vpc-hz-main',
        vSwitchId: 'vsw-hz-db',
        payType: 'Postpaid',
        deletionLock: true,
        dbType: 'MySQL',
        dbVersion: '8.0',
        createdAt: '2024-03-10T08:00:00Z',
      },
    ],
  },
};
