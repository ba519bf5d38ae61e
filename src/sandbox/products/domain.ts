/**
 * Domain registration (Domain 2018-01-29), global, report-only: there is no public delete
 * API, so the sandbox only lists. No npm SDK: shapes follow the QueryDomainList API docs
 * (`Data.Domain[]`, TotalItemNum, CurrentPageNum, PageSize, TotalPageNum, NextPage, PrePage).
 */
import { int, required, type ProductModule, type RpcCall, type World } from '../framework.js';
import { ScenarioFieldError, instant, optionalText, recordList, sectionOf, text, type ScenarioRecord } from './scenario-section.js';

export interface RegisteredDomain {
  readonly domainName: string;
  readonly instanceId: string;
  readonly registrationDate: number;
  readonly expirationDate: number;
  readonly domainType: string;
}

export class DomainState {
  readonly domains = new Map<string, RegisteredDomain>();
}

export function domainState(world: World): DomainState {
  return world.slice('domain', () => new DomainState());
}

const DAY_MS = 86_400_000;
/** The API's page size ceiling is not documented; 1000 keeps a typo'd huge page visible. */
const MAX_PAGE_SIZE = 1000;

/** "2027-05-01 00:00:00", the format QueryDomainList returns (China Standard Time). */
function registryDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
}

const actions: Record<string, (call: RpcCall, world: World) => Record<string, unknown>> = {
  QueryDomainList({ params }, world) {
    // Both are required by the API (metadata: PageNum, PageSize required).
    required(params, 'PageNum');
    required(params, 'PageSize');
    const pageNum = int(params.PageNum, 1, 'PageNum');
    const pageSize = int(params.PageSize, 20, 'PageSize', 1, MAX_PAGE_SIZE);
    const now = world.now();
    const domains = [...domainState(world).domains.values()]
      .filter((d) => !params.DomainName || d.domainName.includes(params.DomainName))
      .sort((a, b) => a.registrationDate - b.registrationDate || a.domainName.localeCompare(b.domainName));
    const totalPages = Math.max(1, Math.ceil(domains.length / pageSize));
    const page = domains.slice((pageNum - 1) * pageSize, pageNum * pageSize);
    return {
      TotalItemNum: domains.length,
      CurrentPageNum: pageNum,
      PageSize: pageSize,
      TotalPageNum: totalPages,
      PrePage: pageNum > 1,
      NextPage: pageNum < totalPages,
      Data: {
        Domain: page.map((d) => {
          const daysLeft = Math.floor((d.expirationDate - now) / DAY_MS);
          return {
            DomainName: d.domainName,
            InstanceId: d.instanceId,
            DomainType: d.domainType,
            RegistrationDate: registryDate(d.registrationDate),
            RegistrationDateLong: d.registrationDate,
            ExpirationDate: registryDate(d.expirationDate),
            ExpirationDateLong: d.expirationDate,
            ExpirationCurrDateDiff: daysLeft,
            // 1: not expired, 2: expired (API docs ExpirationDateStatus).
            ExpirationDateStatus: daysLeft >= 0 ? '1' : '2',
            // 1: urgent renewal, 2: urgent redemption, 3: normal (API docs DomainStatus).
            DomainStatus: daysLeft >= 0 ? '3' : '1',
            DomainAuditStatus: 'SUCCEED',
            ProductId: '2',
            Premium: false,
            Remark: '',
          };
        }),
      },
    };
  },
};

function readDomain(r: ScenarioRecord, at: string, world: World): RegisteredDomain {
  const domainName = text(r, 'name', at);
  if (r.expiresAt === undefined) throw new ScenarioFieldError(`${at}.expiresAt`, 'is required');
  const expirationDate = instant(r, 'expiresAt', at, 0);
  return {
    domainName,
    instanceId: optionalText(r, 'instanceId', at, `S${world.nextId('domain', 16).slice(7).toUpperCase()}`),
    registrationDate: instant(r, 'registeredAt', at, expirationDate - 365 * DAY_MS),
    expirationDate,
    domainType: optionalText(r, 'domainType', at, domainName.endsWith('.cn') ? 'ccTLD' : 'gTLD'),
  };
}

export const domainProduct: ProductModule = {
  product: 'domain',
  version: '2018-01-29',
  actions,
  seed(world, scenario) {
    const state = domainState(world);
    for (const d of recordList(sectionOf(scenario, 'domain'), 'domains', 'domain', (r, at) => readDomain(r, at, world)))
      state.domains.set(d.domainName, d);
  },
  dump(world) {
    return { domains: [...domainState(world).domains.values()] };
  },
};
