import { alidnsSdk } from '../../cloud/sdk.js';
import { isGone } from '../../cloud/errors.js';
import { GLOBAL, addressOf, type Resource, type ResourceType } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { pageNumberPages } from '../pagination.js';
import { listDnsZones } from './domain.js';

const { DeleteDomainRecordRequest, DescribeDomainRecordInfoRequest, DescribeDomainRecordsRequest } = alidnsSdk;

const TYPE = 'dns.record';
/** DescribeDomainRecords: PageSize 1–500 (Alidns API docs). */
const RECORD_PAGE = 500;

function toResource(rec: {
  recordId?: string;
  domainName?: string;
  RR?: string;
  type?: string;
  value?: string;
  TTL?: number;
  line?: string;
  status?: string;
  locked?: boolean;
  createTimestamp?: number;
}): Resource {
  const rr = rec.RR ?? '';
  return {
    type: TYPE,
    region: GLOBAL,
    id: rec.recordId ?? '',
    name: `${rr === '@' ? '' : `${rr}.`}${rec.domainName ?? ''} ${rec.type ?? ''}`,
    createdAt: rec.createTimestamp ? new Date(rec.createTimestamp).toISOString() : undefined,
    properties: {
      domainName: rec.domainName ?? null,
      rr,
      recordType: rec.type ?? null,
      value: rec.value ?? null,
      ttl: rec.TTL ?? null,
      line: rec.line ?? null,
      status: rec.status ?? null,
      locked: rec.locked ?? false,
    },
  };
}

export const dnsRecord: ResourceType = {
  type: TYPE,
  service: 'dns',
  scope: 'global',
  tags: { none: true, keepInstead: 'keep records by id, or keep their zone (a kept zone keeps its records)' },
  description: 'Alidns DNS record: deleted before its zone',
  stepSummary: ['delete'],
  // DeleteDomainRecord is synchronous: DescribeDomainRecordInfo then answers
  // DomainRecordNotBelongToUser (Alidns API docs); records have no deleting state.
  deletedWhenAnswered: true,
  dependsOn: [],
  touchesTypes: ['dns.domain'],
  hints: {
    'RecordForbidden.DNSChange': 'the record or its zone is locked against changes: unlock it in the Alidns console, then run apply again',
    DomainRecordLocked: 'the record is locked: unlock it in the Alidns console, then run apply again',
  },

  async *list(ctx) {
    const dns = ctx.clients.alidns();
    // Each zone's records are listed on their own: several zones at once (the scan's call caps hold).
    const recordsOf = async (domainName: string): Promise<Resource[]> => {
      const pages = pageNumberPages(RECORD_PAGE, async (pageNumber, pageSize) => {
        const body = (await dns.describeDomainRecords(new DescribeDomainRecordsRequest({ domainName, pageNumber, pageSize }))).body;
        const page = body?.domainRecords?.record ?? [];
        return { page, count: page.length, totalCount: body?.totalCount };
      });
      const out: Resource[] = [];
      for await (const rec of eachItem(pages)) out.push(toResource({ ...rec, domainName: rec.domainName ?? domainName }));
      return out;
    };
    for await (const records of mapConcurrently(listDnsZones(dns), detailConcurrency(ctx), (zone) => recordsOf(zone.domainName ?? '')))
      yield* records;
  },

  // A record is part of its zone: a kept zone keeps its records.
  dependencies: (r) =>
    typeof r.properties.domainName === 'string'
      ? [{ address: addressOf('dns.domain', GLOBAL, r.properties.domainName), reason: 'zone this record belongs to', keptWith: true }]
      : [],

  steps: (r) => [
    {
      action: 'delete',
      description: `delete ${String(r.properties.recordType)} record ${String(r.properties.rr)} → ${String(r.properties.value)}`,
      // A locked record refuses every change with RecordForbidden.DNSChange until a person
      // unlocks it (DescribeDomainRecords `Locked`): visible now, so blocked now.
      ...(r.properties.locked === true
        ? { blocked: 'the record is locked (locked=true): unlock it in the Alidns console, then plan again' }
        : {}),
    },
  ],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.alidns().deleteDomainRecord(new DeleteDomainRecordRequest({ recordId: r.id }));
  },

  async read(r, ctx) {
    try {
      const body = (await ctx.clients.alidns().describeDomainRecordInfo(new DescribeDomainRecordInfoRequest({ recordId: r.id }))).body;
      return body?.recordId ? { ...toResource(body), createdAt: r.createdAt } : undefined;
    } catch (err) {
      // DomainRecordNotBelongToUser (terraform-provider-alicloud: alicloud/resource_alicloud_alidns_record.go).
      if (isGone(err)) return undefined;
      throw err;
    }
  },
};
