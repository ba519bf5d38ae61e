// The demo account's ApsaraDB for MongoDB (see ../README.md): a pay-as-you-go replica set in
// vsw-sh-a, which must be gone before that vswitch can go.
export default {
  mongodb: {
    instances: [
      {
        id: 'dds-sh-catalog',
        description: 'product catalogue',
        region: 'cn-shanghai',
        zoneId: 'cn-shanghai-b',
        vpcId: 'vpc-sh-main',
        vSwitchId: 'vsw-sh-a',
        chargeType: 'PostPaid',
        instanceType: 'replicate',
        engineVersion: '6.0',
        createdAt: '2024-04-01T08:00:00Z',
      },
    ],
  },
};
