/**
 * Resource Center (ResourceCenter 2022-12-01), global, read-only. No npm SDK: shapes follow
 * the API docs' examples (SearchResources: `Resources[]`, `Filters[]`, NextToken absent on the
 * last page; GetResourceCounts: `ResourceCounts[].{GroupName, Count}`).
 *
 * It indexes the account's live resources from every product's state at request time, so a
 * deleted resource leaves the index at once, plus resources of products the sandbox does not
 * emulate, declared in the `resourcecenter` section (the demo's Function Compute service).
 */
import { SandboxApiError, pageByToken, type ProductModule, type RpcCall, type World } from '../framework.js';
import { alidnsState } from './alidns.js';
import { essState } from './ess.js';
import { kvstoreState } from './kvstore.js';
import { polardbState } from './polardb.js';
import { ddsState } from './dds.js';
import { nasState } from './nas.js';
import { rosState } from './ros.js';
import { slsState } from '../sls/index.js';
import { foreignRecords, tagsField, textField, timeField, type ForeignRecord } from './foreign-slices.js';
import { rdsState } from './rds.js';
import { flag, instant, optionalText, recordList, sectionOf, text, isoSeconds, type ScenarioRecord } from './scenario-section.js';
import { slbState } from './slb.js';

export interface IndexedResource {
  readonly resourceId: string;
  readonly resourceType: string;
  /** `global` for account-wide resources (RAM users, DNS zones). */
  readonly regionId: string;
  readonly resourceName: string;
  readonly createTime: number | undefined;
  readonly vpcId?: string;
  readonly vswitchId?: string;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export class ResourceCenterState {
  enabled = true;
  readonly declared: IndexedResource[] = [];
}

export function resourceCenterState(world: World): ResourceCenterState {
  return world.slice('resourcecenter', () => new ResourceCenterState());
}

/** How to read one resource type out of another product's slice; field names are candidates. */
interface ForeignType {
  readonly slice: string;
  readonly collections: readonly string[];
  readonly resourceType: string;
  readonly id: readonly string[];
  readonly name?: readonly string[];
  /** Global resources carry no region. */
  readonly global?: boolean;
}

const FOREIGN_TYPES: readonly ForeignType[] = [
  {
    slice: 'ecs',
    collections: ['instances'],
    resourceType: 'ACS::ECS::Instance',
    id: ['instanceId', 'id'],
    name: ['instanceName', 'name'],
  },
  { slice: 'ecs', collections: ['disks'], resourceType: 'ACS::ECS::Disk', id: ['diskId', 'id'], name: ['diskName', 'name'] },
  {
    slice: 'ecs',
    collections: ['snapshots'],
    resourceType: 'ACS::ECS::Snapshot',
    id: ['snapshotId', 'id'],
    name: ['snapshotName', 'name'],
  },
  { slice: 'ecs', collections: ['images'], resourceType: 'ACS::ECS::Image', id: ['imageId', 'id'], name: ['imageName', 'name'] },
  {
    slice: 'ecs',
    collections: ['securityGroups'],
    resourceType: 'ACS::ECS::SecurityGroup',
    id: ['securityGroupId', 'id'],
    name: ['securityGroupName', 'name'],
  },
  { slice: 'ecs', collections: ['keyPairs'], resourceType: 'ACS::ECS::KeyPair', id: ['keyPairName', 'name', 'id'] },
  {
    slice: 'ecs',
    collections: ['networkInterfaces', 'enis'],
    resourceType: 'ACS::ECS::NetworkInterface',
    id: ['networkInterfaceId', 'id'],
    name: ['networkInterfaceName', 'name'],
  },
  { slice: 'vpc', collections: ['vpcs'], resourceType: 'ACS::VPC::VPC', id: ['vpcId', 'id'], name: ['vpcName', 'name'] },
  {
    slice: 'vpc',
    collections: ['vswitches', 'vSwitches'],
    resourceType: 'ACS::VPC::VSwitch',
    id: ['vswitchId', 'vSwitchId', 'id'],
    name: ['vswitchName', 'vSwitchName', 'name'],
  },
  { slice: 'vpc', collections: ['eips', 'eipAddresses'], resourceType: 'ACS::VPC::EIP', id: ['allocationId', 'id'], name: ['name'] },
  { slice: 'vpc', collections: ['natGateways'], resourceType: 'ACS::VPC::NatGateway', id: ['natGatewayId', 'id'], name: ['name'] },
  { slice: 'oss', collections: ['buckets'], resourceType: 'ACS::OSS::Bucket', id: ['name', 'bucketName', 'id'] },
  { slice: 'ram', collections: ['users'], resourceType: 'ACS::RAM::User', id: ['userName', 'name', 'id'], global: true },
];

/** Buckets record `oss-cn-hangzhou` style locations; the index wants the region id. */
function regionOf(r: ForeignRecord): string | undefined {
  const region = textField(r, ['regionId', 'RegionId', 'region', 'location', 'Location']);
  return region?.replace(/^oss-/, '');
}

function foreignResources(world: World): IndexedResource[] {
  return FOREIGN_TYPES.flatMap((t) =>
    foreignRecords(world, t.slice, t.collections).flatMap((r) => {
      const resourceId = textField(r, t.id);
      const regionId = t.global ? 'global' : regionOf(r);
      const status = textField(r, ['status', 'Status']);
      if (!resourceId || !regionId || status === 'Deleted' || status === 'Released') return [];
      return [
        {
          resourceId,
          resourceType: t.resourceType,
          regionId,
          resourceName: (t.name && textField(r, t.name)) ?? resourceId,
          createTime: timeField(r, ['creationTime', 'createTime', 'createdAt', 'createDate', 'creationDate']),
          vpcId: textField(r, ['vpcId']),
          vswitchId: textField(r, ['vswitchId', 'vSwitchId']),
          tags: tagsField(r),
        } satisfies IndexedResource,
      ];
    }),
  );
}

/** Resources of this module's sibling products, whose state types are known. */
function siblingResources(world: World): IndexedResource[] {
  const lbs = [...slbState(world).loadBalancers.values()].map((lb) => ({
    resourceId: lb.loadBalancerId,
    resourceType: 'ACS::SLB::LoadBalancer',
    regionId: lb.regionId,
    resourceName: lb.loadBalancerName,
    createTime: lb.createTime,
    vpcId: lb.vpcId,
    vswitchId: lb.vswitchId,
    tags: [],
  }));
  const dbs = [...rdsState(world).instances.values()].map((i) => ({
    resourceId: i.dbInstanceId,
    resourceType: 'ACS::RDS::DBInstance',
    regionId: i.regionId,
    resourceName: i.description,
    createTime: i.createTime,
    vpcId: i.vpcId,
    vswitchId: i.vswitchId,
    tags: [],
  }));
  const zones = [...alidnsState(world).domains.values()].map((d) => ({
    resourceId: d.domainName,
    resourceType: 'ACS::Alidns::Domain',
    regionId: 'global',
    resourceName: d.domainName,
    createTime: d.createTime,
    tags: [],
  }));
  const groups = [...essState(world).groups.values()].map((g) => ({
    resourceId: g.scalingGroupId,
    resourceType: 'ACS::ESS::ScalingGroup',
    regionId: g.regionId,
    resourceName: g.name,
    createTime: g.createTime,
    vpcId: g.vpcId,
    tags: [],
  }));
  const caches = [...kvstoreState(world).instances.values()].map((i) => ({
    resourceId: i.instanceId,
    resourceType: 'ACS::KVStore::Instance',
    regionId: i.regionId,
    resourceName: i.name,
    createTime: i.createTime,
    vpcId: i.vpcId,
    vswitchId: i.vSwitchId,
    tags: i.tags,
  }));
  const clusters = [...polardbState(world).clusters.values()].map((c) => ({
    resourceId: c.dbClusterId,
    resourceType: 'ACS::PolarDB::DBCluster',
    regionId: c.regionId,
    resourceName: c.description,
    createTime: c.createTime,
    vpcId: c.vpcId,
    vswitchId: c.vSwitchId,
    tags: c.tags,
  }));
  const mongos = [...ddsState(world).instances.values()].map((i) => ({
    resourceId: i.dbInstanceId,
    resourceType: 'ACS::MongoDB::DBInstance',
    regionId: i.regionId,
    resourceName: i.description,
    createTime: i.createTime,
    vpcId: i.vpcId,
    vswitchId: i.vSwitchId,
    tags: i.tags,
  }));
  const fileSystems = [...nasState(world).fileSystems.values()].map((f) => ({
    resourceId: f.fileSystemId,
    resourceType: 'ACS::NAS::FileSystem',
    regionId: f.regionId,
    resourceName: f.description,
    createTime: f.createTime,
    tags: f.tags,
  }));
  const stacks = [...rosState(world).stacks.values()]
    .filter((s) => s.status !== 'DELETE_COMPLETE')
    .map((s) => ({
      resourceId: s.stackId,
      resourceType: 'ACS::ROS::Stack',
      regionId: s.regionId,
      resourceName: s.name,
      createTime: s.createTime,
      tags: s.tags,
    }));
  const projects = [...slsState(world).projects.values()].map((p) => ({
    resourceId: p.name,
    resourceType: 'ACS::SLS::Project',
    regionId: p.region,
    resourceName: p.name,
    createTime: p.createdMs,
    tags: [...p.tags].map(([key, value]) => ({ key, value })),
  }));
  return [...lbs, ...dbs, ...zones, ...groups, ...caches, ...clusters, ...mongos, ...fileSystems, ...stacks, ...projects];
}

export function indexedResources(world: World): IndexedResource[] {
  return [...foreignResources(world), ...siblingResources(world), ...resourceCenterState(world).declared].sort(
    (a, b) =>
      a.resourceType.localeCompare(b.resourceType) || a.regionId.localeCompare(b.regionId) || a.resourceId.localeCompare(b.resourceId),
  );
}

interface Filter {
  readonly key: string;
  readonly matchType: string;
  readonly values: readonly string[];
}

const FILTER_KEYS = ['ResourceType', 'RegionId', 'ResourceId', 'ResourceName', 'VpcId', 'VSwitchId'] as const;

/** `Filter.N.Key`, `Filter.N.MatchType`, `Filter.N.Value.M` (RepeatList of objects). */
function readFilters(params: Readonly<Record<string, string>>): Filter[] {
  const indexes = new Set<number>();
  for (const k of Object.keys(params)) {
    const m = /^Filter\.(\d+)\./.exec(k);
    if (m) indexes.add(Number(m[1]));
  }
  return [...indexes]
    .sort((a, b) => a - b)
    .map((n) => {
      const key = params[`Filter.${n}.Key`] ?? '';
      if (!(FILTER_KEYS as readonly string[]).includes(key))
        throw new SandboxApiError(400, 'InvalidParameter', `The specified parameter Filter.${n}.Key is not valid.`);
      const values: Array<[number, string]> = [];
      for (const [k, v] of Object.entries(params)) {
        const m = new RegExp(`^Filter\\.${n}\\.Value\\.(\\d+)$`).exec(k);
        if (m) values.push([Number(m[1]), v]);
      }
      return { key, matchType: params[`Filter.${n}.MatchType`] ?? 'Equals', values: values.sort((a, b) => a[0] - b[0]).map(([, v]) => v) };
    });
}

function fieldFor(r: IndexedResource, key: string): string | undefined {
  switch (key) {
    case 'ResourceType':
      return r.resourceType;
    case 'RegionId':
      return r.regionId;
    case 'ResourceId':
      return r.resourceId;
    case 'ResourceName':
      return r.resourceName;
    case 'VpcId':
      return r.vpcId;
    case 'VSwitchId':
      return r.vswitchId;
    default:
      return undefined;
  }
}

/** Filters AND together; the values of one filter OR together (API docs: SearchResources). */
function matches(r: IndexedResource, filters: readonly Filter[]): boolean {
  return filters.every((f) => {
    const v = fieldFor(r, f.key);
    if (v === undefined) return false;
    return f.values.some((want) =>
      f.matchType === 'Prefix' ? v.startsWith(want) : f.matchType === 'Contains' ? v.includes(want) : v === want,
    );
  });
}

function requireEnabled(world: World): void {
  if (!resourceCenterState(world).enabled)
    // The service's code for a disabled Resource Center (API metadata errorCodes of the
    // resourcecenter 2022-12-01 operations: 400 ServiceNotEnabled).
    throw new SandboxApiError(400, 'ServiceNotEnabled', 'ResourceCenter Service is not enabled.');
}

const filtersEcho = (filters: readonly Filter[]): Array<Record<string, unknown>> =>
  filters.map((f) => ({ Key: f.key, MatchType: f.matchType, Values: [...f.values] }));

const actions: Record<string, (call: RpcCall, world: World) => Record<string, unknown>> = {
  GetResourceCenterServiceStatus(_call, world) {
    return resourceCenterState(world).enabled ? { ServiceStatus: 'Enabled', InitialStatus: 'Finished' } : { ServiceStatus: 'Disabled' };
  },

  GetResourceCounts({ params }, world) {
    requireEnabled(world);
    const filters = readFilters(params);
    const groupBy = params.GroupByKey;
    if (groupBy !== undefined && groupBy !== 'ResourceType' && groupBy !== 'RegionId' && groupBy !== 'ResourceGroupId')
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter GroupByKey is not valid.');
    const found = indexedResources(world).filter((r) => matches(r, filters));
    let counts: Array<Record<string, unknown>>;
    if (groupBy === undefined) counts = [{ Count: found.length }];
    else {
      const groups = new Map<string, number>();
      for (const r of found) {
        const g = groupBy === 'ResourceType' ? r.resourceType : groupBy === 'RegionId' ? r.regionId : 'rg-default';
        groups.set(g, (groups.get(g) ?? 0) + 1);
      }
      counts = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([GroupName, Count]) => ({ GroupName, Count }));
    }
    return { ...(groupBy === undefined ? {} : { GroupByKey: groupBy }), Filters: filtersEcho(filters), ResourceCounts: counts };
  },

  SearchResources({ params }, world) {
    requireEnabled(world);
    const filters = readFilters(params);
    const found = indexedResources(world).filter((r) => matches(r, filters));
    // API docs: MaxResults 1–100, default 20.
    const page = pageByToken(found, params, { defaultSize: 20, maxSize: 100 });
    return {
      Filters: filtersEcho(filters),
      MaxResults: page.maxResults,
      ...(page.nextToken === '' ? {} : { NextToken: page.nextToken }),
      Resources: page.page.map((r) => ({
        ResourceId: r.resourceId,
        ResourceType: r.resourceType,
        RegionId: r.regionId,
        ResourceName: r.resourceName,
        AccountId: world.accountId,
        ResourceGroupId: 'rg-default',
        ...(r.createTime === undefined ? {} : { CreateTime: isoSeconds(r.createTime) }),
        Tags: r.tags.map((t) => ({ Key: t.key, Value: t.value })),
      })),
    };
  },
};

function readDeclared(r: ScenarioRecord, at: string, world: World): IndexedResource {
  return {
    resourceId: text(r, 'id', at),
    resourceType: text(r, 'type', at),
    regionId: text(r, 'region', at),
    resourceName: optionalText(r, 'name', at, text(r, 'id', at)),
    createTime: instant(r, 'createdAt', at, world.now()),
    tags: recordList(r, 'tags', at, (t, tat) => ({ key: text(t, 'key', tat), value: optionalText(t, 'value', tat, '') })),
  };
}

export const resourceCenterProduct: ProductModule = {
  product: 'resourcecenter',
  version: '2022-12-01',
  actions,
  seed(world, scenario) {
    const state = resourceCenterState(world);
    const section = sectionOf(scenario, 'resourcecenter');
    state.enabled = flag(section, 'enabled', 'resourcecenter', true);
    state.declared.push(...recordList(section, 'resources', 'resourcecenter', (r, at) => readDeclared(r, at, world)));
  },
  dump(world) {
    const s = resourceCenterState(world);
    return { enabled: s.enabled, declared: s.declared, indexed: indexedResources(world).length };
  },
};
