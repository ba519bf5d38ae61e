/**
 * Application Load Balancer (ALB 2020-06-16): ListLoadBalancers, GetLoadBalancerAttribute,
 * DisableDeletionProtection, DeleteLoadBalancer (API docs). Response fields are those of the
 * official SDK models (@alicloud/alb20200616), which the conformance tests check. Unknown ids
 * answer ResourceNotFound.LoadBalancer (404); a protected one answers
 * OperationDenied.DeletionProtection (400) (UNCONFIRMED code: the docs of DeleteLoadBalancer list
 * none for protection).
 */
import { SandboxApiError, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { find, listed, loadBalancers, seedLoadBalancers, startDelete, type ModernLoadBalancer } from './load-balancers.js';

const notFound = (): SandboxApiError => new SandboxApiError(404, 'ResourceNotFound.LoadBalancer', 'The specified resource is not found.');

function summary(lb: ModernLoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerId: lb.id,
    LoadBalancerName: lb.name,
    LoadBalancerStatus: lb.status,
    LoadBalancerBussinessStatus: 'Normal',
    LoadBalancerEdition: 'Standard',
    AddressType: lb.addressType,
    AddressIpVersion: 'IPv4',
    AddressAllocatedMode: 'Dynamic',
    DNSName: `${lb.id}.${lb.region}.alb.aliyuncs.com`,
    VpcId: lb.vpcId,
    CreateTime: lb.createdAt,
    ResourceGroupId: '',
    SecurityGroupIds: [...lb.securityGroupIds],
    LoadBalancerBillingConfig: { PayType: 'PostPay' },
    DeletionProtectionConfig: { Enabled: lb.deletionProtection },
    ModificationProtectionConfig: { Status: 'NonProtection' },
    Tags: lb.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
}

const actions: Record<string, RpcHandler> = {
  ListLoadBalancers({ params }, world) {
    const p = listed(world, 'alb', params);
    return { LoadBalancers: p.page.map(summary), NextToken: p.nextToken, MaxResults: p.maxResults, TotalCount: p.totalCount };
  },
  GetLoadBalancerAttribute({ params }, world) {
    const lb = find(world, 'alb', params, 'LoadBalancerId', notFound);
    return {
      ...summary(lb),
      RegionId: lb.region,
      ZoneMappings: lb.vSwitchIds.map((vSwitchId, i) => ({ VSwitchId: vSwitchId, ZoneId: `${lb.region}-${'abcdefgh'[i] ?? 'a'}` })),
    };
  },
  DisableDeletionProtection({ params }, world) {
    const lb = find(world, 'alb', { ...params, LoadBalancerId: params.ResourceId ?? '' }, 'LoadBalancerId', notFound);
    lb.deletionProtection = false;
    return {};
  },
  DeleteLoadBalancer({ params }, world) {
    const lb = find(world, 'alb', params, 'LoadBalancerId', notFound);
    if (lb.deletionProtection)
      throw new SandboxApiError(
        400,
        'OperationDenied.DeletionProtection',
        'The operation is not allowed because deletion protection is enabled.',
      );
    if (lb.status === 'Deleting')
      throw new SandboxApiError(400, 'IncorrectStatus.LoadBalancer', 'The status of the load balancer does not support this operation.');
    return { JobId: startDelete(world, 'alb', lb) };
  },
};

export const albProduct: ProductModule = {
  product: 'alb',
  version: '2020-06-16',
  actions,
  seed: (world: World, scenario) => seedLoadBalancers(world, scenario, 'alb'),
  dump: (world) => ({ loadBalancers: [...loadBalancers(world, 'alb').values()] }),
};
