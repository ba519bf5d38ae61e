/**
 * Read-only views of other products' state, for the products that mirror them: BSS lists
 * ECS and RDS subscriptions, Resource Center indexes every live resource. Other modules own
 * their state types, and a scenario may leave a product out, so a slice is read
 * defensively: an absent slice, collection or field yields nothing rather than a crash, and
 * nothing here ever creates or mutates another product's slice.
 */
import type { World } from '../framework.js';

export type ForeignRecord = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is ForeignRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The records of the first collection found under any of `collections` in slice `sliceName`
 * (a Map of records, an array, or a plain object keyed by id).
 */
export function foreignRecords(world: World, sliceName: string, collections: readonly string[]): ForeignRecord[] {
  const slice = world.peekSlice(sliceName);
  if (typeof slice !== 'object' || slice === null) return [];
  const holder = slice as Record<string, unknown>;
  for (const name of collections) {
    const c = holder[name];
    if (c instanceof Map) return [...c.values()].filter(isRecord);
    if (Array.isArray(c)) return c.filter(isRecord);
    if (isRecord(c)) return Object.values(c).filter(isRecord);
  }
  return [];
}

/** The first of `names` that holds a non-empty string (field names differ between modules). */
export function textField(r: ForeignRecord, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = r[n];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** A time field as epoch ms: numbers are taken as ms, strings parsed as ISO-8601. */
export function timeField(r: ForeignRecord, names: readonly string[]): number | undefined {
  for (const n of names) {
    const v = r[n];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string') {
      const ms = Date.parse(v);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return undefined;
}

/** `tags: [{key, value}]` if the record has them (ECS and VPC do). */
export function tagsField(r: ForeignRecord): Array<{ key: string; value: string }> {
  const v = r.tags;
  if (!Array.isArray(v)) return [];
  return v.flatMap((t: unknown) => {
    if (typeof t !== 'object' || t === null) return [];
    const { key, value } = t as Record<string, unknown>;
    return typeof key === 'string' ? [{ key, value: typeof value === 'string' ? value : '' }] : [];
  });
}
