// The demo account's classic load balancer (see ../README.md): in front of the web tier, in
// vsw-hz-web, deletion protection on — it must be unprotected before it can go, and it keeps
// vsw-hz-web and vpc-hz-main from being deleted until it is gone. Its backends are the two web
// instances, so the plan shows the load balancer going before them.
export default {
  slb: {
    loadBalancers: [
      {
        id: 'lb-hz-web',
        name: 'web-frontend',
        region: 'cn-hangzhou',
        zoneId: 'cn-hangzhou-h',
        vpcId: 'vpc-hz-main',
        vswitchId: 'vsw-hz-web',
        addressType: 'intranet',
        address: '10.0.1.200',
        payType: 'PayOnDemand',
        deleteProtection: true,
        backendServers: [
          { id: 'i-hz-web1', type: 'ecs' },
          { id: 'i-hz-web2', type: 'ecs' },
        ],
        createdAt: '2024-03-10T08:00:00Z',
      },
    ],
  },
};
