/**
 * Tair / Redis (R-KVStore 2015-01-01), regional; shapes per @alicloud/r-kvstore20150101
 * response models. DeleteInstance releases only a running pay-as-you-go instance (API docs:
 * DeleteInstance "You cannot call this operation to release a subscription instance"); release
 * protection (ModifyInstanceAttribute InstanceReleaseProtection) refuses it too. A charge-type
 * change completes on the clock (Transforming, then Normal). A released instance is gone:
 * DescribeInstanceAttribute answers InvalidInstanceId.NotFound (what terraform-provider-alicloud
 * waits for after DeleteInstance).
 */
import { SandboxApiError, bool, required, pageByNumber, type ProductModule, type RpcHandler, type World } from '../framework.js';
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
  SectionReader,
} from './scenario-section.js';

export type KvChargeType = 'PrePaid' | 'PostPaid';
export type KvStatus = 'Normal' | 'Transforming' | 'Flushing';

export interface KvInstance {
  readonly instanceId: string;
  readonly name: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  chargeType: KvChargeType;
  readonly endTime: number | undefined;
  status: KvStatus;
  releaseProtection: boolean;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly createTime: number;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export class KvstoreState {
  readonly instances = new Map<string, KvInstance>();
  hooksRegistered = false;
}

export function kvstoreState(world: World): KvstoreState {
  return world.slice('r-kvstore', () => new KvstoreState());
}

/** Realistic durations (divided by the world's speed). */
const TRANSFORM_MS = 30_000;
const RELEASE_MS = 30_000;

function notFound(): SandboxApiError {
  // terraform-provider-alicloud treats InvalidInstanceId.NotFound as gone (service_alicloud_r_kvstore.go).
  return new SandboxApiError(404, 'InvalidInstanceId.NotFound', 'The specified instance is not found.');
}

function find(world: World, params: Readonly<Record<string, string>>): KvInstance {
  const i = kvstoreState(world).instances.get(required(params, 'InstanceId'));
  if (!i || (params.RegionId && params.RegionId !== i.regionId)) throw notFound();
  return i;
}

/** The fields DescribeInstances and DescribeInstanceAttribute share (both models have them). */
function common(i: KvInstance): Record<string, unknown> {
  return {
    InstanceId: i.instanceId,
    InstanceName: i.name,
    InstanceStatus: i.status,
    ChargeType: i.chargeType,
    ...(i.chargeType === 'PrePaid' && i.endTime !== undefined ? { EndTime: isoSeconds(i.endTime) } : {}),
    RegionId: i.regionId,
    ZoneId: i.zoneId,
    VpcId: i.vpcId,
    VSwitchId: i.vSwitchId,
    NetworkType: 'VPC',
    EngineVersion: i.engineVersion,
    InstanceClass: i.instanceClass,
    InstanceType: 'Redis',
    ArchitectureType: 'standard',
    CreateTime: isoSeconds(i.createTime),
    Tags: { Tag: i.tags.map((t) => ({ Key: t.key, Value: t.value })) },
  };
}

const describeInstances: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = (params.InstanceIds ?? '').split(',').filter((x) => x !== '');
  const all = [...kvstoreState(world).instances.values()]
    .filter((i) => i.regionId === region && (ids.length === 0 || ids.includes(i.instanceId)))
    .sort((a, b) => a.createTime - b.createTime || a.instanceId.localeCompare(b.instanceId));
  // PageSize: 30 (default), 50 or 100 (metadata: DescribeInstances PageSize).
  const page = pageByNumber(all, params, { defaultSize: 30, maxSize: 100 });
  return {
    Instances: { KVStoreInstance: page.page.map(common) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
};

const describeInstanceAttribute: RpcHandler = ({ params }, world) => {
  const i = find(world, params);
  return { Instances: { DBInstanceAttribute: [{ ...common(i), InstanceReleaseProtection: i.releaseProtection }] } };
};

const modifyInstanceAttribute: RpcHandler = ({ params }, world) => {
  const i = find(world, params);
  if (params.InstanceReleaseProtection !== undefined) i.releaseProtection = bool(params.InstanceReleaseProtection);
  return {};
};

function incorrectStatus(): SandboxApiError {
  // The status code and code of a refusal while the instance is changing: UNCONFIRMED.
  return new SandboxApiError(403, 'IncorrectInstanceStatus', 'The current status of the instance does not support this operation.');
}

const transformInstanceChargeType: RpcHandler = ({ params }, world) => {
  const i = find(world, params);
  const to = required(params, 'ChargeType');
  if (to !== 'PostPaid' && to !== 'PrePaid')
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "ChargeType" is not valid.');
  if (to === 'PrePaid') required(params, 'Period');
  if (i.status !== 'Normal') throw incorrectStatus();
  if (i.chargeType === to) return { EndTime: i.endTime === undefined ? '' : isoSeconds(i.endTime), OrderId: 0 };
  i.status = 'Transforming';
  world.after(TRANSFORM_MS, () => {
    i.chargeType = to;
    i.status = 'Normal';
  });
  return { EndTime: i.endTime === undefined ? '' : isoSeconds(i.endTime), OrderId: 20_000_000_000_001 };
};

const deleteInstance: RpcHandler = ({ params }, world) => {
  const i = find(world, params);
  if (i.releaseProtection)
    // "the operation cannot be performed, release protection is enabled" (console docs); the API code is UNCONFIRMED.
    throw new SandboxApiError(403, 'InstanceReleaseProtection.Enabled', 'The instance has release protection enabled.');
  if (i.status !== 'Normal') throw incorrectStatus();
  if (i.chargeType === 'PrePaid')
    // "You cannot call this operation to release a subscription instance" (API docs); the code is UNCONFIRMED.
    throw new SandboxApiError(403, 'PrePaidInstance.NotSupported', 'A subscription instance cannot be released by this operation.');
  i.status = 'Flushing';
  world.after(RELEASE_MS, () => kvstoreState(world).instances.delete(i.instanceId));
  return {};
};

function readInstance(r: ScenarioRecord, at: string, world: World): KvInstance {
  return {
    instanceId: text(r, 'id', at),
    name: optionalText(r, 'name', at, text(r, 'id', at)),
    regionId: text(r, 'region', at),
    zoneId: optionalText(r, 'zoneId', at, `${text(r, 'region', at)}-a`),
    vpcId: text(r, 'vpcId', at),
    vSwitchId: text(r, 'vSwitchId', at),
    chargeType: oneOf(r, 'chargeType', at, ['PostPaid', 'PrePaid'] as const, 'PostPaid'),
    endTime: optionalInstant(r, 'expiresAt', at),
    status: 'Normal',
    releaseProtection: flag(r, 'releaseProtection', at, false),
    engineVersion: optionalText(r, 'engineVersion', at, '7.0'),
    instanceClass: optionalText(r, 'instanceClass', at, 'redis.shard.small.2.ce'),
    createTime: instant(r, 'createdAt', at, world.now()),
    tags: new SectionReader(r, at).tags(),
  };
}

export const kvstoreProduct: ProductModule = {
  product: 'r-kvstore',
  version: '2015-01-01',
  actions: {
    DescribeInstances: describeInstances,
    DescribeInstanceAttribute: describeInstanceAttribute,
    ModifyInstanceAttribute: modifyInstanceAttribute,
    TransformInstanceChargeType: transformInstanceChargeType,
    DeleteInstance: deleteInstance,
  },
  seed(world, scenario) {
    const s = kvstoreState(world);
    for (const i of recordList(sectionOf(scenario, 'kvstore'), 'instances', 'kvstore', (r, at) => readInstance(r, at, world)))
      s.instances.set(i.instanceId, i);
    if (!s.hooksRegistered) {
      s.hooksRegistered = true;
      // An instance keeps its vswitch and VPC from being deleted.
      world.addOccupancy((container, id) =>
        [...kvstoreState(world).instances.values()]
          .filter((i) => (container === 'vswitch' && i.vSwitchId === id) || (container === 'vpc' && i.vpcId === id))
          .map((i) => ({ product: 'r-kvstore', kind: 'KVStoreInstance', id: i.instanceId })),
      );
    }
  },
  dump: (world) => ({ instances: [...kvstoreState(world).instances.values()] }),
};
