import { alidnsSdk } from '../../cloud/sdk.js';
import type { DescribeDomainsResponseBodyDomainsDomain } from '@alicloud/alidns20150109';
import type { AlidnsClient } from '../../cloud/clients.js';
import { isGone } from '../../cloud/errors.js';
import { GLOBAL, addressOf, type Resource, type ResourceType } from '../contract.js';
import { pageNumberPages } from '../pagination.js';

const { DeleteDomainRequest, DescribeDomainsRequest } = alidnsSdk;

const TYPE = 'dns.domain';
/** DescribeDomains: PageSize 1–100 (Alidns API docs). */
const DOMAIN_PAGE = 100;

export async function* listDnsZones(dns: AlidnsClient): AsyncGenerator<DescribeDomainsResponseBodyDomainsDomain> {
  const pages = pageNumberPages(DOMAIN_PAGE, async (pageNumber, pageSize) => {
    const body = (await dns.describeDomains(new DescribeDomainsRequest({ pageNumber, pageSize }))).body;
    const page = body?.domains?.domain ?? [];
    return { page, count: page.length, totalCount: body?.totalCount };
  });
  for await (const page of pages) yield* page;
}

function toResource(d: {
  domainName?: string;
  domainId?: string;
  createTimestamp?: number;
  recordCount?: number;
  instanceId?: string;
  versionCode?: string;
  instanceEndTime?: string;
  remark?: string;
  tags?: { tag?: Array<{ key?: string; value?: string }> };
}): Resource {
  // DescribeDomains carries each zone's tags (Alidns API docs: DescribeDomains, Domains.Domain[].Tags.Tag[]
  // of Key/Value; the SDK model DescribeDomainsResponseBodyDomainsDomainTags).
  const tags = Object.fromEntries((d.tags?.tag ?? []).filter((t) => t.key).map((t) => [t.key ?? '', t.value ?? '']));
  return {
    type: TYPE,
    region: GLOBAL,
    id: d.domainName ?? '',
    name: d.domainName,
    createdAt: d.createTimestamp ? new Date(d.createTimestamp).toISOString() : undefined,
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      domainId: d.domainId ?? null,
      recordCount: d.recordCount ?? null,
      instanceId: d.instanceId || null,
      versionCode: d.versionCode ?? null,
      instanceEndTime: d.instanceEndTime || null,
      remark: d.remark ?? null,
    },
  };
}

/**
 * A DNS zone hosted in Alidns. Its records are separate resources and the zone goes after
 * them, although DeleteDomain would take them along: that way a kept record (a keep rule on an
 * MX record, say) protects its zone instead of vanishing with it, and the plan shows every
 * record that will stop resolving.
 */
export const dnsDomain: ResourceType = {
  type: TYPE,
  service: 'dns',
  scope: 'global',
  resourceCenterTypes: ['ACS::Alidns::Domain', 'ACS::DNS::Domain'],
  tags: { source: "DescribeDomains (each domain's Tags)" },
  description: 'Alidns DNS zone (hosting only; the registration is domain.registration): deleted after its records',
  stepSummary: ['delete'],
  // DeleteDomain removes the zone with its records at once: DescribeDomainInfo then answers
  // InvalidDomainName.NoExist (Alidns API docs); zones have no deleting state.
  deletedWhenAnswered: true,
  dependsOn: ['dns.record'],
  hints: {
    LastOperationNotFinished: 'an earlier change to this zone is still being applied: run apply again in a minute',
  },

  async *list(ctx) {
    for await (const d of listDnsZones(ctx.clients.alidns())) yield toResource(d);
  },

  dependencies(r, inventory) {
    return inventory
      .byType('dns.record')
      .filter((rec) => rec.properties.domainName === r.id)
      .map((rec) => ({ address: addressOf(rec.type, rec.region, rec.id), reason: 'record in this zone' }));
  },

  steps: () => [{ action: 'delete', description: 'delete the DNS zone from Alidns (the domain registration is not affected)' }],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.alidns().deleteDomain(new DeleteDomainRequest({ domainName: r.id }));
  },

  /**
   * DescribeDomainInfo returns no tags, so the zone is re-read with DescribeDomains searching its
   * exact name (Alidns API docs: DescribeDomains — KeyWord, SearchMode EXACT; each Domain carries
   * Tags.Tag[] of Key/Value): a keep tag added since the plan is seen.
   */
  async read(r, ctx) {
    try {
      const body = (
        await ctx.clients
          .alidns()
          .describeDomains(new DescribeDomainsRequest({ keyWord: r.id, searchMode: 'EXACT', pageNumber: 1, pageSize: DOMAIN_PAGE }))
      ).body;
      const found = (body?.domains?.domain ?? []).find((d) => d.domainName === r.id);
      return found ? toResource(found) : undefined;
    } catch (err) {
      // InvalidDomainName.NoExist (terraform-provider-alicloud: alicloud/resource_alicloud_alidns_domain.go).
      if (isGone(err)) return undefined;
      throw err;
    }
  },
};
