// The demo account's Tair / Redis (see ../README.md): a subscription cache with release
// protection in vsw-hz-db. It must be unprotected and converted to pay-as-you-go before it can
// be released, and be gone before vsw-hz-db can go.
export default {
  kvstore: {
    instances: [
      {
        id: 'r-hz-sessions',
        name: 'sessions cache',
        tags: { team: 'web' },
        region: 'cn-hangzhou',
        zoneId: 'cn-hangzhou-i',
        vpcId: 'vpc-hz-main',
        vSwitchId: 'vsw-hz-db',
        chargeType: 'PrePaid',
        expiresAt: '2027-02-28T16:00:00Z',
        releaseProtection: true,
        engineVersion: '7.0',
        createdAt: '2024-03-01T08:00:00Z',
      },
    ],
  },
};
