/**
 * Alibaba Cloud CDN (2018-05-10), global: DescribeUserDomains, DescribeTagResources,
 * DeleteCdnDomain (API docs).
 * Responses follow the official SDK models (@alicloud/cdn20180510), which the conformance
 * tests check. Deletion is asynchronous (deleting, then gone); an unknown domain answers
 * InvalidDomain.NotFound (404).
 */
import { SandboxApiError, pageByNumber, repeatList, required, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { SectionReader } from './scenario-section.js';

const DELETE_MS = 60_000;

interface Domain {
  readonly name: string;
  status: 'online' | 'offline' | 'configuring' | 'deleting';
  readonly cdnType: 'web' | 'download' | 'video';
  readonly createdAt: string;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

function domains(world: World): Map<string, Domain> {
  return world.slice('cdn.domains', () => new Map<string, Domain>());
}

const actions: Record<string, RpcHandler> = {
  DescribeUserDomains({ params }, world) {
    const wanted = params.DomainName;
    const exact = params.DomainSearchType === 'full_match';
    const rows = [...domains(world).values()].filter(
      (d) =>
        (!wanted || (exact ? d.name === wanted : d.name.includes(wanted))) &&
        (!params.DomainStatus || d.status === params.DomainStatus) &&
        (!params.CdnType || d.cdnType === params.CdnType),
    );
    // PageSize: 1–500, default 20 (API docs).
    const p = pageByNumber(rows, params, { defaultSize: 20, maxSize: 500 });
    return {
      Domains: {
        PageData: p.page.map((d) => ({
          DomainName: d.name,
          DomainStatus: d.status,
          CdnType: d.cdnType,
          Cname: `${d.name}.w.kunlunsl.com`,
          Coverage: 'domestic',
          GmtCreated: d.createdAt,
          GmtModified: d.createdAt,
          Description: '',
          ResourceGroupId: '',
          SslProtocol: 'off',
          Sandbox: 'normal',
          Sources: { Source: [{ Content: '1.2.3.4', Type: 'ipaddr', Port: 80, Priority: '20', Weight: '10' }] },
        })),
      },
      PageNumber: p.pageNumber,
      PageSize: p.pageSize,
      TotalCount: p.totalCount,
    };
  },

  // ResourceId.N: 1–50 domains; ResourceType must be DOMAIN (API docs: DescribeTagResources).
  // Each named domain of the account with tags comes back as {ResourceId, Tag[{Key, Value}]}.
  DescribeTagResources({ params }, world) {
    if (required(params, 'ResourceType') !== 'DOMAIN')
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter ResourceType is not valid.');
    const ids = repeatList(params, 'ResourceId');
    if (ids.length === 0 || ids.length > 50)
      throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter ResourceId is not valid.');
    const all = domains(world);
    return {
      TagResources: ids
        .map((id) => all.get(id))
        .filter((d): d is Domain => d !== undefined && d.tags.length > 0)
        .map((d) => ({ ResourceId: d.name, Tag: d.tags.map((t) => ({ Key: t.key, Value: t.value })) })),
    };
  },

  DeleteCdnDomain({ params }, world) {
    const name = required(params, 'DomainName');
    const d = domains(world).get(name);
    if (!d) throw new SandboxApiError(404, 'InvalidDomain.NotFound', 'The domain provided does not belong to you.');
    if (d.status === 'deleting') return {};
    d.status = 'deleting';
    world.after(DELETE_MS, () => domains(world).delete(name));
    return {};
  },
};

export const cdnProduct: ProductModule = {
  product: 'cdn',
  version: '2018-05-10',
  actions,
  seed(world, scenario) {
    const all = domains(world);
    for (const r of SectionReader.section(scenario, 'cdn').list('domains')) {
      const name = r.str('name');
      all.set(name, {
        name,
        status: r.oneOf('status', ['online', 'offline', 'configuring'], 'online'),
        cdnType: r.oneOf('cdnType', ['web', 'download', 'video'], 'web'),
        createdAt: r.str('createdAt', world.nowIso()),
        tags: r.tags(),
      });
    }
  },
  dump: (world) => ({ domains: [...domains(world).values()] }),
};
