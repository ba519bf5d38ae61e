/**
 * Alibaba Cloud DNS (Alidns 2015-01-09), global; shapes per @alicloud/alidns20150109 models.
 * DeleteDomain removes the hosted zone with its records; registration is the Domain product's.
 */
import { SandboxApiError, required, pageByNumber, type ProductModule, type RpcCall, type World } from '../framework.js';
import {
  instant,
  isoSeconds,
  optionalText,
  recordList,
  sectionOf,
  text,
  textList,
  flag,
  SectionReader,
  type ScenarioRecord,
} from './scenario-section.js';

export interface DnsDomain {
  readonly domainId: string;
  readonly domainName: string;
  readonly createTime: number;
  readonly dnsServers: readonly string[];
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export interface DnsRecord {
  readonly recordId: string;
  readonly domainName: string;
  readonly rr: string;
  readonly type: string;
  readonly value: string;
  readonly ttl: number;
  readonly line: string;
  readonly status: 'ENABLE' | 'DISABLE';
  readonly locked: boolean;
  readonly createTime: number;
}

export class AlidnsState {
  readonly domains = new Map<string, DnsDomain>();
  readonly records = new Map<string, DnsRecord>();
  /** Record ids are numeric strings in Alidns (`"9999985"`). */
  nextRecordId = 1_000_000_000_000;
}

export function alidnsState(world: World): AlidnsState {
  return world.slice('alidns', () => new AlidnsState());
}

// The not-found codes terraform treats as gone (alicloud/resource_alicloud_alidns_domain.go,
// alicloud/resource_alicloud_alidns_record.go). The HTTP status is UNCONFIRMED; the Alidns API
// docs list both among 400 errors.
function domainNotFound(): SandboxApiError {
  return new SandboxApiError(400, 'InvalidDomainName.NoExist', 'The specified domain name does not exist. Refresh the page and try again.');
}
function recordNotFound(): SandboxApiError {
  return new SandboxApiError(400, 'DomainRecordNotBelongToUser', 'The DNS record does not belong to you.');
}

function recordsOf(world: World, domainName: string): DnsRecord[] {
  return [...alidnsState(world).records.values()].filter((r) => r.domainName === domainName);
}

function matchesKeyword(value: string, keyword: string | undefined, mode: string | undefined): boolean {
  if (keyword === undefined || keyword === '') return true;
  return mode === 'EXACT' ? value === keyword : value.toLowerCase().includes(keyword.toLowerCase());
}

const actions: Record<string, (call: RpcCall, world: World) => Record<string, unknown>> = {
  DescribeDomains({ params }, world) {
    const domains = [...alidnsState(world).domains.values()]
      .filter((d) => matchesKeyword(d.domainName, params.KeyWord, params.SearchMode))
      .sort((a, b) => a.createTime - b.createTime || a.domainName.localeCompare(b.domainName));
    const page = pageByNumber(domains, params, { defaultSize: 20, maxSize: 100 });
    return {
      Domains: {
        Domain: page.page.map((d) => ({
          DomainId: d.domainId,
          DomainName: d.domainName,
          PunyCode: d.domainName,
          AliDomain: true,
          CreateTime: isoSeconds(d.createTime),
          CreateTimestamp: d.createTime,
          RecordCount: recordsOf(world, d.domainName).length,
          DnsServers: { DnsServer: [...d.dnsServers] },
          VersionCode: 'mianfei',
          VersionName: 'Alibaba Cloud DNS',
          Starmark: false,
          ResourceGroupId: 'rg-default',
          // Alidns API docs, DescribeDomains: each Domain carries Tags.Tag[] of Key/Value.
          Tags: { Tag: d.tags.map((t) => ({ Key: t.key, Value: t.value })) },
        })),
      },
      TotalCount: page.totalCount,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
    };
  },

  DescribeDomainRecords({ params }, world) {
    const domainName = required(params, 'DomainName');
    if (!alidnsState(world).domains.has(domainName)) throw domainNotFound();
    const records = recordsOf(world, domainName)
      .filter((r) => !params.Type || r.type === params.Type)
      .filter((r) => !params.Status || r.status === params.Status)
      .filter((r) => !params.Line || r.line === params.Line)
      .filter((r) => matchesKeyword(r.rr, params.RRKeyWord, params.SearchMode))
      .filter((r) => matchesKeyword(r.type, params.TypeKeyWord, 'EXACT'))
      .filter((r) => matchesKeyword(r.value, params.ValueKeyWord, params.SearchMode))
      .filter((r) => !params.KeyWord || r.rr.includes(params.KeyWord) || r.value.includes(params.KeyWord))
      .sort((a, b) => a.rr.localeCompare(b.rr) || a.recordId.localeCompare(b.recordId));
    const page = pageByNumber(records, params, { defaultSize: 20, maxSize: 500 });
    return {
      DomainRecords: {
        Record: page.page.map((r) => ({
          RecordId: r.recordId,
          DomainName: r.domainName,
          RR: r.rr,
          Type: r.type,
          Value: r.value,
          TTL: r.ttl,
          Line: r.line,
          Status: r.status,
          Locked: r.locked,
          Weight: 1,
          CreateTimestamp: r.createTime,
          UpdateTimestamp: r.createTime,
        })),
      },
      TotalCount: page.totalCount,
      PageNumber: page.pageNumber,
      PageSize: page.pageSize,
    };
  },

  DescribeDomainInfo({ params }, world) {
    const d = alidnsState(world).domains.get(required(params, 'DomainName'));
    if (!d) throw domainNotFound();
    return {
      DomainId: d.domainId,
      DomainName: d.domainName,
      PunyCode: d.domainName,
      AliDomain: true,
      CreateTime: isoSeconds(d.createTime),
      DnsServers: { DnsServer: [...d.dnsServers] },
      VersionCode: 'mianfei',
      VersionName: 'Alibaba Cloud DNS',
      ResourceGroupId: 'rg-default',
      MinTtl: 600,
      SlaveDns: false,
    };
  },

  DescribeDomainRecordInfo({ params }, world) {
    const r = alidnsState(world).records.get(required(params, 'RecordId'));
    if (!r) throw recordNotFound();
    const domain = alidnsState(world).domains.get(r.domainName);
    return {
      RecordId: r.recordId,
      DomainId: domain?.domainId,
      DomainName: r.domainName,
      PunyCode: r.domainName,
      RR: r.rr,
      Type: r.type,
      Value: r.value,
      TTL: r.ttl,
      Line: r.line,
      Status: r.status,
      Locked: r.locked,
    };
  },

  DeleteDomainRecord({ params }, world) {
    const recordId = required(params, 'RecordId');
    const state = alidnsState(world);
    const record = state.records.get(recordId);
    if (!record) throw recordNotFound();
    if (record.locked)
      // A locked record cannot be changed (terraform retries it: alicloud/resource_alicloud_alidns_record.go).
      throw new SandboxApiError(400, 'RecordForbidden.DNSChange', 'The DNS record is locked and cannot be changed.');
    state.records.delete(recordId);
    return { RecordId: recordId };
  },

  DeleteDomain({ params }, world) {
    const domainName = required(params, 'DomainName');
    const state = alidnsState(world);
    if (!state.domains.has(domainName)) throw domainNotFound();
    for (const r of recordsOf(world, domainName)) state.records.delete(r.recordId);
    state.domains.delete(domainName);
    world.emit('alidns.domain.deleted', { domainName });
    return { DomainName: domainName };
  },
};

function readDomain(r: ScenarioRecord, at: string, world: World, state: AlidnsState): DnsDomain {
  const domainName = text(r, 'name', at);
  const createTime = instant(r, 'createdAt', at, world.now());
  for (const rec of recordList(r, 'records', at, (x, xat) => ({
    recordId: optionalText(x, 'id', xat, String(state.nextRecordId++)),
    domainName,
    rr: text(x, 'rr', xat),
    type: text(x, 'type', xat),
    value: text(x, 'value', xat),
    ttl: 600,
    line: 'default',
    status: flag(x, 'enabled', xat, true) ? ('ENABLE' as const) : ('DISABLE' as const),
    locked: flag(x, 'locked', xat, false),
    createTime,
  })))
    state.records.set(rec.recordId, rec);
  const servers = textList(r, 'dnsServers', at);
  return {
    domainId: optionalText(r, 'id', at, world.nextId('dns').slice(4, 36)),
    domainName,
    createTime,
    dnsServers: servers.length > 0 ? servers : ['dns1.hichina.com', 'dns2.hichina.com'],
    tags: new SectionReader(r, at).tags(),
  };
}

export const alidnsProduct: ProductModule = {
  product: 'alidns',
  version: '2015-01-09',
  actions,
  seed(world, scenario) {
    const state = alidnsState(world);
    for (const d of recordList(sectionOf(scenario, 'alidns'), 'domains', 'alidns', (r, at) => readDomain(r, at, world, state)))
      state.domains.set(d.domainName, d);
  },
  dump(world) {
    const s = alidnsState(world);
    return { domains: [...s.domains.values()], records: [...s.records.values()] };
  },
};
