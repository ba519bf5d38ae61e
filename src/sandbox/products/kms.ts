/**
 * Key Management Service (KMS 2016-01-20), regional: ListKeys, DescribeKey, ListResourceTags,
 * SetDeletionProtection, ScheduleKeyDeletion (API docs). Fields follow the current official
 * model (aliyun/alibabacloud-typescript-sdk kms-20160120). ScheduleKeyDeletion takes
 * PendingWindowInDays 7–366: the key turns PendingDeletion with a DeleteDate that far ahead and
 * is deleted when it passes. A protected key answers Forbidden.ResourceProtected (403)
 * (UNCONFIRMED code); an unknown one Forbidden.KeyNotFound (404).
 */
import { SandboxApiError, bool, int, pageByNumber, required, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { SectionReader } from './scenario-section.js';

const DAY_MS = 86_400_000;

interface Key {
  readonly id: string;
  readonly region: string;
  readonly creator: string;
  readonly description: string;
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
  deletionProtection: boolean;
  deleteDate: number | undefined;
  readonly createdAt: string;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

function keys(world: World): Map<string, Key> {
  return world.slice('kms.keys', () => new Map<string, Key>());
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const arnOf = (world: World, k: Key): string => `acs:kms:${k.region}:${world.accountId}:key/${k.id}`;

function keyOf(world: World, params: Readonly<Record<string, string>>): Key {
  const region = required(params, 'RegionId');
  const id = required(params, 'KeyId');
  const k = keys(world).get(id);
  if (!k || k.region !== region) throw new SandboxApiError(404, 'Forbidden.KeyNotFound', `The specified Key ${id} is not found.`);
  return k;
}

const actions: Record<string, RpcHandler> = {
  ListKeys({ params }, world) {
    const region = required(params, 'RegionId');
    const rows = [...keys(world).values()].filter((k) => k.region === region);
    const p = pageByNumber(rows, params, { defaultSize: 10, maxSize: 100 });
    return {
      Keys: { Key: p.page.map((k) => ({ KeyId: k.id, KeyArn: arnOf(world, k) })) },
      PageNumber: p.pageNumber,
      PageSize: p.pageSize,
      TotalCount: p.totalCount,
    };
  },

  DescribeKey({ params }, world) {
    const k = keyOf(world, params);
    return {
      KeyMetadata: {
        KeyId: k.id,
        Arn: arnOf(world, k),
        KeyState: k.state,
        KeySpec: 'Aliyun_AES_256',
        KeyUsage: 'ENCRYPT/DECRYPT',
        Origin: 'Aliyun_KMS',
        ProtectionLevel: 'SOFTWARE',
        Creator: k.creator,
        CreationDate: k.createdAt,
        Description: k.description,
        DeletionProtection: k.deletionProtection ? 'Enabled' : 'Disabled',
        AutomaticRotation: 'Disabled',
        ...(k.deleteDate === undefined ? {} : { DeleteDate: iso(k.deleteDate) }),
      },
    };
  },

  // One key's tags: Tags.Tag[] of {KeyId, TagKey, TagValue} (API docs: ListResourceTags;
  // official model kms-20160120 ListResourceTagsResponseBody).
  ListResourceTags({ params }, world) {
    const k = keyOf(world, params);
    return { Tags: { Tag: k.tags.map((t) => ({ KeyId: k.id, TagKey: t.key, TagValue: t.value })) } };
  },

  SetDeletionProtection({ params }, world) {
    const arn = required(params, 'ProtectedResourceArn');
    const k = [...keys(world).values()].find((x) => arnOf(world, x) === arn);
    if (!k) throw new SandboxApiError(404, 'Forbidden.KeyNotFound', 'The specified Key is not found.');
    k.deletionProtection = bool(required(params, 'EnableDeletionProtection'));
    return {};
  },

  ScheduleKeyDeletion({ params }, world) {
    const k = keyOf(world, params);
    const days = int(required(params, 'PendingWindowInDays'), 30, 'PendingWindowInDays', 7, 366);
    if (k.deletionProtection) throw new SandboxApiError(403, 'Forbidden.ResourceProtected', 'The resource is protected.');
    if (k.state === 'PendingDeletion')
      throw new SandboxApiError(409, 'Conflict.KeyState', 'The key state is conflicted: the key is pending deletion.');
    k.state = 'PendingDeletion';
    k.deleteDate = world.now() + days * DAY_MS;
    world.after(days * DAY_MS, () => keys(world).delete(k.id));
    return {};
  },
};

export const kmsProduct: ProductModule = {
  product: 'kms',
  version: '2016-01-20',
  actions,
  seed(world, scenario) {
    const all = keys(world);
    for (const r of SectionReader.section(scenario, 'kms').list('keys')) {
      const id = r.str('id');
      all.set(id, {
        id,
        region: r.str('region'),
        creator: r.str('creator', world.accountId),
        description: r.str('description', ''),
        state: r.oneOf('state', ['Enabled', 'Disabled', 'PendingDeletion'], 'Enabled'),
        deletionProtection: r.bool('deletionProtection', false),
        deleteDate: undefined,
        createdAt: r.str('createdAt', world.nowIso()),
        tags: r.tags(),
      });
    }
  },
  dump: (world) => ({ keys: [...keys(world).values()] }),
};
