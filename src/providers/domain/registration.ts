import type { GenericRpcClient } from '../../cloud/clients.js';
import { GLOBAL, type Resource, type ResourceType, type ScanContext } from '../contract.js';
import { pageNumberPages } from '../pagination.js';

const TYPE = 'domain.registration';
/** QueryDomainList requires PageNum and PageSize; no maximum is documented, 100 is what the console uses (UNCONFIRMED). */
const PAGE = 100;

/** The fields of QueryDomainList's `Data.Domain[]` used here (Domain 2018-01-29; no npm SDK, so typed locally). */
interface RegisteredDomain {
  readonly DomainName: string;
  readonly InstanceId?: string;
  readonly ExpirationDate?: string;
  /** Milliseconds since the epoch. */
  readonly ExpirationDateLong?: number;
  readonly RegistrationDate?: string;
  readonly RegistrationDateLong?: number;
  readonly DomainStatus?: string;
  readonly ExpirationDateStatus?: string;
  readonly DomainType?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function parsePage(body: Record<string, unknown>): { domains: RegisteredDomain[]; total?: number } {
  const data = body.Data as { Domain?: unknown } | undefined;
  const rows = Array.isArray(data?.Domain) ? (data.Domain as unknown[]) : [];
  const domains: RegisteredDomain[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const d = row as Record<string, unknown>;
    const name = str(d.DomainName);
    if (!name) continue;
    domains.push({
      DomainName: name,
      InstanceId: str(d.InstanceId),
      ExpirationDate: str(d.ExpirationDate),
      ExpirationDateLong: num(d.ExpirationDateLong),
      RegistrationDate: str(d.RegistrationDate),
      RegistrationDateLong: num(d.RegistrationDateLong),
      DomainStatus: str(d.DomainStatus),
      ExpirationDateStatus: str(d.ExpirationDateStatus),
      DomainType: str(d.DomainType),
    });
  }
  return { domains, total: num(body.TotalItemNum) };
}

function client(ctx: ScanContext): GenericRpcClient {
  return ctx.clients.generic('domain', ctx.region);
}

async function* queryDomains(api: GenericRpcClient, domainName?: string): AsyncGenerator<RegisteredDomain> {
  const pages = pageNumberPages(PAGE, async (pageNum, pageSize) => {
    const { domains, total } = parsePage(
      await api.call('QueryDomainList', { PageNum: pageNum, PageSize: pageSize, DomainName: domainName }),
    );
    return { page: domains, count: domains.length, totalCount: total };
  });
  for await (const page of pages) yield* page;
}

function toResource(d: RegisteredDomain): Resource {
  const expires = d.ExpirationDateLong !== undefined ? new Date(d.ExpirationDateLong).toISOString() : d.ExpirationDate;
  return {
    type: TYPE,
    region: GLOBAL,
    id: d.DomainName,
    name: d.DomainName,
    createdAt: d.RegistrationDateLong !== undefined ? new Date(d.RegistrationDateLong).toISOString() : undefined,
    properties: {
      instanceId: d.InstanceId ?? null,
      expirationDate: expires ?? null,
      domainStatus: d.DomainStatus ?? null,
      expirationDateStatus: d.ExpirationDateStatus ?? null,
      domainType: d.DomainType ?? null,
    },
  };
}

/**
 * Registered domains cannot be deleted by API (a deletion API exists for allow-listed
 * resellers only), so they are reported: the account cannot be closed while one is held.
 */
export const domainRegistration: ResourceType = {
  type: TYPE,
  service: 'domain',
  scope: 'global',
  resourceCenterTypes: ['ACS::Domain::Domain'],
  billingProductCodes: ['domain'],
  tags: { none: true, keepInstead: 'registrations are report-only and never deleted' },
  description: 'Registered domain name: report only (transfer it out, or let it expire)',
  // Always blocked (reportOnly): the step is stated so the plan says what a person must do.
  stepSummary: ['release'],
  dependsOn: [],
  reportOnly: true,

  async *list(ctx) {
    for await (const d of queryDomains(client(ctx))) yield toResource(d);
  },

  dependencies: () => [],

  steps(r) {
    const expires = typeof r.properties.expirationDate === 'string' ? r.properties.expirationDate.slice(0, 10) : 'its expiry date';
    return [
      {
        action: 'release',
        description: `give up the registration of ${r.id}`,
        blocked: `a registered domain cannot be deleted by API: transfer it to another registrar or account with a transfer code, or let it expire on ${expires}`,
      },
    ];
  },

  run(step) {
    return Promise.reject(new Error(`${TYPE} is report-only; step ${step.action} cannot run`));
  },

  async read(r, ctx) {
    for await (const d of queryDomains(client(ctx), r.id)) if (d.DomainName === r.id) return toResource(d);
    return undefined;
  },
};
