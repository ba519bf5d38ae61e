/**
 * Simple Log Service (Log Service, SLS) projects, through the official SDK
 * (@alicloud/sls20201230, API 2020-12-30). A project holds Logstores (the logs), machine
 * groups, dashboards, alerts and the rest of its configuration; deleting the project deletes
 * all of it: "After you delete a project, all logs stored in the project and the
 * configurations of the project are deleted and cannot be restored" (DeleteProject API docs,
 * https://www.alibabacloud.com/help/en/sls/developer-reference/api-sls-2020-12-30-deleteproject).
 * So the plan says how many Logstores go with each project.
 *
 * - ListProject (`GET /` at `<region>.log.aliyuncs.com`) lists the region's projects, `offset`
 *   from 0 and `size` at most 500 (official metadata, sls/ListProject), answering `count`,
 *   `total` and `projects[]` (model Project: projectName, region, description, createTime,
 *   resourceGroupId, status...). Projects carry no tags in that answer.
 * - Tags: ListTagResources (`GET /tags`, resourceType `project`, `resourceId` a JSON array of
 *   project names) answers one `tagResources[]` row per tag (resourceId, tagKey, tagValue), so a
 *   project the successful answer does not name has none; terraform-provider-alicloud reads a
 *   project's tags the same way (alicloud/service_alicloud_sls_v2.go DescribeListTagResources).
 *   The request has no paging parameter (metadata), so an answer with a `nextToken` cannot be
 *   followed: its projects are "tags unknown" rather than read in part. How many names one call
 *   takes is not documented: 20 a call here (UNCONFIRMED that more are accepted).
 * - ListLogStores (`GET /logstores` at the project's host, `size` at most 500) names the
 *   Logstores, for the plan; one created since the plan stops the deletion at apply time.
 * - GetProject re-reads one project; an unknown project is `ProjectNotExist` (404), which
 *   terraform-provider-alicloud also takes for "gone" (service_alicloud_sls_v2.go).
 * - DeleteProject (`DELETE /` at the project's host) is synchronous: it answers once the
 *   project is gone. Its `forceDelete` parameter is undocumented and not sent.
 */
import type { Project } from '@alicloud/sls20201230';
import { slsSdk } from '../../cloud/sdk.js';
import { CloudApiError } from '../../cloud/errors.js';
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { detailConcurrency, mapConcurrently } from '../concurrency.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime, listProperty } from '../references.js';
import { tagReadFailure, withTags, type TagRead } from '../tags.js';

const { DeleteProjectRequest, ListLogStoresRequest, ListProjectRequest, ListTagResourcesRequest } = slsSdk;

const TYPE = 'sls.project';
/** ListProject and ListLogStores `size`: at most 500 (official metadata). */
const PAGE_SIZE = 500;
/** Project names per ListTagResources call (the limit is undocumented; see the header). */
const TAG_BATCH = 20;

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** "2021-07-07 14:08:09" (Project struct docs; the region's local time is not stated: read as UTC). */
function projectTime(v: unknown): string | undefined {
  const t = text(v);
  if (!t) return undefined;
  return isoTime(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(t) ? `${t.replace(' ', 'T')}Z` : t);
}

async function logstoreNames(project: string, ctx: ScanContext): Promise<string[]> {
  const sls = ctx.clients.sls(ctx.region);
  const all: string[] = [];
  const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, size) => {
    const res = await sls.listLogStores(project, new ListLogStoresRequest({ offset: (pageNumber - 1) * size, size }));
    const names = res.body?.logstores ?? [];
    return { page: names, count: names.length, totalCount: res.body?.total };
  });
  for await (const page of pages) all.push(...page);
  return all;
}

/** The tags of `names` (projects of this region), 20 a call; a failed or unfollowable answer leaves its projects "tags unknown". */
async function readTags(ctx: ScanContext, names: readonly string[]): Promise<Map<string, TagRead>> {
  const sls = ctx.clients.sls(ctx.region);
  const out = new Map<string, TagRead>();
  for (let i = 0; i < names.length; i += TAG_BATCH) {
    const batch = names.slice(i, i + TAG_BATCH);
    try {
      const res = await sls.listTagResources(new ListTagResourcesRequest({ resourceType: 'project', resourceId: [...batch] }));
      if (text(res.body?.nextToken))
        throw new CloudApiError({
          service: 'sls',
          action: 'ListTagResources',
          code: 'UnfollowablePage',
          message: 'the answer has more pages (nextToken), which this API takes no parameter to follow',
          kind: 'permanent',
        });
      const tags = new Map<string, Record<string, string>>(batch.map((n) => [n, {}]));
      for (const t of res.body?.tagResources ?? []) {
        const project = text(t.resourceId);
        const key = text(t.tagKey);
        const found = project ? tags.get(project) : undefined;
        if (found && key) found[key] = t.tagValue ?? '';
      }
      for (const [n, t] of tags) out.set(n, { tags: t });
    } catch (err) {
      const failed = tagReadFailure(err);
      for (const n of batch) out.set(n, failed);
    }
  }
  return out;
}

function toResource(p: Project, region: string, logstores: readonly string[]): Resource {
  const name = text(p.projectName) ?? '';
  return {
    type: TYPE,
    region,
    id: name,
    name,
    createdAt: projectTime(p.createTime),
    properties: {
      description: text(p.description),
      status: text(p.status),
      resourceGroupId: text(p.resourceGroupId),
      // What goes with the project: a Logstore created after the plan makes it "changed since
      // the plan" at apply time (attachmentProperties), so no log is deleted unreviewed.
      logstores: [...logstores],
    },
  };
}

async function describeProject(name: string, ctx: ScanContext): Promise<Resource | undefined> {
  const sls = ctx.clients.sls(ctx.region);
  let project: Project | undefined;
  try {
    project = (await sls.getProject(name)).body;
  } catch (err) {
    if (err instanceof CloudApiError && err.kind === 'gone') return undefined;
    throw err;
  }
  if (!project) throw new Error(`sls:GetProject ${name}: the answer has no body`);
  const [logstores, tags] = await Promise.all([logstoreNames(name, ctx), readTags(ctx, [name])]);
  return withTags(toResource(project, ctx.region, logstores), tags.get(name) ?? { tags: {} });
}

export const slsProject: ResourceType = {
  type: TYPE,
  service: 'sls',
  scope: 'regional',
  resourceCenterTypes: ['ACS::SLS::Project'],
  // No billingProductCodes: a project is pay-by-usage, never a subscription, and deleting
  // projects does not unsubscribe a Log Service resource plan, so such a subscription stays
  // bss.subscription's to report (or refund).
  tags: { source: 'ListTagResources (20 projects per call)' },
  description: 'Log Service (SLS) projects, with their Logstores and the logs in them, machine groups, dashboards and alerts',
  stepSummary: ['delete'],
  dependsOn: [],
  attachmentProperties: ['logstores'],
  hints: {
    ProjectNotExist: 'the project is already gone',
    Unauthorized: 'the credentials may not call Log Service (RAM action log:DeleteProject, or log:* on the project)',
  },

  async *list(ctx) {
    const sls = ctx.clients.sls(ctx.region);
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, size) => {
      const res = await sls.listProject(new ListProjectRequest({ offset: (pageNumber - 1) * size, size }));
      const projects = (res.body?.projects ?? []).filter((p) => text(p.projectName));
      return { page: projects, count: res.body?.projects?.length ?? 0, totalCount: res.body?.total };
    });
    // Tags: one ListTagResources call per 20 projects of a page; Logstores: one listing per
    // project, several at once (the scan's call caps hold).
    const tagged = async function* () {
      for await (const page of pages) {
        const tags = await readTags(
          ctx,
          page.map((p) => text(p.projectName) ?? ''),
        );
        for (const p of page) yield { p, tags: tags.get(text(p.projectName) ?? '') ?? { tags: {} } };
      }
    };
    yield* mapConcurrently(tagged(), detailConcurrency(ctx), async ({ p, tags }) =>
      withTags(toResource(p, ctx.region, await logstoreNames(text(p.projectName) ?? '', ctx)), tags),
    );
  },

  dependencies: () => [],

  steps(r) {
    const count = listProperty(r, 'logstores').length;
    const what =
      count === 0
        ? 'with its configuration (it holds no Logstore)'
        : `with ${count === 1 ? 'its Logstore and its logs' : `its ${count} Logstores and their logs`}, and its configuration (cannot be restored)`;
    return [{ action: 'delete', description: `delete the project ${what}` }];
  },

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.sls(ctx.region).deleteProject(r.id, new DeleteProjectRequest({}));
  },

  read: (r, ctx) => describeProject(r.id, ctx),
};
