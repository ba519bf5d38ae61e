/**
 * Launch templates (API docs: ECS DescribeLaunchTemplates, DeleteLaunchTemplate). Deleting a
 * template deletes all its versions; instances created from it are not affected. A template
 * that does not exist answers 404 InvalidLaunchTemplate.NotFound, the code the ECS API
 * reference lists for launch templates (RunInstances error codes).
 */
import { SandboxApiError, pageByNumber, repeatList, required, type RpcHandler, type World } from '../../framework.js';
import { SectionReader, type ScenarioRecord } from '../scenario-section.js';
import { inRegion, wireTags, type Tag } from './state.js';

export interface LaunchTemplate {
  readonly id: string;
  readonly region: string;
  readonly name: string;
  readonly versions: number;
  readonly createdAt: string;
  readonly tags: Tag[];
}

export function launchTemplates(world: World): Map<string, LaunchTemplate> {
  return world.slice('ecs.launch-templates', () => new Map<string, LaunchTemplate>());
}

const notFound = (): SandboxApiError =>
  new SandboxApiError(404, 'InvalidLaunchTemplate.NotFound', 'The specified launch template does not exist.');

const describeLaunchTemplates: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const ids = repeatList(params, 'LaunchTemplateId');
  const names = repeatList(params, 'LaunchTemplateName');
  if (ids.length > 100 || names.length > 100)
    throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "LaunchTemplateId" is not valid.');
  const matches = [...launchTemplates(world).values()].filter(
    (t) => t.region === region && (ids.length === 0 || ids.includes(t.id)) && (names.length === 0 || names.includes(t.name)),
  );
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return {
    LaunchTemplateSets: {
      LaunchTemplateSet: p.page.map((t) => ({
        LaunchTemplateId: t.id,
        LaunchTemplateName: t.name,
        DefaultVersionNumber: 1,
        LatestVersionNumber: t.versions,
        CreateTime: t.createdAt,
        ModifiedTime: t.createdAt,
        CreatedBy: world.accountId,
        ResourceGroupId: '',
        Tags: wireTags(t.tags),
      })),
    },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

const deleteLaunchTemplate: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const all = launchTemplates(world);
  if (!params.LaunchTemplateId && !params.LaunchTemplateName)
    throw new SandboxApiError(
      400,
      'MissingParameter',
      'The input parameter "LaunchTemplateId" that is mandatory for processing this request is not supplied.',
    );
  const t = params.LaunchTemplateId
    ? inRegion(all.get(params.LaunchTemplateId), region)
    : [...all.values()].find((x) => x.region === region && x.name === params.LaunchTemplateName);
  if (!t) throw notFound();
  all.delete(t.id);
  return { LaunchTemplateId: t.id, LaunchTemplateVersionNumbers: { versionNumbers: Array.from({ length: t.versions }, (_, i) => i + 1) } };
};

export const launchTemplateActions: Readonly<Record<string, RpcHandler>> = {
  DescribeLaunchTemplates: describeLaunchTemplates,
  DeleteLaunchTemplate: deleteLaunchTemplate,
};

export function seedLaunchTemplates(world: World, scenario: ScenarioRecord): void {
  const all = launchTemplates(world);
  for (const r of SectionReader.section(scenario, 'ecs').list('launchTemplates')) {
    const id = r.str('id');
    all.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      versions: r.num('versions', 1),
      createdAt: r.str('createdAt', world.nowIso()),
      tags: r.tags(),
    });
  }
}
