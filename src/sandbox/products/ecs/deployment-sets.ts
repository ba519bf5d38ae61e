/**
 * Deployment sets (API docs: ECS DescribeDeploymentSets, DeleteDeploymentSet). A set refuses
 * deletion while instances remain in it: 403 DependencyViolation.NotEmpty "There are still
 * instance(s) in the specified DeploymentSetId." Its members are the instances placed in it
 * that still exist.
 */
import { SandboxApiError, jsonList, pageByNumber, required, type RpcHandler, type World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { ecsState, inRegion } from './state.js';

export interface DeploymentSet {
  readonly id: string;
  readonly region: string;
  readonly name: string;
  readonly strategy: 'Availability' | 'AvailabilityGroup' | 'LowLatency';
  readonly instanceIds: readonly string[];
  readonly createdAt: string;
}

export function deploymentSets(world: World): Map<string, DeploymentSet> {
  return world.slice('ecs.deployment-sets', () => new Map<string, DeploymentSet>());
}

function members(world: World, d: DeploymentSet): string[] {
  const instances = ecsState(world).instances;
  return d.instanceIds.filter((id) => instances.has(id));
}

/** `["ds-1","ds-2"]` or `ds-1,ds-2` (API docs: DescribeDeploymentSets DeploymentSetIds). */
function idList(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  return raw.trim().startsWith('[') ? jsonList(raw, 'DeploymentSetIds') : raw.split(',').map((s) => s.trim());
}

const describeDeploymentSets: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = idList(params.DeploymentSetIds);
  if (ids && ids.length > 100)
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "DeploymentSetIds" is not valid.');
  const matches = [...deploymentSets(world).values()].filter(
    (d) => d.region === region && (!ids || ids.includes(d.id)) && (!params.DeploymentSetName || d.name === params.DeploymentSetName),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return {
    DeploymentSets: {
      DeploymentSet: p.page.map((d) => {
        const ids = members(world, d);
        return {
          DeploymentSetId: d.id,
          DeploymentSetName: d.name,
          DeploymentSetDescription: '',
          DeploymentStrategy: d.strategy,
          Domain: 'Default',
          Granularity: 'Host',
          GroupCount: 0,
          InstanceAmount: ids.length,
          InstanceIds: { InstanceId: ids },
          CreationTime: d.createdAt,
          Capacities: { Capacity: [] },
        };
      }),
    },
    RegionId: region,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

const deleteDeploymentSet: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const all = deploymentSets(world);
  const d = inRegion(all.get(required(params, 'DeploymentSetId')), region);
  // The API docs list no NotFound code for DeleteDeploymentSet; ECS answers unknown ids of
  // this family with 404 InvalidDeploymentSetId.NotFound (ModifyDeploymentSetAttribute errors).
  if (!d) throw new SandboxApiError(404, 'InvalidDeploymentSetId.NotFound', 'The specified DeploymentSetId does not exist.');
  if (members(world, d).length > 0)
    throw new SandboxApiError(403, 'DependencyViolation.NotEmpty', 'There are still instance(s) in the specified DeploymentSetId.');
  all.delete(d.id);
  return {};
};

export const deploymentSetActions: Readonly<Record<string, RpcHandler>> = {
  DescribeDeploymentSets: describeDeploymentSets,
  DeleteDeploymentSet: deleteDeploymentSet,
};

export function seedDeploymentSets(world: World, scenario: ScenarioRecord): void {
  const all = deploymentSets(world);
  for (const r of SectionReader.section(scenario, 'ecs').list('deploymentSets')) {
    const id = r.str('id');
    all.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      strategy: r.oneOf('strategy', ['Availability', 'AvailabilityGroup', 'LowLatency'], 'Availability'),
      instanceIds: r.strings('instanceIds'),
      createdAt: r.str('createdAt', world.nowIso()),
    });
  }
}
