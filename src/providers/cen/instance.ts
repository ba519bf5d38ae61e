import { CloudApiError } from '../../cloud/errors.js';
import type { Resource, ResourceType, ScanContext, Step } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { dependenciesOn, isoTime, listProperty } from '../references.js';
import { GLOBAL } from '../contract.js';

const TYPE = 'cen.instance';
/** DescribeCens PageSize: 1–50 (API docs: CEN DescribeCens). */
const PAGE_SIZE = 50;

/**
 * One `Cens.Cen[]` entry of DescribeCens (CEN, product code cbn, 2017-09-12). No SDK package
 * is published on npm; field names follow the official model
 * (aliyun/alibabacloud-typescript-sdk cbn-20170912/src/models/DescribeCensResponseBody.ts).
 */
interface CenWire {
  readonly CenId?: unknown;
  readonly Name?: unknown;
  readonly Status?: unknown;
  readonly CreationTime?: unknown;
  readonly CenBandwidthPackageIds?: { readonly CenBandwidthPackageId?: unknown };
  readonly Tags?: { readonly Tag?: ReadonlyArray<{ readonly Key?: unknown; readonly Value?: unknown }> };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);

function toResource(c: CenWire): Resource {
  const tags: Record<string, string> = {};
  for (const t of c.Tags?.Tag ?? []) if (typeof t.Key === 'string') tags[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  return {
    type: TYPE,
    region: GLOBAL,
    id: text(c.CenId) ?? '',
    name: text(c.Name) ?? undefined,
    createdAt: isoTime(text(c.CreationTime) ?? undefined),
    tags: Object.keys(tags).length > 0 ? tags : undefined,
    properties: {
      status: text(c.Status),
      bandwidthPackageIds: texts(c.CenBandwidthPackageIds?.CenBandwidthPackageId),
    },
  };
}

async function* pages(ctx: ScanContext, cenId?: string) {
  yield* pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
    const filter = cenId ? { 'Filter.1.Key': 'CenId', 'Filter.1.Value.1': cenId } : {};
    const body = await ctx.clients.generic('cbn', GLOBAL).call('DescribeCens', { PageNumber: pageNumber, PageSize: pageSize, ...filter });
    const wrapper = body.Cens as { Cen?: unknown } | undefined;
    const page = Array.isArray(wrapper?.Cen) ? (wrapper.Cen as CenWire[]) : [];
    return { page, count: page.length, totalCount: typeof body.TotalCount === 'number' ? body.TotalCount : undefined };
  });
}

/** DeleteCen answers an unknown id with ParameterCenInstanceId (terraform-provider-alicloud resource_alicloud_cen_instance.go treats it as deleted). */
const CEN_GONE = new Set(['ParameterCenInstanceId', 'InvalidCen.NotFound']);

export const cenInstance: ResourceType = {
  type: TYPE,
  service: 'cen',
  scope: 'global',
  tags: { source: "DescribeCens (each CEN instance's Tags)" },
  resourceCenterTypes: ['ACS::CEN::CenInstance'],
  description: 'Cloud Enterprise Network (CEN) instances, after their attached networks',
  stepSummary: ['delete'],
  dependsOn: ['cen.attachment'],
  hints: {
    'Operation.Blocking': 'another operation on the CEN instance is in progress; it is retried',
    'InvalidOperation.CenInstanceStatus': 'the CEN instance is changing state or still has attached networks; it is retried',
    'OperationFailed.DeleteCenWithCustomRouteTable':
      'the CEN instance has transit routers with custom route tables (Enterprise Edition), which this tool does not cover: delete them in the CEN console',
    'OperationFailed.DeleteCenWithRouteEntry':
      'the CEN instance has transit router route entries (Enterprise Edition), which this tool does not cover: delete them in the CEN console',
  },

  async *list(ctx) {
    for await (const page of pages(ctx)) for (const c of page) if (text(c.CenId) && c.Status !== 'Deleting') yield toResource(c);
  },

  // "make sure that no network instances are attached to and no bandwidth plans are associated
  // with the CEN instance" (API docs: DeleteCen).
  dependencies: (r, inventory) => dependenciesOn(inventory, 'cen.attachment', 'cenId', r.id, 'network attached to this CEN instance'),

  steps(r) {
    const packages = listProperty(r, 'bandwidthPackageIds');
    const steps: Step[] = [];
    if (packages.length > 0)
      steps.push({
        action: 'delete',
        description: `CEN instance with bandwidth plans ${packages.join(', ')}`,
        blocked: `bandwidth plans ${packages.join(', ')} are associated: disassociate (and unsubscribe) them in the CEN console, then run again`,
      });
    else steps.push({ action: 'delete', description: 'delete the CEN instance' });
    return steps;
  },

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    try {
      // Asynchronous: the instance reads Deleting until it disappears (API docs: DeleteCen).
      await ctx.clients.generic('cbn', GLOBAL).call('DeleteCen', { CenId: r.id });
    } catch (err) {
      if (err instanceof CloudApiError && CEN_GONE.has(err.code)) return;
      throw err;
    }
  },

  async read(r, ctx) {
    for await (const page of pages(ctx, r.id)) for (const c of page) if (c.CenId === r.id && c.Status !== 'Deleting') return toResource(c);
    return undefined;
  },
};
