import { CloudApiError } from '../../cloud/errors.js';
import { addressOf, GLOBAL, type Resource, type ResourceType, type ScanContext, type Step } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { isWholeListing, readThroughListing } from '../batch-read.js';
import { stringProperty } from '../references.js';

const TYPE = 'cen.attachment';
/** DescribeCens and DescribeCenAttachedChildInstances PageSize: 1–50 (API docs). */
const PAGE_SIZE = 50;

/** One `ChildInstances.ChildInstance[]` entry of DescribeCenAttachedChildInstances (official model field names). */
interface ChildWire {
  readonly CenId?: unknown;
  readonly ChildInstanceId?: unknown;
  readonly ChildInstanceType?: unknown;
  readonly ChildInstanceRegionId?: unknown;
  readonly ChildInstanceOwnerId?: unknown;
  readonly Status?: unknown;
  readonly ChildInstanceAttachTime?: unknown;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Attachments are named `<cenId>:<childInstanceId>`: one network may be attached to several CEN instances. */
function toResource(c: ChildWire, region: string): Resource {
  const cenId = text(c.CenId) ?? '';
  const childId = text(c.ChildInstanceId) ?? '';
  return {
    type: TYPE,
    region,
    id: `${cenId}:${childId}`,
    name: `${childId} in ${cenId}`,
    createdAt: text(c.ChildInstanceAttachTime) ?? undefined,
    properties: {
      cenId,
      childInstanceId: childId,
      childInstanceType: text(c.ChildInstanceType),
      status: text(c.Status),
    },
  };
}

async function cenIds(ctx: ScanContext): Promise<string[]> {
  const ids: string[] = [];
  const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
    const body = await ctx.clients.generic('cbn', GLOBAL).call('DescribeCens', { PageNumber: pageNumber, PageSize: pageSize });
    const wrapper = body.Cens as { Cen?: unknown } | undefined;
    const page = Array.isArray(wrapper?.Cen) ? (wrapper.Cen as Array<{ CenId?: unknown }>) : [];
    return { page, count: page.length, totalCount: typeof body.TotalCount === 'number' ? body.TotalCount : undefined };
  });
  for await (const page of pages) for (const c of page) if (text(c.CenId)) ids.push(c.CenId as string);
  return ids;
}

async function* children(ctx: ScanContext, cenId: string) {
  yield* pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
    const body = await ctx.clients.generic('cbn', GLOBAL).call('DescribeCenAttachedChildInstances', {
      CenId: cenId,
      ChildInstanceRegionId: ctx.region,
      PageNumber: pageNumber,
      PageSize: pageSize,
    });
    const wrapper = body.ChildInstances as { ChildInstance?: unknown } | undefined;
    const page = Array.isArray(wrapper?.ChildInstance) ? (wrapper.ChildInstance as ChildWire[]) : [];
    return { page, count: page.length, totalCount: typeof body.TotalCount === 'number' ? body.TotalCount : undefined };
  });
}

async function readAttachment(r: Resource, ctx: ScanContext): Promise<Resource | undefined> {
  const cenId = stringProperty(r, 'cenId');
  if (!cenId) return undefined;
  try {
    for await (const page of children(ctx, cenId))
      for (const c of page)
        if (c.ChildInstanceId === r.properties.childInstanceId && c.Status !== 'Detaching')
          return toResource({ CenId: cenId, ...c }, ctx.region);
  } catch (err) {
    // The CEN instance itself is gone: so is the attachment.
    if (cenGone(err)) return undefined;
    throw err;
  }
  return undefined;
}

/** The answer of a CEN instance that no longer exists. */
function cenGone(err: unknown): boolean {
  return err instanceof CloudApiError && (err.kind === 'gone' || err.code === 'ParameterCenInstanceId');
}

/** The first page of a CEN instance's attachments in the region, and whether it is all of them. */
async function firstChildrenPage(ctx: ScanContext, cenId: string): Promise<{ page: ChildWire[]; complete: boolean }> {
  const body = await ctx.clients.generic('cbn', GLOBAL).call('DescribeCenAttachedChildInstances', {
    CenId: cenId,
    ChildInstanceRegionId: ctx.region,
    PageNumber: 1,
    PageSize: PAGE_SIZE,
  });
  const wrapper = body.ChildInstances as { ChildInstance?: unknown } | undefined;
  const page = Array.isArray(wrapper?.ChildInstance) ? (wrapper.ChildInstance as ChildWire[]) : [];
  return { page, complete: isWholeListing(page.length, PAGE_SIZE, typeof body.TotalCount === 'number' ? body.TotalCount : undefined) };
}

/** Detaching an unknown attachment answers Bid.NotFound or ParameterInstanceId (terraform-provider-alicloud resource_alicloud_cen_instance_attachment.go treats both as detached). */
const DETACHED = new Set(['Bid.NotFound', 'ParameterInstanceId']);

export const cenAttachment: ResourceType = {
  type: TYPE,
  service: 'cen',
  scope: 'regional',
  tags: { none: true, keepInstead: 'keep attachments by id, or keep the CEN instance or the VPC' },
  description: 'networks attached to CEN instances (VPCs are detached, which changes them; VBRs and CCNs must be detached by hand)',
  stepSummary: ['detach'],
  dependsOn: [],
  touchesTypes: ['vpc.vpc'],
  hints: {
    'Operation.Blocking': 'another operation on the CEN instance is in progress; it is retried',
    'InvalidOperation.CenInstanceStatus': 'the CEN instance is changing state; it is retried',
    'InvalidOperation.ChildInstanceStatus': 'the attached network is changing state; it is retried',
    'IncorrectStatus.VpcRouteTable': 'the VPC route table is changing; it is retried',
  },

  async *list(ctx) {
    for (const cenId of await cenIds(ctx))
      for await (const page of children(ctx, cenId))
        for (const c of page)
          if (text(c.ChildInstanceId) && text(c.ChildInstanceRegionId) === ctx.region) yield toResource({ CenId: cenId, ...c }, ctx.region);
  },

  // Detaching changes the VPC (its routes learnt from CEN go): a kept VPC blocks the detach.
  dependencies(r, inventory) {
    if (r.properties.childInstanceType !== 'VPC') return [];
    const address = addressOf('vpc.vpc', r.region, stringProperty(r, 'childInstanceId') ?? '');
    return inventory.get(address) ? [{ address, reason: 'VPC attached to the CEN instance (detached)', touches: true }] : [];
  },

  steps(r) {
    const kind = stringProperty(r, 'childInstanceType') ?? 'network';
    const child = stringProperty(r, 'childInstanceId') ?? '?';
    const cen = stringProperty(r, 'cenId') ?? '?';
    if (kind !== 'VPC')
      return [
        {
          action: 'detach',
          description: `${kind} ${child} attached to ${cen}`,
          blocked: `${kind} ${child} is not a resource this tool covers: detach it from ${cen} in the CEN console, then run again`,
        },
      ] satisfies Step[];
    return [{ action: 'detach', description: `detach VPC ${child} from CEN instance ${cen}` }];
  },

  async run(step, r, ctx) {
    if (step.action !== 'detach') throw new Error(`${TYPE}: unknown step ${step.action}`);
    try {
      // Asynchronous: the attachment reads Detaching until it disappears (API docs: DetachCenChildInstance).
      await ctx.clients.generic('cbn', GLOBAL).call('DetachCenChildInstance', {
        CenId: stringProperty(r, 'cenId'),
        ChildInstanceId: stringProperty(r, 'childInstanceId'),
        ChildInstanceType: stringProperty(r, 'childInstanceType'),
        ChildInstanceRegionId: r.region,
      });
    } catch (err) {
      if (err instanceof CloudApiError && DETACHED.has(err.code)) return;
      throw err;
    }
  },

  read: (r, ctx) => readAttachment(r, ctx),

  // One page of a CEN instance's attachments in the region (PageSize 1–50, with TotalCount)
  // re-reads all of them asked for: the API lists by CenId, one instance a call (API docs:
  // DescribeCenAttachedChildInstances).
  async readMany(rs, ctx) {
    const byCen = new Map<string, Resource[]>();
    for (const r of rs) {
      const cenId = stringProperty(r, 'cenId') ?? '';
      byCen.set(cenId, [...(byCen.get(cenId) ?? []), r]);
    }
    const out = new Map<string, Resource>();
    for (const [cenId, group] of byCen) {
      const found = await readThroughListing(
        TYPE,
        group,
        async () => {
          if (!cenId) return { found: [], complete: true };
          try {
            const { page, complete } = await firstChildrenPage(ctx, cenId);
            return {
              found: page
                .filter((c) => text(c.ChildInstanceId) && c.Status !== 'Detaching')
                .map((c) => toResource({ CenId: cenId, ...c }, ctx.region)),
              complete,
            };
          } catch (err) {
            // The CEN instance itself is gone: so are its attachments.
            if (cenGone(err)) return { found: [], complete: true };
            throw err;
          }
        },
        (r) => readAttachment(r, ctx),
      );
      for (const [address, r] of found) out.set(address, r);
    }
    return out;
  },
};
