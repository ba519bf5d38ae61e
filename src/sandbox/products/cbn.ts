/**
 * Cloud Enterprise Network (CEN, product cbn, 2017-09-12), global: CEN instances and the
 * networks attached to them (Basic Edition child instances). DescribeCens,
 * DescribeCenAttachedChildInstances, DetachCenChildInstance, DeleteCen (API docs). No npm SDK:
 * fields follow the official model (aliyun/alibabacloud-typescript-sdk cbn-20170912).
 * DeleteCen refuses while networks are attached or bandwidth plans associated ("make sure
 * that no network instances are attached to and no bandwidth plans are associated"), answering
 * InvalidOperation.CenInstanceStatus (400), a code terraform-provider-alicloud retries on
 * DeleteCen (UNCONFIRMED which code the service picks). Unknown ids: ParameterCenInstanceId (400)
 * for DeleteCen, ParameterInstanceId (400) for a detach of a network that is not attached
 * (terraform-provider-alicloud resource_alicloud_cen_instance{,_attachment}.go treat both as gone).
 * A VPC attached to a CEN instance cannot be deleted (DependencyViolation in VPC).
 */
import { SandboxApiError, pageByNumber, repeatList, required, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { SectionReader } from './scenario-section.js';

const DELETE_MS = 10_000;

interface Child {
  readonly id: string;
  readonly type: 'VPC' | 'VBR' | 'CCN';
  readonly region: string;
  status: 'Attached' | 'Detaching';
  readonly attachedAt: string;
}

interface Cen {
  readonly id: string;
  readonly name: string;
  status: 'Active' | 'Deleting';
  readonly bandwidthPackageIds: readonly string[];
  children: Child[];
  readonly createdAt: string;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

function cens(world: World): Map<string, Cen> {
  return world.slice('cbn.cens', () => new Map<string, Cen>());
}

function cenOf(world: World, params: Readonly<Record<string, string>>, missing: string): Cen {
  const c = cens(world).get(required(params, 'CenId'));
  if (!c) throw new SandboxApiError(400, missing, 'The specified CEN instance does not exist.');
  return c;
}

const actions: Record<string, RpcHandler> = {
  DescribeCens({ params }, world) {
    // Filter.N.Key CenId | Name, Filter.N.Value.M (API docs: DescribeCens).
    const filters: Array<{ key: string; values: string[] }> = [];
    for (let n = 1; params[`Filter.${n}.Key`] !== undefined; n++)
      filters.push({ key: params[`Filter.${n}.Key`] ?? '', values: repeatList(params, `Filter.${n}.Value`) });
    const rows = [...cens(world).values()].filter((c) =>
      filters.every((f) => (f.key === 'CenId' ? f.values.includes(c.id) : f.key === 'Name' ? f.values.includes(c.name) : true)),
    );
    const p = pageByNumber(rows, params, { defaultSize: 10, maxSize: 50 });
    return {
      Cens: {
        Cen: p.page.map((c) => ({
          CenId: c.id,
          Name: c.name,
          Description: '',
          Status: c.status,
          ProtectionLevel: 'REDUCED',
          CreationTime: c.createdAt,
          ResourceGroupId: '',
          CenBandwidthPackageIds: { CenBandwidthPackageId: [...c.bandwidthPackageIds] },
          Tags: { Tag: c.tags.map((t) => ({ Key: t.key, Value: t.value })) },
        })),
      },
      PageNumber: p.pageNumber,
      PageSize: p.pageSize,
      TotalCount: p.totalCount,
    };
  },

  DescribeCenAttachedChildInstances({ params }, world) {
    const c = cenOf(world, params, 'ParameterCenInstanceId');
    const rows = c.children.filter(
      (ch) =>
        (!params.ChildInstanceRegionId || ch.region === params.ChildInstanceRegionId) &&
        (!params.ChildInstanceType || ch.type === params.ChildInstanceType),
    );
    const p = pageByNumber(rows, params, { defaultSize: 10, maxSize: 50 });
    return {
      ChildInstances: {
        ChildInstance: p.page.map((ch) => ({
          CenId: c.id,
          ChildInstanceId: ch.id,
          ChildInstanceType: ch.type,
          ChildInstanceRegionId: ch.region,
          ChildInstanceOwnerId: Number(world.accountId),
          ChildInstanceAttachTime: ch.attachedAt,
          Status: ch.status,
        })),
      },
      PageNumber: p.pageNumber,
      PageSize: p.pageSize,
      TotalCount: p.totalCount,
    };
  },

  DetachCenChildInstance({ params }, world) {
    const c = cenOf(world, params, 'ParameterCenInstanceId');
    const ch = c.children.find(
      (x) => x.id === required(params, 'ChildInstanceId') && x.region === required(params, 'ChildInstanceRegionId'),
    );
    required(params, 'ChildInstanceType');
    if (!ch) throw new SandboxApiError(400, 'ParameterInstanceId', 'The specified network instance is not attached to the CEN instance.');
    if (ch.status === 'Detaching') throw new SandboxApiError(400, 'Operation.Blocking', 'Another operation is in progress.');
    ch.status = 'Detaching';
    world.after(DELETE_MS / 2, () => (c.children = c.children.filter((x) => x !== ch)));
    return {};
  },

  DeleteCen({ params }, world) {
    const c = cenOf(world, params, 'ParameterCenInstanceId');
    if (c.status === 'Deleting') return {};
    if (c.children.length > 0 || c.bandwidthPackageIds.length > 0)
      throw new SandboxApiError(
        400,
        'InvalidOperation.CenInstanceStatus',
        'The CEN instance still has attached network instances or bandwidth plans.',
      );
    c.status = 'Deleting';
    world.after(DELETE_MS, () => cens(world).delete(c.id));
    return {};
  },
};

export const cbnProduct: ProductModule = {
  product: 'cbn',
  version: '2017-09-12',
  actions,
  seed(world, scenario) {
    const all = cens(world);
    for (const r of SectionReader.section(scenario, 'cen').list('instances')) {
      const id = r.str('id');
      all.set(id, {
        id,
        name: r.str('name', id),
        status: 'Active',
        bandwidthPackageIds: r.strings('bandwidthPackageIds'),
        children: r.list('attachments').map((a) => ({
          id: a.str('id'),
          type: a.oneOf('type', ['VPC', 'VBR', 'CCN'], 'VPC'),
          region: a.str('region'),
          status: 'Attached',
          attachedAt: a.str('attachedAt', world.nowIso().replace(/:\d{2}Z$/, 'Z')),
        })),
        createdAt: r.str('createdAt', world.nowIso()),
        tags: r.tags(),
      });
    }
    world.addOccupancy((container, vpcId) =>
      container !== 'vpc'
        ? []
        : [...all.values()].flatMap((c) =>
            c.children
              .filter((ch) => ch.type === 'VPC' && ch.id === vpcId)
              .map(() => ({ product: 'cbn', kind: 'CenAttachment', id: c.id })),
          ),
    );
  },
  dump: (world) => ({ instances: [...cens(world).values()] }),
};
