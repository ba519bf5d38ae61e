/**
 * Automatic snapshot policies and the disks they apply to (API docs: ECS
 * DescribeAutoSnapshotPolicyEx, DescribeAutoSnapshotPolicyAssociations, DeleteAutoSnapshotPolicy).
 * Deleting a policy removes it from its disks ("the policy is no longer applied to the disks
 * on which the policy previously took effect"); an unknown policy answers 404 ParameterInvalid
 * "The specified automatic snapshot policy does not exist."
 */
import { SandboxApiError, pageByNumber, pageByToken, required, type RpcHandler, type World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { ecsState, inRegion, wireTags, type Tag } from './state.js';

export interface AutoSnapshotPolicy {
  readonly id: string;
  readonly region: string;
  readonly name: string;
  readonly diskIds: readonly string[];
  readonly createdAt: string;
  readonly tags: Tag[];
}

export function autoSnapshotPolicies(world: World): Map<string, AutoSnapshotPolicy> {
  return world.slice('ecs.auto-snapshot-policies', () => new Map<string, AutoSnapshotPolicy>());
}

/** The disks the policy applies to that still exist. */
function appliedTo(world: World, p: AutoSnapshotPolicy): string[] {
  const disks = ecsState(world).disks;
  return p.diskIds.filter((id) => disks.has(id));
}

const describeAutoSnapshotPolicyEx: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const matches = [...autoSnapshotPolicies(world).values()].filter(
    (p) =>
      p.region === region &&
      (!params.AutoSnapshotPolicyId || p.id === params.AutoSnapshotPolicyId) &&
      (!params.AutoSnapshotPolicyName || p.name === params.AutoSnapshotPolicyName),
  );
  const page = pageByNumber(matches, params, { defaultSize: 10, maxSize: 100 });
  return {
    AutoSnapshotPolicies: {
      AutoSnapshotPolicy: page.page.map((p) => ({
        AutoSnapshotPolicyId: p.id,
        AutoSnapshotPolicyName: p.name,
        RegionId: p.region,
        Status: 'Normal',
        TimePoints: '["1"]',
        RepeatWeekdays: '["1","7"]',
        RetentionDays: 30,
        DiskNums: appliedTo(world, p).length,
        VolumeNums: 0,
        CreationTime: p.createdAt,
        EnableCrossRegionCopy: false,
        TargetCopyRegions: '[]',
        CopiedSnapshotsRetentionDays: -1,
        Type: 'Custom',
        ResourceGroupId: '',
        Tags: wireTags(p.tags),
      })),
    },
    PageNumber: page.pageNumber,
    PageSize: page.pageSize,
    TotalCount: page.totalCount,
  };
};

const describeAutoSnapshotPolicyAssociations: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  if (params.AutoSnapshotPolicyId && params.DiskId)
    throw new SandboxApiError(400, 'InvalidParameter', 'You can specify only one of AutoSnapshotPolicyId and DiskId.');
  const rows = [...autoSnapshotPolicies(world).values()]
    .filter((p) => p.region === region && (!params.AutoSnapshotPolicyId || p.id === params.AutoSnapshotPolicyId))
    .flatMap((p) => appliedTo(world, p).map((diskId) => ({ AutoSnapshotPolicyId: p.id, DiskId: diskId })))
    .filter((a) => !params.DiskId || a.DiskId === params.DiskId);
  // MaxResults below 10 counts as 10 and above 100 as 100 (API docs).
  const asked = Number(params.MaxResults ?? '10');
  const maxResults = String(Number.isInteger(asked) ? Math.min(100, Math.max(10, asked)) : 10);
  const p = pageByToken(rows, { ...params, MaxResults: maxResults }, { defaultSize: 10, maxSize: 100 });
  return { AutoSnapshotPolicyAssociations: { AutoSnapshotPolicyAssociation: p.page }, NextToken: p.nextToken };
};

const deleteAutoSnapshotPolicy: RpcHandler = ({ params }, world) => {
  const region = required(params, 'regionId');
  const all = autoSnapshotPolicies(world);
  const id = required(params, 'autoSnapshotPolicyId');
  const p = all.get(id);
  if (!p) throw new SandboxApiError(404, 'ParameterInvalid', 'The specified automatic snapshot policy does not exist.');
  if (!inRegion(p, region))
    throw new SandboxApiError(404, 'ParameterInvalid', 'The specified automatic snapshot policy does not exist in the region.');
  all.delete(id);
  return {};
};

export const autoSnapshotPolicyActions: Readonly<Record<string, RpcHandler>> = {
  DescribeAutoSnapshotPolicyEx: describeAutoSnapshotPolicyEx,
  DescribeAutoSnapshotPolicyAssociations: describeAutoSnapshotPolicyAssociations,
  DeleteAutoSnapshotPolicy: deleteAutoSnapshotPolicy,
};

export function seedAutoSnapshotPolicies(world: World, scenario: ScenarioRecord): void {
  const all = autoSnapshotPolicies(world);
  for (const r of SectionReader.section(scenario, 'ecs').list('autoSnapshotPolicies')) {
    const id = r.str('id');
    all.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      diskIds: r.strings('diskIds'),
      createdAt: r.str('createdAt', world.nowIso()),
      tags: r.tags(),
    });
  }
}
