/**
 * Elastic network interfaces (API docs: ECS DescribeNetworkInterfaces, DetachNetworkInterface,
 * DeleteNetworkInterface — error codes InvalidEniId.NotFound and InvalidEcsId.NotFound (404),
 * InvalidOperation.InvalidEniState, InvalidOperation.InvalidEcsState,
 * InvalidOperation.DetachPrimaryEniNotAllowed (400)).
 */
import { SandboxApiError, repeatList, required, type RpcHandler, type World } from '../../framework.js';
import { vpcState } from '../vpc/state.js';
import { ecsPage } from './paging.js';
import { ecsState, inRegion, notFound, wireTags, type EcsNetworkInterface } from './state.js';

const DETACH_MS = 5_000;
const DELETE_MS = 5_000;

function invalidEniState(): SandboxApiError {
  return new SandboxApiError(400, 'InvalidOperation.InvalidEniState', 'The operation is not allowed in the current ENI state.');
}

function wireEni(world: World, n: EcsNetworkInterface): Record<string, unknown> {
  const eip = [...vpcState(world).eips.values()].find((e) => e.instanceType === 'NetworkInterface' && e.instanceId === n.id);
  const publicIp = eip ? { AllocationId: eip.id, PublicIpAddress: eip.ipAddress } : { AllocationId: '', PublicIpAddress: '' };
  return {
    NetworkInterfaceId: n.id,
    NetworkInterfaceName: n.name,
    Description: '',
    Status: n.status,
    Type: n.type,
    InstanceId: n.instanceId,
    Attachment: n.instanceId !== '' ? { InstanceId: n.instanceId, DeviceIndex: n.type === 'Primary' ? 0 : 1 } : {},
    VpcId: n.vpcId,
    VSwitchId: n.vSwitchId,
    ZoneId: n.zoneId,
    PrivateIpAddress: n.privateIp,
    MacAddress: n.macAddress,
    PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: n.privateIp, Primary: true, AssociatedPublicIp: publicIp }] },
    AssociatedPublicIp: publicIp,
    SecurityGroupIds: { SecurityGroupId: [...n.securityGroupIds] },
    ServiceManaged: false,
    DeleteOnRelease: n.type === 'Primary' || n.deleteOnRelease,
    OwnerId: world.accountId,
    ResourceGroupId: '',
    CreationTime: n.createdAt,
    NetworkInterfaceTrafficMode: 'Standard',
    Tags: wireTags(n.tags),
  };
}

const describeNetworkInterfaces: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = repeatList(params, 'NetworkInterfaceId');
  const matches = [...ecsState(world).networkInterfaces.values()].filter(
    (n) =>
      n.region === region &&
      (ids.length === 0 || ids.includes(n.id)) &&
      (!params.InstanceId || n.instanceId === params.InstanceId) &&
      (!params.VpcId || n.vpcId === params.VpcId) &&
      (!params.VSwitchId || n.vSwitchId === params.VSwitchId) &&
      (!params.Type || n.type === params.Type) &&
      (!params.Status || n.status === params.Status) &&
      (!params.SecurityGroupId || n.securityGroupIds.includes(params.SecurityGroupId)) &&
      (!params.ServiceManaged || params.ServiceManaged === 'false'),
  );
  const page = ecsPage(matches, params, { defaultSize: 10, maxResults: 500, clampMin: 10, maxPageSize: 1000 });
  return { NetworkInterfaceSets: { NetworkInterfaceSet: page.items.map((n) => wireEni(world, n)) }, ...page.fields };
};

function findEni(world: World, params: Readonly<Record<string, string>>): EcsNetworkInterface {
  const n = inRegion(ecsState(world).networkInterfaces.get(required(params, 'NetworkInterfaceId')), required(params, 'RegionId'));
  if (!n) throw notFound('InvalidEniId.NotFound', 'NetworkInterfaceId');
  return n;
}

const detachNetworkInterface: RpcHandler = ({ params }, world) => {
  const n = findEni(world, params);
  const i = ecsState(world).instances.get(required(params, 'InstanceId'));
  if (!i || i.region !== n.region) throw notFound('InvalidEcsId.NotFound', 'InstanceId');
  if (n.type === 'Primary')
    throw new SandboxApiError(
      400,
      'InvalidOperation.DetachPrimaryEniNotAllowed',
      'Detaching primary ENI from ECS instance is not allowed.',
    );
  if (n.instanceId !== i.id || (n.status !== 'InUse' && n.status !== 'Detaching')) throw invalidEniState();
  if (i.releasing || (i.status !== 'Running' && i.status !== 'Stopped'))
    throw new SandboxApiError(400, 'InvalidOperation.InvalidEcsState', 'The operation is not allowed in the current ECS state.');
  if (n.status === 'InUse') {
    n.status = 'Detaching';
    world.after(DETACH_MS, () => {
      if (n.status !== 'Detaching') return;
      n.status = 'Available';
      n.instanceId = '';
    });
  }
  return {};
};

/** Only an Available ENI can be deleted; the deletion is asynchronous (Deleting → gone). */
const deleteNetworkInterface: RpcHandler = ({ params }, world) => {
  const n = findEni(world, params);
  if (n.status === 'Deleting') return {};
  if (n.status !== 'Available' || n.type === 'Primary') throw invalidEniState();
  n.status = 'Deleting';
  world.after(DELETE_MS, () => {
    ecsState(world).networkInterfaces.delete(n.id);
  });
  return {};
};

export const networkInterfaceActions: Readonly<Record<string, RpcHandler>> = {
  DescribeNetworkInterfaces: describeNetworkInterfaces,
  DetachNetworkInterface: detachNetworkInterface,
  DeleteNetworkInterface: deleteNetworkInterface,
};
