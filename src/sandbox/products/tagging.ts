/**
 * Tags as the RPC products' tag APIs take them: `Tag.N.Key` / `Tag.N.Value` (RepeatList, RDS
 * and Alidns) or a JSON list `Tag='[{"Key":..,"Value":..}]'` (RAM). Stored per resource as a
 * sorted list of {key, value}; TagResources overwrites a key that is already there.
 */
import { SandboxApiError } from '../framework.js';

export interface SandboxTag {
  readonly key: string;
  readonly value: string;
}

/** `Tag.1.Key`, `Tag.1.Value`, ... in index order. */
export function repeatedTags(params: Readonly<Record<string, string>>): SandboxTag[] {
  const byIndex = new Map<number, { key?: string; value?: string }>();
  for (const [k, v] of Object.entries(params)) {
    const m = /^Tag\.(\d+)\.(Key|Value)$/.exec(k);
    if (!m) continue;
    const entry = byIndex.get(Number(m[1])) ?? {};
    if (m[2] === 'Key') entry.key = v;
    else entry.value = v;
    byIndex.set(Number(m[1]), entry);
  }
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, e]) => {
      if (!e.key) throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "Tag.N.Key" is not valid.');
      return { key: e.key, value: e.value ?? '' };
    });
}

/** The tags after adding `added` (a key already there takes the new value). */
export function mergeTags(current: readonly SandboxTag[], added: readonly SandboxTag[]): SandboxTag[] {
  const byKey = new Map(current.map((t) => [t.key, t.value]));
  for (const t of added) byKey.set(t.key, t.value);
  return [...byKey.entries()].map(([key, value]) => ({ key, value })).sort((a, b) => a.key.localeCompare(b.key));
}

/** A resource matches tag filters when it carries every key (and the value, when one is given). */
export function matchesTagFilters(tags: readonly SandboxTag[], filters: readonly SandboxTag[]): boolean {
  return filters.every((f) => tags.some((t) => t.key === f.key && (f.value === '' || t.value === f.value)));
}
