// The demo account's registered domain (see ../README.md): it cannot be deleted by API, so
// the tool reports it as a blocker of account cancellation (transfer it out or let it expire).
// Dates are UTC instants; QueryDomainList shows them in China Standard Time (2027-05-01 00:00:00).
export default {
  domain: {
    domains: [
      { name: 'example-demo.com', instanceId: 'S20221Y2K3L4M5N6', registeredAt: '2022-04-30T16:00:00Z', expiresAt: '2027-04-30T16:00:00Z' },
    ],
  },
};
