// The demo account's Resource Center (see ../README.md): enabled; it indexes every live
// resource of the other products, plus a Function Compute service that no provider covers.
export default {
  resourcecenter: {
    enabled: true,
    resources: [
      {
        id: 'fc-demo-service',
        type: 'ACS::FC::Service',
        region: 'cn-hangzhou',
        name: 'fc-demo-service',
        createdAt: '2024-04-01T00:00:00Z',
      },
    ],
  },
};
