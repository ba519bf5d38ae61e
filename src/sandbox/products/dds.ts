/**
 * ApsaraDB for MongoDB (DDS 2015-12-01), regional. No npm SDK: shapes follow the official SDK
 * models (alibabacloud-java-sdk dds-20151201 DescribeDBInstancesResponseBody — no network fields —
 * and DescribeDBInstanceAttributeResponseBody: `VPCId`, `VSwitchId`, `DBInstanceReleaseProtection`).
 * Deletion is asynchronous (Deleting, then gone); a charge-type change completes on the clock.
 * Refused while changing with OperationDenied.DBInstanceStatus, gone is InvalidDBInstanceId.NotFound
 * (the codes terraform-provider-alicloud resource_alicloud_mongodb_instance.go handles).
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

export type DdsChargeType = 'PrePaid' | 'PostPaid';

export interface DdsInstance {
  readonly dbInstanceId: string;
  readonly description: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  chargeType: DdsChargeType;
  readonly expireTime: number | undefined;
  status: 'Running' | 'Deleting';
  releaseProtection: boolean;
  converting: boolean;
  readonly instanceType: 'replicate' | 'sharding';
  readonly engineVersion: string;
  readonly createTime: number;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export class DdsState {
  readonly instances = new Map<string, DdsInstance>();
  hooksRegistered = false;
}

export function ddsState(world: World): DdsState {
  return world.slice('dds', () => new DdsState());
}

const RELEASE_MS = 60_000;
const TRANSFORM_MS = 30_000;

function notFound(): SandboxApiError {
  return new SandboxApiError(404, 'InvalidDBInstanceId.NotFound', 'The specified instance is not found.');
}

function find(world: World, id: string, region?: string): DdsInstance {
  const i = ddsState(world).instances.get(id);
  if (!i || (region && region !== i.regionId)) throw notFound();
  return i;
}

function busy(): SandboxApiError {
  return new SandboxApiError(403, 'OperationDenied.DBInstanceStatus', 'The operation is not permitted due to status of instance.');
}

function listed(i: DdsInstance): Record<string, unknown> {
  return {
    DBInstanceId: i.dbInstanceId,
    DBInstanceDescription: i.description,
    DBInstanceStatus: i.status,
    DBInstanceType: i.instanceType,
    ChargeType: i.chargeType,
    ...(i.chargeType === 'PrePaid' && i.expireTime !== undefined ? { ExpireTime: isoSeconds(i.expireTime) } : {}),
    Engine: 'MongoDB',
    EngineVersion: i.engineVersion,
    NetworkType: 'VPC',
    RegionId: i.regionId,
    ZoneId: i.zoneId,
    CreationTime: isoSeconds(i.createTime),
    LockMode: 'Unlock',
    Tags: { Tag: i.tags.map((t) => ({ Key: t.key, Value: t.value })) },
  };
}

const describeDBInstances: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const all = [...ddsState(world).instances.values()]
    .filter((i) => i.regionId === region && (params.DBInstanceId === undefined || params.DBInstanceId === i.dbInstanceId))
    .sort((a, b) => a.createTime - b.createTime || a.dbInstanceId.localeCompare(b.dbInstanceId));
  const page = pageByNumber(all, params, { defaultSize: 30, maxSize: 100 });
  return {
    DBInstances: { DBInstance: page.page.map(listed) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
};

const describeDBInstanceAttribute: RpcHandler = ({ params }, world) => {
  const i = find(world, required(params, 'DBInstanceId'), params.RegionId);
  return {
    DBInstances: {
      DBInstance: [{ ...listed(i), VPCId: i.vpcId, VSwitchId: i.vSwitchId, DBInstanceReleaseProtection: i.releaseProtection }],
    },
  };
};

const modifyDBInstanceAttribute: RpcHandler = ({ params }, world) => {
  const i = find(world, required(params, 'DBInstanceId'), params.RegionId);
  if (params.DBInstanceReleaseProtection !== undefined) i.releaseProtection = bool(params.DBInstanceReleaseProtection);
  return {};
};

const transformInstanceChargeType: RpcHandler = ({ params }, world) => {
  const i = find(world, required(params, 'InstanceId'), params.RegionId);
  const to = required(params, 'ChargeType');
  if (to !== 'PostPaid' && to !== 'PrePaid')
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "ChargeType" is not valid.');
  if (i.status !== 'Running' || i.converting) throw busy();
  if (i.chargeType !== to) {
    i.converting = true;
    world.after(TRANSFORM_MS, () => {
      i.chargeType = to;
      i.converting = false;
    });
  }
  return { OrderId: '20000000000003', EndTime: '' };
};

const deleteDBInstance: RpcHandler = ({ params }, world) => {
  const i = find(world, required(params, 'DBInstanceId'), params.RegionId);
  if (i.releaseProtection)
    // Release protection refuses the release (metadata: ModifyDBInstanceAttribute); the code is UNCONFIRMED.
    throw new SandboxApiError(403, 'OperationDenied.ReleaseProtection', 'The instance has release protection enabled.');
  if (i.status !== 'Running' || i.converting) throw busy();
  if (i.chargeType === 'PrePaid')
    // Subscriptions are not deleted by this call (terraform-provider-alicloud); the code is UNCONFIRMED.
    throw new SandboxApiError(403, 'OperationDenied.PayType', 'The operation is not permitted due to charge type of the instance.');
  i.status = 'Deleting';
  world.after(RELEASE_MS, () => ddsState(world).instances.delete(i.dbInstanceId));
  return {};
};

function readInstance(r: ScenarioRecord, at: string, world: World): DdsInstance {
  return {
    dbInstanceId: text(r, 'id', at),
    description: optionalText(r, 'description', at, text(r, 'id', at)),
    regionId: text(r, 'region', at),
    zoneId: optionalText(r, 'zoneId', at, `${text(r, 'region', at)}-a`),
    vpcId: text(r, 'vpcId', at),
    vSwitchId: text(r, 'vSwitchId', at),
    chargeType: oneOf(r, 'chargeType', at, ['PostPaid', 'PrePaid'] as const, 'PostPaid'),
    expireTime: optionalInstant(r, 'expiresAt', at),
    status: 'Running',
    releaseProtection: flag(r, 'releaseProtection', at, false),
    converting: false,
    instanceType: oneOf(r, 'instanceType', at, ['replicate', 'sharding'] as const, 'replicate'),
    engineVersion: optionalText(r, 'engineVersion', at, '6.0'),
    createTime: instant(r, 'createdAt', at, world.now()),
    tags: new SectionReader(r, at).tags(),
  };
}

export const ddsProduct: ProductModule = {
  product: 'dds',
  version: '2015-12-01',
  actions: {
    DescribeDBInstances: describeDBInstances,
    DescribeDBInstanceAttribute: describeDBInstanceAttribute,
    ModifyDBInstanceAttribute: modifyDBInstanceAttribute,
    TransformInstanceChargeType: transformInstanceChargeType,
    DeleteDBInstance: deleteDBInstance,
  },
  seed(world, scenario) {
    const s = ddsState(world);
    for (const i of recordList(sectionOf(scenario, 'mongodb'), 'instances', 'mongodb', (r, at) => readInstance(r, at, world)))
      s.instances.set(i.dbInstanceId, i);
    if (!s.hooksRegistered) {
      s.hooksRegistered = true;
      world.addOccupancy((container, id) =>
        [...ddsState(world).instances.values()]
          .filter((i) => (container === 'vswitch' && i.vSwitchId === id) || (container === 'vpc' && i.vpcId === id))
          .map((i) => ({ product: 'dds', kind: 'DBInstance', id: i.dbInstanceId })),
      );
    }
  },
  dump: (world) => ({ instances: [...ddsState(world).instances.values()] }),
};
