import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeLaunchTemplatesResponseBodyLaunchTemplateSetsLaunchTemplateSet } from '@alicloud/ecs20140526';
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime, tagsOf } from '../references.js';

const { DeleteLaunchTemplateRequest, DescribeLaunchTemplatesRequest } = ecsSdk;

const TYPE = 'ecs.launch-template';
/** DescribeLaunchTemplates PageSize: at most 50 (API docs: DescribeLaunchTemplates, "Maximum value: 50"). */
const PAGE_SIZE = 50;

function toResource(t: DescribeLaunchTemplatesResponseBodyLaunchTemplateSetsLaunchTemplateSet, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: t.launchTemplateId ?? '',
    name: t.launchTemplateName || undefined,
    createdAt: isoTime(t.createTime),
    tags: tagsOf(t.tags?.tag),
    properties: {
      latestVersion: t.latestVersionNumber ?? null,
      defaultVersion: t.defaultVersionNumber ?? null,
      createdBy: t.createdBy ?? null,
    },
  };
}

/**
 * LaunchTemplateId.N: "You can query up to 100 launch templates" (metadata:
 * ecs/DescribeLaunchTemplates); a page holds at most 50, so 50 ids a call fit one page.
 */
async function describeTemplates(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  return describeInChunks(ids, PAGE_SIZE, async (chunk) => {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeLaunchTemplates(
        new DescribeLaunchTemplatesRequest({ regionId: ctx.region, launchTemplateId: [...chunk], pageSize: PAGE_SIZE }),
      );
    return (res.body?.launchTemplateSets?.launchTemplateSet ?? []).filter((t) => t.launchTemplateId).map((t) => toResource(t, ctx.region));
  });
}

export const ecsLaunchTemplate: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  tags: { source: "DescribeLaunchTemplates (each template's Tags)" },
  resourceCenterTypes: ['ACS::ECS::LaunchTemplate'],
  description: 'ECS launch templates, with all their versions (instances created from them are not affected)',
  stepSummary: ['delete'],
  dependsOn: [],

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeLaunchTemplates(new DescribeLaunchTemplatesRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.launchTemplateSets?.launchTemplateSet ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const t of page) if (t.launchTemplateId) yield toResource(t, ctx.region);
  },

  // Nothing must go first: "After you delete a launch template, ECS instances created based on
  // the launch template are not affected" (API docs: DeleteLaunchTemplate).
  dependencies: () => [],

  steps: (r) => [
    {
      action: 'delete',
      description: `delete the launch template and all its versions${typeof r.properties.latestVersion === 'number' ? ` (${r.properties.latestVersion})` : ''}`,
    },
  ],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients
      .ecs(ctx.region)
      .deleteLaunchTemplate(new DeleteLaunchTemplateRequest({ regionId: ctx.region, launchTemplateId: r.id }));
  },

  read: async (r, ctx) => (await describeTemplates([r.id], ctx)).get(r.id),

  readMany: async (rs, ctx) =>
    byAddress(
      TYPE,
      rs,
      await describeTemplates(
        rs.map((r) => r.id),
        ctx,
      ),
    ),
};
