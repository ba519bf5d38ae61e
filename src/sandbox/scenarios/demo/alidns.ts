// The demo account's hosted DNS zones (see ../README.md): records must go before their zone.
export default {
  alidns: {
    domains: [
      {
        name: 'example-demo.com',
        tags: { team: 'web' },
        createdAt: '2022-05-02T08:00:00Z',
        records: [
          { rr: '@', type: 'A', value: '47.96.0.10' },
          { rr: 'www', type: 'CNAME', value: 'example-demo.com' },
          { rr: 'api', type: 'A', value: '47.96.0.11' },
          { rr: '@', type: 'MX', value: 'mx.example-demo.com' },
        ],
      },
      {
        name: 'demo-internal.cn',
        createdAt: '2023-01-10T08:00:00Z',
        records: [{ rr: 'db', type: 'A', value: '10.0.2.10' }],
      },
    ],
  },
};
