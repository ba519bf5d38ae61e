/**
 * PolarDB (2017-08-01), regional. No npm SDK of the current generation: shapes follow the
 * official SDK model (alibabacloud-java-sdk polardb-20170801 DescribeDBClustersResponseBody:
 * `Items.DBCluster[]`, `TotalRecordCount`, `PageRecordCount`; note `VswitchId`). Deletion is
 * asynchronous (Deleting, then gone); a pay-type change completes on the clock. Refused while
 * changing with OperationDenied.DBClusterStatus (the code terraform-provider-alicloud retries).
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

export type PolarPayType = 'Postpaid' | 'Prepaid';

export interface PolarCluster {
  readonly dbClusterId: string;
  readonly description: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  payType: PolarPayType;
  readonly expireTime: number | undefined;
  status: 'Running' | 'Deleting';
  deletionLock: boolean;
  /** A pay-type change in flight. */
  converting: boolean;
  readonly dbType: string;
  readonly dbVersion: string;
  readonly createTime: number;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export class PolardbState {
  readonly clusters = new Map<string, PolarCluster>();
  hooksRegistered = false;
}

export function polardbState(world: World): PolardbState {
  return world.slice('polardb', () => new PolardbState());
}

const RELEASE_MS = 60_000;
const TRANSFORM_MS = 30_000;

function notFound(): SandboxApiError {
  return new SandboxApiError(404, 'InvalidDBClusterId.NotFound', 'The DBClusterId provided does not exist in our records.');
}

function find(world: World, params: Readonly<Record<string, string>>): PolarCluster {
  const c = polardbState(world).clusters.get(required(params, 'DBClusterId'));
  if (!c || (params.RegionId && params.RegionId !== c.regionId)) throw notFound();
  return c;
}

function busy(): SandboxApiError {
  return new SandboxApiError(403, 'OperationDenied.DBClusterStatus', 'The operation is not permitted due to status of cluster.');
}

function wire(c: PolarCluster): Record<string, unknown> {
  return {
    DBClusterId: c.dbClusterId,
    DBClusterDescription: c.description,
    DBClusterStatus: c.status,
    PayType: c.payType,
    ...(c.payType === 'Prepaid' && c.expireTime !== undefined ? { ExpireTime: isoSeconds(c.expireTime) } : {}),
    DeletionLock: c.deletionLock ? 1 : 0,
    DBType: c.dbType,
    DBVersion: c.dbVersion,
    Engine: 'POLARDB',
    Category: 'Normal',
    DBClusterNetworkType: 'VPC',
    RegionId: c.regionId,
    ZoneId: c.zoneId,
    VpcId: c.vpcId,
    VswitchId: c.vSwitchId,
    CreateTime: isoSeconds(c.createTime),
    LockMode: 'Unlock',
    Tags: { Tag: c.tags.map((t) => ({ Key: t.key, Value: t.value })) },
  };
}

const describeDBClusters: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = (params.DBClusterIds ?? '').split(',').filter((x) => x !== '');
  const all = [...polardbState(world).clusters.values()]
    .filter((c) => c.regionId === region && (ids.length === 0 || ids.includes(c.dbClusterId)))
    .sort((a, b) => a.createTime - b.createTime || a.dbClusterId.localeCompare(b.dbClusterId));
  const page = pageByNumber(all, params, { defaultSize: 30, maxSize: 100 });
  return {
    Items: { DBCluster: page.page.map(wire) },
    TotalRecordCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageRecordCount: page.page.length,
  };
};

const modifyDBClusterDeletion: RpcHandler = ({ params }, world) => {
  const c = find(world, params);
  c.deletionLock = bool(params.Protection);
  return {};
};

const transformDBClusterPayType: RpcHandler = ({ params }, world) => {
  required(params, 'RegionId');
  const c = find(world, params);
  const to = required(params, 'PayType');
  if (to !== 'Postpaid' && to !== 'Prepaid')
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "PayType" is not valid.');
  if (c.status !== 'Running' || c.converting) throw busy();
  if (c.payType !== to) {
    c.converting = true;
    world.after(TRANSFORM_MS, () => {
      c.payType = to;
      c.converting = false;
    });
  }
  return { DBClusterId: c.dbClusterId, OrderId: '20000000000002', ChargeType: to, ExpiredTime: '' };
};

const deleteDBCluster: RpcHandler = ({ params }, world) => {
  const c = find(world, params);
  if (c.deletionLock)
    // "If you enable the cluster lock feature, you cannot directly release the cluster" (metadata:
    // ModifyDBClusterDeletion Protection); the code is UNCONFIRMED.
    throw new SandboxApiError(403, 'OperationDenied.DBClusterDeletionLock', 'The cluster is locked against deletion.');
  if (c.status !== 'Running' || c.converting) throw busy();
  if (c.payType === 'Prepaid')
    // Subscriptions are not deleted by this call (terraform-provider-alicloud); the code is UNCONFIRMED.
    throw new SandboxApiError(403, 'OperationDenied.PayType', 'The operation is not permitted due to pay type of the cluster.');
  c.status = 'Deleting';
  world.after(RELEASE_MS, () => polardbState(world).clusters.delete(c.dbClusterId));
  return {};
};

function readCluster(r: ScenarioRecord, at: string, world: World): PolarCluster {
  return {
    dbClusterId: text(r, 'id', at),
    description: optionalText(r, 'description', at, text(r, 'id', at)),
    regionId: text(r, 'region', at),
    zoneId: optionalText(r, 'zoneId', at, `${text(r, 'region', at)}-a`),
    vpcId: text(r, 'vpcId', at),
    vSwitchId: text(r, 'vSwitchId', at),
    payType: oneOf(r, 'payType', at, ['Postpaid', 'Prepaid'] as const, 'Postpaid'),
    expireTime: optionalInstant(r, 'expiresAt', at),
    status: 'Running',
    deletionLock: flag(r, 'deletionLock', at, false),
    converting: false,
    dbType: optionalText(r, 'dbType', at, 'MySQL'),
    dbVersion: optionalText(r, 'dbVersion', at, '8.0'),
    createTime: instant(r, 'createdAt', at, world.now()),
    tags: new SectionReader(r, at).tags(),
  };
}

export const polardbProduct: ProductModule = {
  product: 'polardb',
  version: '2017-08-01',
  actions: {
    DescribeDBClusters: describeDBClusters,
    ModifyDBClusterDeletion: modifyDBClusterDeletion,
    TransformDBClusterPayType: transformDBClusterPayType,
    DeleteDBCluster: deleteDBCluster,
  },
  seed(world, scenario) {
    const s = polardbState(world);
    for (const c of recordList(sectionOf(scenario, 'polardb'), 'clusters', 'polardb', (r, at) => readCluster(r, at, world)))
      s.clusters.set(c.dbClusterId, c);
    if (!s.hooksRegistered) {
      s.hooksRegistered = true;
      world.addOccupancy((container, id) =>
        [...polardbState(world).clusters.values()]
          .filter((c) => (container === 'vswitch' && c.vSwitchId === id) || (container === 'vpc' && c.vpcId === id))
          .map((c) => ({ product: 'polardb', kind: 'DBCluster', id: c.dbClusterId })),
      );
    }
  },
  dump: (world) => ({ clusters: [...polardbState(world).clusters.values()] }),
};
