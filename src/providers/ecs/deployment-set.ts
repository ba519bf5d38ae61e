import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeDeploymentSetsResponseBodyDeploymentSetsDeploymentSet } from '@alicloud/ecs20140526';
import { addressOf, type Resource, type ResourceType, type ScanContext } from '../contract.js';
import { byAddress, describeInChunks } from '../batch-read.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime, listProperty } from '../references.js';

const { DeleteDeploymentSetRequest, DescribeDeploymentSetsRequest } = ecsSdk;

const TYPE = 'ecs.deployment-set';
/** DescribeDeploymentSets PageSize: 1 to 50 (API docs: DescribeDeploymentSets). */
const PAGE_SIZE = 50;

function toResource(d: DescribeDeploymentSetsResponseBodyDeploymentSetsDeploymentSet, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: d.deploymentSetId ?? '',
    name: d.deploymentSetName || undefined,
    createdAt: isoTime(d.creationTime),
    properties: {
      strategy: d.deploymentStrategy ?? null,
      instanceAmount: d.instanceAmount ?? 0,
      instanceIds: d.instanceIds?.instanceId ?? [],
    },
  };
}

/**
 * DeploymentSetIds: a JSON array of "up to 100 deployment set IDs in each request" (metadata:
 * ecs/DescribeDeploymentSets); a page holds at most 50, so 50 ids a call fit one page.
 */
async function describeSets(ids: readonly string[], ctx: ScanContext): Promise<Map<string, Resource>> {
  return describeInChunks(ids, PAGE_SIZE, async (chunk) => {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeDeploymentSets(
        new DescribeDeploymentSetsRequest({ regionId: ctx.region, deploymentSetIds: JSON.stringify(chunk), pageSize: PAGE_SIZE }),
      );
    return (res.body?.deploymentSets?.deploymentSet ?? []).filter((d) => d.deploymentSetId).map((d) => toResource(d, ctx.region));
  });
}

export const ecsDeploymentSet: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  // Deployment sets carry no tags: CreateDeploymentSet takes no Tag and ECS ListTagResources /
  // TagResources do not list them among their ResourceType values (API metadata of both).
  tags: { none: true, keepInstead: 'keep deployment sets by name or id' },
  // UNCONFIRMED Resource Center type name (not in the resource-group transfer list of types).
  resourceCenterTypes: ['ACS::ECS::DeploymentSet'],
  description: 'ECS deployment sets (after the instances placed in them)',
  stepSummary: ['delete'],
  dependsOn: ['ecs.instance'],
  hints: {
    'DependencyViolation.NotEmpty': 'instances remain in the deployment set; it is retried while they are released',
    'DependencyViolation.ReferByHPC': 'an HPC cluster still refers to the deployment set: delete the HPC cluster in the ECS console',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeDeploymentSets(new DescribeDeploymentSetsRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.deploymentSets?.deploymentSet ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const d of page) if (d.deploymentSetId) yield toResource(d, ctx.region);
  },

  // DeleteDeploymentSet refuses with DependencyViolation.NotEmpty (403) while instances remain
  // (API docs: DeleteDeploymentSet). The set lists its members (DescribeDeploymentSets InstanceIds).
  dependencies: (r, inventory) =>
    listProperty(r, 'instanceIds')
      .map((id) => inventory.get(addressOf('ecs.instance', r.region, id)))
      .filter((i): i is Resource => i !== undefined)
      .map((i) => ({ address: addressOf(i.type, i.region, i.id), reason: 'instance in this deployment set' })),

  steps: () => [{ action: 'delete', description: 'delete the deployment set' }],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.ecs(ctx.region).deleteDeploymentSet(new DeleteDeploymentSetRequest({ regionId: ctx.region, deploymentSetId: r.id }));
  },

  read: async (r, ctx) => (await describeSets([r.id], ctx)).get(r.id),

  readMany: async (rs, ctx) =>
    byAddress(
      TYPE,
      rs,
      await describeSets(
        rs.map((r) => r.id),
        ctx,
      ),
    ),
};
