/**
 * NAS (2017-06-26), regional; shapes per @alicloud/nas20170626 response models. A file system
 * lists its mount targets; a mount target sits in a vswitch (it occupies it and its VPC) and is
 * deleted asynchronously (Deleting, then gone). A file system with a mount target left refuses
 * deletion (API docs: DeleteFileSystem "delete all mount targets first"; the code is UNCONFIRMED,
 * the sandbox answers OperationDenied.InvalidState, which terraform-provider-alicloud retries for
 * NAS). Gone: InvalidFileSystem.NotFound (terraform resource_alicloud_nas_file_system.go),
 * InvalidMountTarget.NotFound.
 */
import { SandboxApiError, required, pageByNumber, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { ScenarioFieldError, SectionReader, isoSeconds, type ScenarioRecord } from './scenario-section.js';

export interface NasMountTarget {
  readonly domain: string;
  readonly vpcId: string;
  readonly vSwitchId: string;
  status: 'Active' | 'Deleting';
}

export interface NasFileSystem {
  readonly fileSystemId: string;
  readonly description: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly chargeType: 'PayAsYouGo' | 'Subscription';
  readonly fileSystemType: 'standard' | 'extreme';
  readonly protocolType: 'NFS' | 'SMB';
  status: 'Running' | 'Deleting';
  readonly createTime: number;
  readonly mountTargets: NasMountTarget[];
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export class NasState {
  readonly fileSystems = new Map<string, NasFileSystem>();
  hooksRegistered = false;
}

export function nasState(world: World): NasState {
  return world.slice('nas', () => new NasState());
}

const MOUNT_TARGET_DELETE_MS = 20_000;
const FILE_SYSTEM_DELETE_MS = 10_000;

function fsNotFound(): SandboxApiError {
  return new SandboxApiError(404, 'InvalidFileSystem.NotFound', 'The specified file system does not exist.');
}

function findFs(world: World, params: Readonly<Record<string, string>>): NasFileSystem {
  const f = nasState(world).fileSystems.get(required(params, 'FileSystemId'));
  if (!f || (params.RegionId && params.RegionId !== f.regionId)) throw fsNotFound();
  return f;
}

function invalidState(what: string): SandboxApiError {
  return new SandboxApiError(403, 'OperationDenied.InvalidState', `The operation is not permitted in the current state of the ${what}.`);
}

function wireMountTarget(m: NasMountTarget, accessGroupKey: 'AccessGroupName' | 'AccessGroup'): Record<string, unknown> {
  return {
    MountTargetDomain: m.domain,
    NetworkType: 'Vpc',
    Status: m.status,
    VpcId: m.vpcId,
    VswId: m.vSwitchId,
    [accessGroupKey]: 'DEFAULT_VPC_GROUP_NAME',
  };
}

function wireFs(f: NasFileSystem): Record<string, unknown> {
  return {
    FileSystemId: f.fileSystemId,
    Description: f.description,
    Status: f.status,
    ChargeType: f.chargeType,
    FileSystemType: f.fileSystemType,
    ProtocolType: f.protocolType,
    StorageType: 'Performance',
    RegionId: f.regionId,
    ZoneId: f.zoneId,
    CreateTime: isoSeconds(f.createTime),
    MeteredSize: 0,
    MountTargets: { MountTarget: f.mountTargets.map((m) => wireMountTarget(m, 'AccessGroupName')) },
    Tags: { Tag: f.tags.map((t) => ({ Key: t.key, Value: t.value })) },
  };
}

const describeFileSystems: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const all = [...nasState(world).fileSystems.values()]
    .filter((f) => f.regionId === region && (params.FileSystemId === undefined || f.fileSystemId === params.FileSystemId))
    .sort((a, b) => a.createTime - b.createTime || a.fileSystemId.localeCompare(b.fileSystemId));
  const page = pageByNumber(all, params, { defaultSize: 10, maxSize: 100 });
  return {
    FileSystems: { FileSystem: page.page.map(wireFs) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
};

const describeMountTargets: RpcHandler = ({ params }, world) => {
  const f = findFs(world, params);
  const all = f.mountTargets.filter((m) => params.MountTargetDomain === undefined || m.domain === params.MountTargetDomain);
  if (params.MountTargetDomain !== undefined && all.length === 0)
    throw new SandboxApiError(404, 'InvalidMountTarget.NotFound', 'The specified mount target does not exist.');
  const page = pageByNumber(all, params, { defaultSize: 10, maxSize: 100 });
  return {
    MountTargets: { MountTarget: page.page.map((m) => wireMountTarget(m, 'AccessGroup')) },
    TotalCount: page.totalCount,
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
  };
};

const deleteMountTarget: RpcHandler = ({ params }, world) => {
  const f = findFs(world, params);
  const domain = required(params, 'MountTargetDomain');
  const m = f.mountTargets.find((x) => x.domain === domain);
  if (!m) throw new SandboxApiError(404, 'InvalidMountTarget.NotFound', 'The specified mount target does not exist.');
  if (m.status === 'Deleting') throw invalidState('mount target');
  m.status = 'Deleting';
  world.after(MOUNT_TARGET_DELETE_MS, () => {
    const i = f.mountTargets.indexOf(m);
    if (i >= 0) f.mountTargets.splice(i, 1);
  });
  return {};
};

const deleteFileSystem: RpcHandler = ({ params }, world) => {
  const f = findFs(world, params);
  if (f.mountTargets.length > 0) throw invalidState('file system (it still has mount targets)');
  if (f.status === 'Deleting') return {};
  f.status = 'Deleting';
  world.after(FILE_SYSTEM_DELETE_MS, () => nasState(world).fileSystems.delete(f.fileSystemId));
  return {};
};

function seedNas(world: World, scenario: ScenarioRecord): void {
  const s = nasState(world);
  const vswitches = new Map(
    SectionReader.section(scenario, 'vpc')
      .list('vSwitches')
      .map((v) => [v.str('id'), v.str('vpcId')] as const),
  );
  for (const r of SectionReader.section(scenario, 'nas').list('fileSystems')) {
    const id = r.str('id');
    const region = r.str('region');
    s.fileSystems.set(id, {
      fileSystemId: id,
      description: r.str('description', id),
      regionId: region,
      zoneId: r.str('zoneId', `${region}-a`),
      chargeType: r.oneOf('chargeType', ['PayAsYouGo', 'Subscription'], 'PayAsYouGo'),
      fileSystemType: r.oneOf('fileSystemType', ['standard', 'extreme'], 'standard'),
      protocolType: r.oneOf('protocolType', ['NFS', 'SMB'], 'NFS'),
      status: 'Running',
      createTime: Date.parse(r.str('createdAt', new Date(world.now()).toISOString())),
      mountTargets: r.strings('mountTargetVSwitchIds').map((vSwitchId, n) => {
        const vpcId = vswitches.get(vSwitchId);
        if (vpcId === undefined)
          throw new ScenarioFieldError(`${r.path}.mountTargetVSwitchIds`, `${vSwitchId} is not a vswitch of the vpc section`);
        return { domain: `${id}-m${n + 1}.${region}.nas.aliyuncs.com`, vpcId, vSwitchId, status: 'Active' as const };
      }),
      tags: r.tags(),
    });
  }
  if (!s.hooksRegistered) {
    s.hooksRegistered = true;
    world.addOccupancy((container, id) =>
      [...nasState(world).fileSystems.values()].flatMap((f) =>
        f.mountTargets
          .filter((m) => (container === 'vswitch' && m.vSwitchId === id) || (container === 'vpc' && m.vpcId === id))
          .map((m) => ({ product: 'nas', kind: 'MountTarget', id: m.domain })),
      ),
    );
  }
}

export const nasProduct: ProductModule = {
  product: 'nas',
  version: '2017-06-26',
  actions: {
    DescribeFileSystems: describeFileSystems,
    DescribeMountTargets: describeMountTargets,
    DeleteMountTarget: deleteMountTarget,
    DeleteFileSystem: deleteFileSystem,
  },
  seed: seedNas,
  dump: (world) => ({ fileSystems: [...nasState(world).fileSystems.values()] }),
};
