/**
 * Network Load Balancer (NLB 2022-04-30): ListLoadBalancers, UpdateLoadBalancerProtection,
 * DeleteLoadBalancer (API docs). No npm SDK: fields follow the official model
 * (aliyun/alibabacloud-typescript-sdk nlb-20220430 ListLoadBalancersResponseBody). Unknown ids
 * answer ResourceNotFound.loadBalancer (404); a load balancer being changed
 * ResourceInConfiguring.loadbalancer (400); a protected one
 * OperationDenied.DeletionProtectionEnabled (400) (UNCONFIRMED code for protection).
 */
import { SandboxApiError, bool, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { find, listed, loadBalancers, seedLoadBalancers, startDelete, type ModernLoadBalancer } from './load-balancers.js';

const notFound = (): SandboxApiError =>
  new SandboxApiError(404, 'ResourceNotFound.loadBalancer', 'The specified resource of loadbalancer is not found.');

function wire(lb: ModernLoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerId: lb.id,
    LoadBalancerName: lb.name,
    LoadBalancerStatus: lb.status,
    LoadBalancerBusinessStatus: 'Normal',
    LoadBalancerType: 'Network',
    AddressType: lb.addressType,
    AddressIpVersion: 'ipv4',
    DNSName: `${lb.id}.${lb.region}.nlb.aliyuncs.com`,
    RegionId: lb.region,
    VpcId: lb.vpcId,
    CreateTime: lb.createdAt,
    CrossZoneEnabled: true,
    ResourceGroupId: '',
    SecurityGroupIds: [...lb.securityGroupIds],
    LoadBalancerBillingConfig: { PayType: 'PostPay' },
    DeletionProtectionConfig: { Enabled: lb.deletionProtection },
    ModificationProtectionConfig: { Status: 'NonProtection' },
    OperationLocks: [],
    ZoneMappings: lb.vSwitchIds.map((vSwitchId, i) => ({
      VSwitchId: vSwitchId,
      ZoneId: `${lb.region}-${'abcdefgh'[i] ?? 'a'}`,
      Status: 'Active',
      LoadBalancerAddresses: [],
    })),
    Tags: lb.tags.map((t) => ({ Key: t.key, Value: t.value })),
  };
}

const actions: Record<string, RpcHandler> = {
  ListLoadBalancers({ params }, world) {
    const p = listed(world, 'nlb', params);
    return { LoadBalancers: p.page.map(wire), NextToken: p.nextToken, MaxResults: p.maxResults, TotalCount: p.totalCount };
  },
  UpdateLoadBalancerProtection({ params }, world) {
    const lb = find(world, 'nlb', params, 'LoadBalancerId', notFound);
    if (params.DeletionProtectionEnabled !== undefined) lb.deletionProtection = bool(params.DeletionProtectionEnabled);
    return {};
  },
  DeleteLoadBalancer({ params }, world) {
    const lb = find(world, 'nlb', params, 'LoadBalancerId', notFound);
    if (lb.deletionProtection)
      throw new SandboxApiError(
        400,
        'OperationDenied.DeletionProtectionEnabled',
        'The operation is not allowed because deletion protection is enabled.',
      );
    if (lb.status === 'Deleting')
      throw new SandboxApiError(
        400,
        'ResourceInConfiguring.loadbalancer',
        'The specified resource of loadbalancer is being configured, please try again later.',
      );
    return { JobId: startDelete(world, 'nlb', lb), LoadBalancerId: lb.id };
  },
};

export const nlbProduct: ProductModule = {
  product: 'nlb',
  version: '2022-04-30',
  actions,
  seed: (world: World, scenario) => seedLoadBalancers(world, scenario, 'nlb'),
  dump: (world) => ({ loadBalancers: [...loadBalancers(world, 'nlb').values()] }),
};
