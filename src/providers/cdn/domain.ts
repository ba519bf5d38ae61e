import {
  DeleteCdnDomainRequest,
  DescribeUserDomainsRequest,
  type DescribeUserDomainsResponseBodyDomainsPageData,
} from '@alicloud/cdn20180510';
import { GLOBAL, type Resource, type ResourceType, type ScanContext } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { isoTime } from '../references.js';

const TYPE = 'cdn.domain';
/** DescribeUserDomains PageSize: 1–500 (API docs: CDN DescribeUserDomains). */
const PAGE_SIZE = 500;

function toResource(d: DescribeUserDomainsResponseBodyDomainsPageData): Resource {
  return {
    type: TYPE,
    tagsUnreadable: 'not read by this version (CDN ListTagResources)',
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

async function describeDomain(ctx: ScanContext, domainName: string): Promise<Resource | undefined> {
  // DomainName is a fuzzy match by default (DomainSearchType fuzzy_match): ask for the exact one.
  const res = await ctx.clients
    .cdn()
    .describeUserDomains(new DescribeUserDomainsRequest({ domainName, domainSearchType: 'full_match', pageSize: PAGE_SIZE }));
  const d = res.body?.domains?.pageData?.find((x) => x.domainName === domainName);
  return d && d.domainStatus !== 'deleting' ? toResource(d) : undefined;
}

export const cdnDomain: ResourceType = {
  type: TYPE,
  service: 'cdn',
  scope: 'global',
  tags: { source: 'not read by this version: each CDN domain counts as "tags unknown" (blocked under a keep rule on tags)' },
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
    for await (const page of pages) for (const d of page) if (d.domainName && d.domainStatus !== 'deleting') yield toResource(d);
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
};
