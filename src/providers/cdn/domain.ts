import { cdnSdk } from '../../cloud/sdk.js';
import type { DescribeUserDomainsResponseBodyDomainsPageData } from '@alicloud/cdn20180510';
import { GLOBAL, type Resource, type ResourceType, type ScanContext } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { isWholeListing, readThroughListing, type ListingPage } from '../batch-read.js';
import { isoTime } from '../references.js';
import { tagReadFailure, withTags, type TagRead } from '../tags.js';

const { DeleteCdnDomainRequest, DescribeTagResourcesRequest, DescribeUserDomainsRequest } = cdnSdk;

const TYPE = 'cdn.domain';
/** DescribeUserDomains PageSize: 1–500 (API docs: CDN DescribeUserDomains). */
const PAGE_SIZE = 500;
/** DescribeTagResources takes up to 50 ResourceIds per request (API docs: CDN DescribeTagResources). */
const TAG_BATCH = 50;

function toResource(d: DescribeUserDomainsResponseBodyDomainsPageData): Resource {
  return {
    type: TYPE,
    region: GLOBAL,
    id: d.domainName ?? '',
    name: d.domainName,
    createdAt: isoTime(d.gmtCreated),
    properties: {
      status: d.domainStatus ?? null,
      cdnType: d.cdnType ?? null,
      cname: d.cname ?? null,
      coverage: d.coverage ?? null,
    },
  };
}

/**
 * The tags of up to 50 domains in one DescribeTagResources call (ResourceType DOMAIN): the
 * answer's TagResources[] hold {ResourceId, Tag[{Key, Value}]} (API docs; official model
 * @alicloud/cdn20180510 DescribeTagResourcesResponseBody). A domain the successful answer does
 * not name has no tags. A failed call leaves every domain of the batch "tags unknown".
 */
async function readTags(ctx: ScanContext, domains: readonly Resource[]): Promise<Resource[]> {
  const out: Resource[] = [];
  for (let i = 0; i < domains.length; i += TAG_BATCH) {
    const batch = domains.slice(i, i + TAG_BATCH);
    let read: (d: Resource) => TagRead;
    try {
      const res = await ctx.clients
        .cdn()
        .describeTagResources(new DescribeTagResourcesRequest({ resourceType: 'DOMAIN', resourceId: batch.map((d) => d.id) }));
      const byDomain = new Map<string, Record<string, string>>();
      for (const tr of res.body?.tagResources ?? []) {
        const tags: Record<string, string> = {};
        for (const t of tr.tag ?? []) if (t.key) tags[t.key] = t.value ?? '';
        if (tr.resourceId) byDomain.set(tr.resourceId, tags);
      }
      read = (d) => ({ tags: byDomain.get(d.id) ?? {} });
    } catch (err) {
      const failed = tagReadFailure(err);
      read = () => failed;
    }
    for (const d of batch) out.push(withTags(d, read(d)));
  }
  return out;
}

async function describeDomain(ctx: ScanContext, domainName: string): Promise<Resource | undefined> {
  // DomainName is a fuzzy match by default (DomainSearchType fuzzy_match): ask for the exact one.
  const res = await ctx.clients
    .cdn()
    .describeUserDomains(new DescribeUserDomainsRequest({ domainName, domainSearchType: 'full_match', pageSize: PAGE_SIZE }));
  const d = res.body?.domains?.pageData?.find((x) => x.domainName === domainName);
  if (!d || d.domainStatus === 'deleting') return undefined;
  return (await readTags(ctx, [toResource(d)]))[0];
}

/**
 * Many domains are re-read from one page of the account's domains (PageSize up to 500, with
 * TotalCount), and the tags of those asked for 50 a call: DomainName names one domain.
 */
async function firstPage(ctx: ScanContext, asked: ReadonlySet<string>): Promise<ListingPage> {
  const res = await ctx.clients.cdn().describeUserDomains(new DescribeUserDomainsRequest({ pageNumber: 1, pageSize: PAGE_SIZE }));
  const page = res.body?.domains?.pageData ?? [];
  // A domain being deleted reads as gone, as in describeDomain.
  const wanted = page.filter((d) => d.domainName && asked.has(d.domainName) && d.domainStatus !== 'deleting').map(toResource);
  return { found: await readTags(ctx, wanted), complete: isWholeListing(page.length, PAGE_SIZE, res.body?.totalCount) };
}

export const cdnDomain: ResourceType = {
  type: TYPE,
  service: 'cdn',
  scope: 'global',
  tags: { source: 'DescribeTagResources (50 domains per call)' },
  // UNCONFIRMED Resource Center type name (not in the resource-group transfer list of types).
  resourceCenterTypes: ['ACS::CDN::Domain'],
  description: 'CDN accelerated domains (the site stops being served by CDN; the DNS CNAME record is left to dns.record)',
  stepSummary: ['delete'],
  dependsOn: [],
  hints: {
    'Abs.DomainStatusNotSupport': 'the domain is changing state (configuring, checking); it is retried',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients.cdn().describeUserDomains(new DescribeUserDomainsRequest({ pageNumber, pageSize }));
      const page = res.body?.domains?.pageData ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages)
      yield* await readTags(ctx, page.filter((d) => d.domainName && d.domainStatus !== 'deleting').map(toResource));
  },

  dependencies: () => [],

  steps: () => [{ action: 'delete', description: 'delete the accelerated domain and its CDN configuration' }],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    // Asynchronous: the domain reads deleting until it is gone; an unknown domain answers 404
    // (API docs: DeleteCdnDomain; terraform-provider-alicloud resource_alicloud_cdn_domain_new.go).
    await ctx.clients.cdn().deleteCdnDomain(new DeleteCdnDomainRequest({ domainName: r.id }));
  },

  read: (r, ctx) => describeDomain(ctx, r.id),

  readMany: (rs, ctx) =>
    readThroughListing(
      TYPE,
      rs,
      (asked) => firstPage(ctx, asked),
      (r) => describeDomain(ctx, r.id),
    ),
};
