/**
 * ApsaraDB RDS (2014-08-15), regional; shapes per @alicloud/rds20140815 response models.
 * Release is asynchronous (Deleting, then gone); a pay-type change takes effect on the clock.
 */
import {
  SandboxApiError,
  bool,
  repeatList,
  required,
  pageByNumber,
  pageByToken,
  type ProductModule,
  type RpcCall,
  type World,
} from '../framework.js';
import { matchesTagFilters, mergeTags, repeatedTags, type SandboxTag } from './tagging.js';
import {
  accountRegions,
  flag,
  instant,
  isoSeconds,
  oneOf,
  optionalInstant,
  optionalText,
  recordList,
  sectionOf,
  text,
  SectionReader,
  type ScenarioRecord,
} from './scenario-section.js';

export type RdsPayType = 'Postpaid' | 'Prepaid';
export type RdsInstanceType = 'Primary' | 'Readonly';
export type RdsStatus = 'Running' | 'Deleting';

export interface DBInstance {
  readonly dbInstanceId: string;
  readonly description: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly instanceType: RdsInstanceType;
  readonly masterInstanceId: string | undefined;
  payType: RdsPayType;
  status: RdsStatus;
  deletionProtection: boolean;
  readonly lockMode: string;
  expireTime: number | undefined;
  readonly vpcId: string;
  readonly vswitchId: string;
  readonly engine: string;
  readonly engineVersion: string;
  /** local_ssd | cloud_ssd | cloud_essd (DescribeDBInstances DBInstanceStorageType). */
  readonly storageType: string;
  readonly instanceClass: string;
  readonly createTime: number;
  /** A pay-type change in flight: the clock flips `payType` when it is done. */
  transformingTo: RdsPayType | undefined;
  /** Served by ListTagResources only: DescribeDBInstances carries no tags. */
  tags: SandboxTag[];
}

export class RdsState {
  readonly instances = new Map<string, DBInstance>();
  /** Zones per region for DescribeRegions (one row per zone, as the real API returns). */
  readonly zones = new Map<string, string[]>();
  hooksRegistered = false;
  nextOrderId = 20_000_000_000_000;
}

export function rdsState(world: World): RdsState {
  return world.slice('rds', () => new RdsState());
}

/** Realistic durations (divided by the world's speed). */
const RELEASE_MS = 60_000;
const TRANSFORM_MS = 30_000;

function notFound(id: string): SandboxApiError {
  return new SandboxApiError(404, 'InvalidDBInstanceId.NotFound', `The specified instance ${id} is not found.`);
}

function findInstance(world: World, params: Readonly<Record<string, string>>): DBInstance {
  const id = required(params, 'DBInstanceId');
  const inst = rdsState(world).instances.get(id);
  if (!inst) throw notFound(id);
  return inst;
}

function replicasOf(world: World, primaryId: string): DBInstance[] {
  return [...rdsState(world).instances.values()].filter((i) => i.masterInstanceId === primaryId);
}

/** Deleting now, gone (and announced) when the release finishes. */
function scheduleRelease(world: World, i: DBInstance): void {
  i.status = 'Deleting';
  world.after(RELEASE_MS, () => {
    rdsState(world).instances.delete(i.dbInstanceId);
    world.emit('rds.instance.released', { dbInstanceId: i.dbInstanceId, regionId: i.regionId });
  });
}

const LOCAL_NAMES: Readonly<Record<string, string>> = {
  'cn-hangzhou': 'China (Hangzhou)',
  'cn-shanghai': 'China (Shanghai)',
  'cn-beijing': 'China (Beijing)',
  'ap-southeast-1': 'Singapore',
};

function common(world: World, i: DBInstance): Record<string, unknown> {
  return {
    DBInstanceId: i.dbInstanceId,
    DBInstanceDescription: i.description,
    DBInstanceType: i.instanceType,
    DBInstanceStatus: i.status,
    DBInstanceClass: i.instanceClass,
    DBInstanceNetType: 'Intranet',
    InstanceNetworkType: 'VPC',
    Engine: i.engine,
    EngineVersion: i.engineVersion,
    DBInstanceStorageType: i.storageType,
    PayType: i.payType,
    DeletionProtection: i.deletionProtection,
    LockMode: i.lockMode,
    ...(i.masterInstanceId ? { MasterInstanceId: i.masterInstanceId } : {}),
    ...(i.expireTime !== undefined && i.payType === 'Prepaid' ? { ExpireTime: isoSeconds(i.expireTime) } : {}),
    ReadOnlyDBInstanceIds: { ReadOnlyDBInstanceId: replicasOf(world, i.dbInstanceId).map((r) => ({ DBInstanceId: r.dbInstanceId })) },
    RegionId: i.regionId,
    ZoneId: i.zoneId,
    VpcId: i.vpcId,
    VSwitchId: i.vswitchId,
    ResourceGroupId: 'rg-default',
  };
}

const actions: Record<string, (call: RpcCall, world: World) => Record<string, unknown>> = {
  DescribeRegions(_call, world) {
    const rows = [...rdsState(world).zones.entries()].flatMap(([regionId, zones]) =>
      zones.map((zoneId) => ({
        RegionId: regionId,
        ZoneId: zoneId,
        LocalName: LOCAL_NAMES[regionId] ?? regionId,
        ZoneName: zoneId,
        // Chinese mainland regions share the central endpoint; others have their own.
        RegionEndpoint: regionId.startsWith('cn-') ? 'rds.aliyuncs.com' : `rds.${regionId}.aliyuncs.com`,
      })),
    );
    return { Regions: { RDSRegion: rows } };
  },

  DescribeDBInstances({ params }, world) {
    const regionId = required(params, 'RegionId');
    const ids = params.DBInstanceId ? params.DBInstanceId.split(',').map((s) => s.trim()) : undefined;
    const matches = [...rdsState(world).instances.values()]
      .filter((i) => i.regionId === regionId)
      .filter((i) => !ids || ids.includes(i.dbInstanceId))
      .filter((i) => !params.DBInstanceType || i.instanceType === params.DBInstanceType)
      .filter((i) => !params.DBInstanceStatus || i.status === params.DBInstanceStatus)
      .filter((i) => !params.PayType || i.payType === params.PayType)
      .filter((i) => !params.VpcId || i.vpcId === params.VpcId)
      .filter((i) => !params.VSwitchId || i.vswitchId === params.VSwitchId)
      .filter((i) => !params.Engine || i.engine === params.Engine)
      .sort((a, b) => a.createTime - b.createTime || a.dbInstanceId.localeCompare(b.dbInstanceId));
    const row = (i: DBInstance): Record<string, unknown> => ({
      ...common(world, i),
      CreateTime: isoSeconds(i.createTime),
      ConnectionMode: 'Standard',
    });
    // The API takes either NextToken/MaxResults or PageNumber/PageSize (metadata lists both).
    if (params.NextToken !== undefined || params.MaxResults !== undefined) {
      const page = pageByToken(matches, params, { defaultSize: 30, maxSize: 100 });
      return {
        Items: { DBInstance: page.page.map(row) },
        TotalRecordCount: page.totalCount,
        PageRecordCount: page.page.length,
        NextToken: page.nextToken,
      };
    }
    const page = pageByNumber(matches, params, { defaultSize: 30, maxSize: 100 });
    return {
      Items: { DBInstance: page.page.map(row) },
      TotalRecordCount: page.totalCount,
      PageNumber: page.pageNumber,
      PageRecordCount: page.page.length,
    };
  },

  DescribeDBInstanceAttribute({ params }, world) {
    const i = findInstance(world, params);
    return {
      Items: {
        DBInstanceAttribute: [
          { ...common(world, i), CreationTime: isoSeconds(i.createTime), DBInstanceStorage: 100, DBInstanceMemory: 4096 },
        ],
      },
    };
  },

  TransformDBInstancePayType({ params }, world) {
    const i = findInstance(world, params);
    const target = required(params, 'PayType');
    if (target !== 'Postpaid' && target !== 'Prepaid')
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "PayType" is not valid.');
    if (target === 'Prepaid') throw new SandboxApiError(400, 'InvalidParameter', 'The sandbox converts instances to Postpaid only.');
    // A converting or releasing instance refuses another change: the same state code terraform
    // retries around RDS writes (alicloud/resource_alicloud_db_instance.go, IncorrectDBInstanceState).
    if (i.status !== 'Running' || i.transformingTo !== undefined)
      throw new SandboxApiError(403, 'IncorrectDBInstanceState', 'Current DB instance state does not support this operation.');
    const state = rdsState(world);
    const orderId = state.nextOrderId++;
    if (i.payType !== target) {
      i.transformingTo = target;
      world.after(TRANSFORM_MS, () => {
        i.payType = target;
        i.transformingTo = undefined;
        i.expireTime = undefined;
        world.emit('rds.instance.pay-type-changed', { dbInstanceId: i.dbInstanceId, regionId: i.regionId, payType: target });
      });
    }
    return { DBInstanceId: i.dbInstanceId, OrderId: orderId, ChargeType: target };
  },

  ModifyDBInstanceDeletionProtection({ params }, world) {
    const i = findInstance(world, params);
    const raw = required(params, 'DeletionProtection');
    if (raw !== 'true' && raw !== 'false')
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "DeletionProtection" is not valid.');
    i.deletionProtection = bool(raw);
    return {};
  },

  /**
   * RDS API docs, ListTagResources
   * (https://www.alibabacloud.com/help/en/rds/developer-reference/api-rds-2014-08-15-listtagresources):
   * RegionId and ResourceType (INSTANCE) required; ResourceId.N (1–50) and/or Tag.N.Key (1–20),
   * at least one of them; one TagResources.TagResource row per (instance, tag), ResourceType
   * `ALIYUN::RDS::INSTANCE`; NextToken when more remain. The page size is not documented: 50
   * rows here (UNCONFIRMED).
   */
  ListTagResources({ params }, world) {
    const regionId = required(params, 'RegionId');
    if (required(params, 'ResourceType').toUpperCase() !== 'INSTANCE')
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "ResourceType" is not valid.');
    const ids = repeatList(params, 'ResourceId');
    const filters = repeatedTags(params);
    if (ids.length === 0 && filters.length === 0)
      throw new SandboxApiError(400, 'MissingParameter', 'The input parameter "ResourceId" or "Tag.N.Key" is not supplied.');
    if (ids.length > 50 || filters.length > 20)
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "ResourceId" is not valid.');
    const rows = [...rdsState(world).instances.values()]
      .filter((i) => i.regionId === regionId && (ids.length === 0 || ids.includes(i.dbInstanceId)))
      .filter((i) => matchesTagFilters(i.tags, filters))
      .sort((a, b) => a.dbInstanceId.localeCompare(b.dbInstanceId))
      .flatMap((i) =>
        i.tags.map((t) => ({ ResourceId: i.dbInstanceId, ResourceType: 'ALIYUN::RDS::INSTANCE', TagKey: t.key, TagValue: t.value })),
      );
    const page = pageByToken(rows, { ...(params.NextToken ? { NextToken: params.NextToken } : {}) }, { defaultSize: 50, maxSize: 50 });
    return { TagResources: { TagResource: page.page }, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  },

  /** RDS API docs, TagResources: RegionId, ResourceType INSTANCE, ResourceId.N (1–50), Tag.N.Key/Value (1–20). */
  TagResources({ params }, world) {
    const regionId = required(params, 'RegionId');
    if (required(params, 'ResourceType').toUpperCase() !== 'INSTANCE')
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "ResourceType" is not valid.');
    const ids = repeatList(params, 'ResourceId');
    const tags = repeatedTags(params);
    if (ids.length === 0) required(params, 'ResourceId.1');
    if (tags.length === 0) required(params, 'Tag.1.Key');
    const found = ids.map((id) => {
      const i = rdsState(world).instances.get(id);
      if (!i || i.regionId !== regionId) throw notFound(id);
      return i;
    });
    for (const i of found) i.tags = mergeTags(i.tags, tags);
    return {};
  },

  DeleteDBInstance({ params }, world) {
    const i = findInstance(world, params);
    if (params.ReleasedKeepPolicy !== undefined && !['None', 'Lastest', 'All'].includes(params.ReleasedKeepPolicy))
      // API docs DeleteDBInstance errorCodes.
      throw new SandboxApiError(400, 'InvalidReleasedKeepPolicy.Format', 'Specified Released Keep Policy is not valid.');
    if (i.status !== 'Running' || i.transformingTo !== undefined)
      throw new SandboxApiError(403, 'IncorrectDBInstanceState', 'Current DB instance state does not support this operation.');
    if (i.deletionProtection)
      // API docs DeleteDBInstance (RDS PostgreSQL reference) errorCodes: 400.
      throw new SandboxApiError(
        400,
        'OperationDenied.DeletionProtection',
        'The operation is not permitted when the instance enabled deletion protection.',
      );
    if (i.instanceType === 'Primary' && i.payType === 'Prepaid')
      // API docs DeleteDBInstance errorCodes (help.aliyun.com rds/api-release-instance): 403,
      // "预付费实例，不允许直接删除" — a subscription primary must be converted or unsubscribed first.
      throw new SandboxApiError(
        403,
        'OperationDenied.PrePayTypeNotSupported',
        'The operation is not permitted due to pay type of instance.',
      );
    if (i.instanceType === 'Primary' && replicasOf(world, i.dbInstanceId).length > 0)
      // No source documents the code for a primary that still has read-only instances; this is the
      // code terraform retries when deleting a primary (alicloud/resource_alicloud_db_instance.go
      // retries OperationDenied.ReadDBInstanceStatus), i.e. waits for its read-only instances.
      throw new SandboxApiError(
        403,
        'OperationDenied.ReadDBInstanceStatus',
        'The operation is not permitted due to status of read-only instances.',
      );
    scheduleRelease(world, i);
    return { RegionId: i.regionId };
  },
};

function readInstance(r: ScenarioRecord, at: string, world: World): DBInstance {
  const instanceType = oneOf(r, 'type', at, ['Primary', 'Readonly'] as const, 'Primary');
  const master = optionalText(r, 'masterInstanceId', at, '');
  return {
    dbInstanceId: text(r, 'id', at),
    description: optionalText(r, 'description', at, text(r, 'id', at)),
    regionId: text(r, 'region', at),
    zoneId: text(r, 'zoneId', at),
    instanceType,
    masterInstanceId: master === '' ? undefined : master,
    payType: oneOf(r, 'payType', at, ['Postpaid', 'Prepaid'] as const, 'Postpaid'),
    status: 'Running',
    deletionProtection: flag(r, 'deletionProtection', at, false),
    lockMode: optionalText(r, 'lockMode', at, 'Unlock'),
    expireTime: optionalInstant(r, 'expiresAt', at),
    vpcId: text(r, 'vpcId', at),
    vswitchId: text(r, 'vswitchId', at),
    engine: optionalText(r, 'engine', at, 'MySQL'),
    engineVersion: optionalText(r, 'engineVersion', at, '8.0'),
    storageType: optionalText(r, 'storageType', at, 'local_ssd'),
    instanceClass: optionalText(r, 'instanceClass', at, 'mysql.n2.medium.1'),
    createTime: instant(r, 'createdAt', at, world.now()),
    transformingTo: undefined,
    tags: new SectionReader(r, at).tags(),
  };
}

export const rdsProduct: ProductModule = {
  product: 'rds',
  version: '2014-08-15',
  actions,
  seed(world, scenario) {
    const state = rdsState(world);
    const section = sectionOf(scenario, 'rds');
    const instances = recordList(section, 'instances', 'rds', (r, at) => readInstance(r, at, world));
    for (const i of instances) {
      if (i.instanceType === 'Readonly' && (!i.masterInstanceId || !instances.some((p) => p.dbInstanceId === i.masterInstanceId)))
        throw new Error(`scenario rds.instances: read-only instance ${i.dbInstanceId} needs masterInstanceId of a listed primary`);
      state.instances.set(i.dbInstanceId, i);
    }
    const zoneSection = section.zones;
    const zones = new Map<string, Set<string>>();
    for (const region of accountRegions(scenario)) zones.set(region, new Set());
    if (typeof zoneSection === 'object' && zoneSection !== null && !Array.isArray(zoneSection)) {
      for (const [region, list] of Object.entries(zoneSection)) {
        if (!Array.isArray(list) || list.some((z) => typeof z !== 'string'))
          throw new Error(`scenario rds.zones.${region}: must be a list of zone ids`);
        zones.set(region, new Set([...(zones.get(region) ?? []), ...(list as string[])]));
      }
    }
    for (const i of instances) zones.set(i.regionId, new Set([...(zones.get(i.regionId) ?? []), i.zoneId]));
    for (const [region, set] of zones) state.zones.set(region, set.size > 0 ? [...set].sort() : [`${region}-a`]);
    if (!state.hooksRegistered) {
      state.hooksRegistered = true;
      // An RDS instance keeps its vswitch and VPC from being deleted.
      world.addOccupancy((container, id) =>
        [...rdsState(world).instances.values()]
          .filter((i) => (container === 'vswitch' && i.vswitchId === id) || (container === 'vpc' && i.vpcId === id))
          .map((i) => ({ product: 'rds', kind: 'DBInstance', id: i.dbInstanceId })),
      );
      // Unsubscribing a prepaid instance in billing releases it (BSS RefundInstance).
      world.on('bss.instance.refunded', ({ productCode, instanceId }) => {
        const i = instanceId === undefined ? undefined : rdsState(world).instances.get(instanceId);
        if (productCode !== 'rds' || !i || i.status === 'Deleting') return;
        scheduleRelease(world, i);
      });
    }
  },
  dump(world) {
    const s = rdsState(world);
    return { instances: [...s.instances.values()], zones: Object.fromEntries(s.zones) };
  },
};
