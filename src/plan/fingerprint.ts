/**
 * What about a resource makes the plan's decisions about it: its name and tags (keep rules
 * match on them) and what it is attached to or holds (its type's `attachmentProperties`: the
 * dependency analysis rests on them). The plan stores a fingerprint of exactly that; apply
 * re-reads the resource before touching it and refuses to act on a stale plan — as Terraform
 * refuses a stale saved plan — when one of them changed in a way the teardown itself does not
 * cause. Status, counters and timestamps are left out: they change on their own.
 */
import type { PropertyValue, Resource } from '../providers/contract.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';

function significant(r: Resource, attachmentProperties: readonly string[]): unknown {
  const attachments: Record<string, PropertyValue> = {};
  for (const p of attachmentProperties) attachments[p] = r.properties[p] ?? null;
  return { name: r.name ?? null, tags: r.tags ?? {}, attachments };
}

/** sha256 of the name, tags and attachment properties, canonical JSON. */
export function fingerprintOf(r: Resource, attachmentProperties: readonly string[] = []): string {
  return sha256Hex(canonicalJson(significant(r, attachmentProperties)));
}

function items(v: PropertyValue | undefined): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v === undefined || v === null || v === '' || v === false ? [] : [String(v)];
}

/**
 * Why `now` (as re-read at apply time) no longer fits the plan made from `planned`, or
 * undefined. The name or the tags changed; or an attachment appeared that the plan did not
 * see (a policy attached, a member added, an address associated). Attachments that went away
 * are expected: the teardown's own earlier steps remove them (deleting an instance frees its
 * disks, removing users empties their group).
 */
export function changeSincePlan(planned: Resource, now: Resource, attachmentProperties: readonly string[] = []): string | undefined {
  if ((now.name ?? null) !== (planned.name ?? null))
    return `changed since the plan was made: renamed from ${planned.name ?? '(none)'} to ${now.name ?? '(none)'}`;
  if (now.tagsUnreadable === undefined && canonicalJson(now.tags ?? {}) !== canonicalJson(planned.tags ?? {}))
    return `changed since the plan was made: tags were ${describeTags(planned.tags)}, now ${describeTags(now.tags)}`;
  for (const p of attachmentProperties) {
    const before = new Set(items(planned.properties[p]));
    const added = items(now.properties[p]).filter((x) => !before.has(x));
    if (added.length > 0) return `changed since the plan was made: ${p} now also has ${added.join(', ')}`;
  }
  return undefined;
}

function describeTags(tags: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}
