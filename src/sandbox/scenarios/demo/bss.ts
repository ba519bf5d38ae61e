// The demo account's billing (see ../README.md): a cash balance, and a Security Center
// subscription that no provider covers. The subscription rows of i-hz-web2 (ECS) and
// rm-hz-primary (RDS) are not declared here: BSS derives them from those products' state.
export default {
  bss: {
    balance: { availableCashAmount: '120.50', availableAmount: '120.50', creditAmount: '0.00', currency: 'CNY' },
    instances: [
      {
        instanceId: 'sas-demo-001',
        productCode: 'sas',
        productType: 'sas',
        subscriptionType: 'Subscription',
        region: 'cn-hangzhou',
        createdAt: '2024-03-01T00:00:00Z',
        expiresAt: '2027-02-28T16:00:00Z',
        renewStatus: 'ManualRenewal',
      },
    ],
  },
};
