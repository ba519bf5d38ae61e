/**
 * Classic Load Balancer (SLB 2014-05-15), regional. No npm SDK exists: the tool calls it
 * with the generic OpenAPI call and reads the JSON, so the shapes follow the API reference
 * examples (DescribeLoadBalancers: `LoadBalancers.LoadBalancer[]`, PageNumber/PageSize/TotalCount).
 */
import { SandboxApiError, required, pageByNumber, type ProductModule, type RpcCall, type World } from '../framework.js';
import {
  flag,
  instant,
  oneOf,
  optionalInstant,
  optionalText,
  recordList,
  sectionOf,
  text,
  isoSeconds,
  type ScenarioRecord,
} from './scenario-section.js';

export type SlbPayType = 'PayOnDemand' | 'PrePay';
export type SlbStatus = 'active' | 'inactive' | 'locked';

export interface LoadBalancer {
  readonly loadBalancerId: string;
  readonly loadBalancerName: string;
  readonly regionId: string;
  readonly status: SlbStatus;
  readonly payType: SlbPayType;
  deleteProtection: boolean;
  readonly vpcId: string;
  readonly vswitchId: string;
  readonly addressType: 'intranet' | 'internet';
  readonly address: string;
  readonly masterZoneId: string;
  readonly createTime: number;
  readonly endTime: number | undefined;
  /** Default server group members: ECS instances or ENIs the listeners forward to. */
  backendServers: BackendServer[];
}

export interface BackendServer {
  readonly serverId: string;
  readonly type: 'ecs' | 'eni';
  readonly weight: number;
}

export class SlbState {
  readonly loadBalancers = new Map<string, LoadBalancer>();
  hooksRegistered = false;
}

export function slbState(world: World): SlbState {
  return world.slice('slb', () => new SlbState());
}

function notFound(id: string): SandboxApiError {
  // terraform-provider-alicloud treats it as gone (alicloud/resource_alicloud_slb_load_balancer.go);
  // API docs DescribeLoadBalancerAttribute/DeleteLoadBalancer list it with 404.
  return new SandboxApiError(404, 'InvalidLoadBalancerId.NotFound', `The specified LoadBalancerId ${id} does not exist.`);
}

/** The load balancer, refusing ids of another region when the call names one (SLB is regional). */
function findLoadBalancer(world: World, params: Readonly<Record<string, string>>): LoadBalancer {
  const id = required(params, 'LoadBalancerId');
  const lb = slbState(world).loadBalancers.get(id);
  if (!lb || (params.RegionId && params.RegionId !== lb.regionId)) throw notFound(id);
  return lb;
}

function createTimeText(ms: number): string {
  // SLB reports minutes only: "2021-12-02T02:49Z".
  return isoSeconds(ms).replace(/:\d{2}Z$/, 'Z');
}

function summary(lb: LoadBalancer): Record<string, unknown> {
  return {
    LoadBalancerId: lb.loadBalancerId,
    LoadBalancerName: lb.loadBalancerName,
    LoadBalancerStatus: lb.status,
    Address: lb.address,
    AddressType: lb.addressType,
    AddressIPVersion: 'ipv4',
    RegionId: lb.regionId,
    RegionIdAlias: lb.regionId,
    VpcId: lb.vpcId,
    VSwitchId: lb.vswitchId,
    NetworkType: 'vpc',
    MasterZoneId: lb.masterZoneId,
    InternetChargeType: 'paybytraffic',
    PayType: lb.payType,
    DeleteProtection: lb.deleteProtection ? 'on' : 'off',
    CreateTime: createTimeText(lb.createTime),
    CreateTimeStamp: lb.createTime,
    ResourceGroupId: 'rg-default',
    Tags: { Tag: [] },
  };
}

/** Comma-separated filter values (`LoadBalancerId=lb-1,lb-2`), at most 10 per the API docs. */
function commaList(raw: string | undefined, name: string): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const values = raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length > 10) throw new SandboxApiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`);
  return values;
}

const actions: Record<string, (call: RpcCall, world: World) => Record<string, unknown>> = {
  DescribeLoadBalancers({ params }, world) {
    const regionId = required(params, 'RegionId');
    const ids = commaList(params.LoadBalancerId, 'LoadBalancerId');
    const names = commaList(params.LoadBalancerName, 'LoadBalancerName');
    const matches = [...slbState(world).loadBalancers.values()]
      .filter((lb) => lb.regionId === regionId)
      .filter((lb) => !ids || ids.includes(lb.loadBalancerId))
      .filter((lb) => !names || names.includes(lb.loadBalancerName))
      .filter((lb) => !params.VpcId || lb.vpcId === params.VpcId)
      .filter((lb) => !params.VSwitchId || lb.vswitchId === params.VSwitchId)
      .filter((lb) => !params.PayType || lb.payType === params.PayType)
      .filter((lb) => !params.AddressType || lb.addressType === params.AddressType)
      .filter((lb) => !params.LoadBalancerStatus || lb.status === params.LoadBalancerStatus)
      .sort((a, b) => a.createTime - b.createTime || a.loadBalancerId.localeCompare(b.loadBalancerId));
    const page = pageByNumber(matches, params, { defaultSize: 10, maxSize: 100 });
    return {
      LoadBalancers: { LoadBalancer: page.page.map(summary) },
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
      TotalCount: page.totalCount,
    };
  },

  DescribeLoadBalancerAttribute({ params }, world) {
    const lb = findLoadBalancer(world, params);
    const { Tags: _tags, RegionIdAlias: _alias, ...attributes } = summary(lb);
    return {
      ...attributes,
      ...(lb.endTime === undefined ? {} : { EndTime: isoSeconds(lb.endTime), EndTimeStamp: lb.endTime }),
      ListenerPorts: { ListenerPort: [] },
      ListenerPortsAndProtocal: { ListenerPortAndProtocal: [] },
      ListenerPortsAndProtocol: { ListenerPortAndProtocol: [] },
      // Fields of the Go SDK's BackendServerInDescribeLoadBalancerAttribute (aliyun/alibaba-cloud-sdk-go
      // services/slb/struct_backend_server_in_describe_load_balancer_attribute.go).
      BackendServers: {
        BackendServer: lb.backendServers.map((b) => ({
          ServerId: b.serverId,
          Type: b.type,
          Weight: b.weight,
          VpcId: lb.vpcId,
          Description: '',
        })),
      },
    };
  },

  SetLoadBalancerDeleteProtection({ params }, world) {
    required(params, 'RegionId');
    const lb = findLoadBalancer(world, params);
    const value = required(params, 'DeleteProtection');
    if (value !== 'on' && value !== 'off')
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "DeleteProtection" is not valid.');
    lb.deleteProtection = value === 'on';
    return {};
  },

  DeleteLoadBalancer({ params }, world) {
    const lb = findLoadBalancer(world, params);
    if (lb.deleteProtection)
      // Code and message from the API docs' DeleteLoadBalancer error example.
      throw new SandboxApiError(
        400,
        'OperationDenied.DeleteProtectionIsOn',
        "The loadbalancer can't be deleted due to DeleteProtection is enabled.",
      );
    if (lb.payType === 'PrePay')
      // API docs: DeleteLoadBalancer deletes pay-as-you-go instances only (errorCodes: InvalidChargeType).
      throw new SandboxApiError(400, 'InvalidChargeType', 'The specified ChargeType is invalid: subscription instances cannot be deleted.');
    // Listeners and tags go with the instance (API docs); deletion is synchronous.
    slbState(world).loadBalancers.delete(lb.loadBalancerId);
    world.emit('slb.loadbalancer.deleted', { loadBalancerId: lb.loadBalancerId, regionId: lb.regionId });
    return {};
  },
};

function readLoadBalancer(r: ScenarioRecord, at: string, world: World): LoadBalancer {
  return {
    loadBalancerId: text(r, 'id', at),
    loadBalancerName: optionalText(r, 'name', at, text(r, 'id', at)),
    regionId: text(r, 'region', at),
    status: oneOf(r, 'status', at, ['active', 'inactive', 'locked'] as const, 'active'),
    payType: oneOf(r, 'payType', at, ['PayOnDemand', 'PrePay'] as const, 'PayOnDemand'),
    deleteProtection: flag(r, 'deleteProtection', at, false),
    vpcId: text(r, 'vpcId', at),
    vswitchId: text(r, 'vswitchId', at),
    addressType: oneOf(r, 'addressType', at, ['intranet', 'internet'] as const, 'intranet'),
    address: optionalText(r, 'address', at, '10.0.0.100'),
    masterZoneId: optionalText(r, 'zoneId', at, `${text(r, 'region', at)}-a`),
    createTime: instant(r, 'createdAt', at, world.now()),
    endTime: optionalInstant(r, 'expiresAt', at),
    backendServers: recordList(r, 'backendServers', at, (b, bat) => ({
      serverId: text(b, 'id', bat),
      type: oneOf(b, 'type', bat, ['ecs', 'eni'] as const, 'ecs'),
      // The default weight when a server is added without one (API docs: AddBackendServers).
      weight: 100,
    })),
  };
}

export const slbProduct: ProductModule = {
  product: 'slb',
  version: '2014-05-15',
  actions,
  seed(world, scenario) {
    const state = slbState(world);
    for (const lb of recordList(sectionOf(scenario, 'slb'), 'loadBalancers', 'slb', (r, at) => readLoadBalancer(r, at, world)))
      state.loadBalancers.set(lb.loadBalancerId, lb);
    if (!state.hooksRegistered) {
      state.hooksRegistered = true;
      // A load balancer keeps its vswitch and VPC from being deleted (DependencyViolation in VPC).
      world.addOccupancy((container, id) =>
        [...slbState(world).loadBalancers.values()]
          .filter((lb) => (container === 'vswitch' && lb.vswitchId === id) || (container === 'vpc' && lb.vpcId === id))
          .map((lb) => ({ product: 'slb', kind: 'LoadBalancer', id: lb.loadBalancerId })),
      );
      // A released instance leaves the server groups it was in; the load balancer stays
      // (UNCONFIRMED: no source found says what happens to a released backend).
      world.on('ecs.instance.released', ({ instanceId }) => {
        for (const lb of slbState(world).loadBalancers.values())
          lb.backendServers = lb.backendServers.filter((b) => b.serverId !== instanceId);
      });
    }
  },
  dump(world) {
    return { loadBalancers: [...slbState(world).loadBalancers.values()] };
  },
};
