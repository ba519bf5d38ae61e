/**
 * A hosted zone as a BIND zone file (RFC 1035 master file format), with every record
 * DescribeDomainRecords lists (Alidns API: DescribeDomainRecords, PageSize ≤ 500). Alibaba
 * Cloud's own record types (REDIRECT_URL, FORWARD_URL) and lines other than `default`
 * (split-horizon answers) have no BIND form: they are kept as comments with their values, so
 * nothing is lost from the file even where a zone file cannot express it.
 */
import { alidnsSdk } from '../../cloud/sdk.js';
import type { DescribeDomainRecordsResponseBodyDomainRecordsRecord } from '@alicloud/alidns20150109';
import { pageNumberPages } from '../../providers/pagination.js';
import { encodeSegment } from '../object-paths.js';
import type { TypeBackup } from './context.js';

const { DescribeDomainRecordsRequest } = alidnsSdk;

const PAGE_SIZE = 500;
const BIND_TYPES = new Set(['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'CAA']);

/** The fields of a DescribeDomainRecords record that a zone file needs. */
export type DnsRecord = Pick<
  DescribeDomainRecordsResponseBodyDomainRecordsRecord,
  'RR' | 'type' | 'value' | 'TTL' | 'priority' | 'recordId' | 'line' | 'status' | 'locked'
>;

function absolute(host: string): string {
  return host.endsWith('.') ? host : `${host}.`;
}

/** TXT data as quoted character-strings of at most 255 bytes each. */
function txt(value: string): string {
  const escaped = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const parts: string[] = [];
  for (let i = 0; i < value.length || i === 0; i += 255) parts.push(`"${escaped(value.slice(i, i + 255))}"`);
  return parts.join(' ');
}

function rdata(rec: DnsRecord): string {
  const value = rec.value ?? '';
  switch (rec.type) {
    case 'CNAME':
    case 'NS':
      return absolute(value);
    case 'MX':
      // Alidns keeps the MX preference in Priority (1-50), the host in Value.
      return `${rec.priority ?? 10} ${absolute(value)}`;
    case 'TXT':
      return txt(value);
    case 'SRV': {
      // Alidns SRV values read "priority weight port target".
      const [priority, weight, port, target] = value.split(/\s+/);
      return target ? `${priority} ${weight} ${port} ${absolute(target)}` : value;
    }
    default:
      return value;
  }
}

export function zoneFile(zone: string, records: readonly DnsRecord[], exportedAt: Date): string {
  const lines = [
    `; Zone ${zone}, exported from Alibaba Cloud DNS by aliyun-teardown backup on ${exportedAt.toISOString()}.`,
    '; Each record is followed by its Alidns RecordId, line and status.',
    `$ORIGIN ${absolute(zone)}`,
    '',
  ];
  const sorted = [...records].sort(
    (a, b) =>
      (a.RR ?? '').localeCompare(b.RR ?? '') || (a.type ?? '').localeCompare(b.type ?? '') || (a.value ?? '').localeCompare(b.value ?? ''),
  );
  for (const rec of sorted) {
    const meta = `RecordId=${rec.recordId ?? '?'} Line=${rec.line ?? 'default'} Status=${rec.status ?? 'ENABLE'}${rec.locked ? ' Locked' : ''}`;
    const owner = rec.RR ?? '@';
    const ttl = rec.TTL ?? 600;
    const line = `${owner}\t${ttl}\tIN\t${rec.type}\t${rdata(rec)}`;
    const expressible = BIND_TYPES.has(rec.type ?? '') && (rec.line ?? 'default') === 'default' && rec.status !== 'DISABLE';
    lines.push(expressible ? `${line}\t; ${meta}` : `; ${line}\t; ${meta} (no BIND equivalent: kept as a comment)`);
  }
  return `${lines.join('\n')}\n`;
}

export const dnsBackups: Readonly<Record<string, TypeBackup>> = {
  'dns.domain': {
    async capture(r, ctx) {
      const alidns = ctx.clients.alidns();
      const records: DnsRecord[] = [];
      const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
        const body = (await alidns.describeDomainRecords(new DescribeDomainRecordsRequest({ domainName: r.id, pageNumber, pageSize })))
          .body;
        const page = body?.domainRecords?.record ?? [];
        return { page, count: page.length, totalCount: body?.totalCount };
      });
      for await (const page of pages) records.push(...page);
      return { files: [await ctx.dir.writeFile(`dns/${encodeSegment(r.id)}.zone`, zoneFile(r.id, records, ctx.now))] };
    },
  },
  // A record's rr, type, value, TTL and line are its properties in the manifest; its zone's
  // file holds it too when the zone is destroyed with it.
  'dns.record': {},
};
