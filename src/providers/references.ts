/**
 * How resources point at each other: through the ids kept in their properties (an instance's
 * `vSwitchId`, a disk's `instanceId`, an ENI's `securityGroupIds`...). dependencies() of the
 * ECS, VPC, SLB and RDS types are computed from these references only, so the planner stays
 * pure (no API call is needed to know that a vswitch still holds an instance).
 */
import { resourceAddress, type Dependency, type Inventory, type PropertyValue, type Resource } from './contract.js';

/** The string value of a property, or undefined when it is absent or empty. */
export function stringProperty(r: Resource, key: string): string | undefined {
  const v = r.properties[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A list-valued property (a single string counts as a one-item list). */
export function listProperty(r: Resource, key: string): readonly string[] {
  const v: PropertyValue | undefined = r.properties[key];
  if (Array.isArray(v)) return v as readonly string[];
  return typeof v === 'string' && v.length > 0 ? [v] : [];
}

/** Resources of `type` whose property `key` (a string or a list) holds `id`. */
export function resourcesReferencing(inventory: Inventory, type: string, key: string, id: string): readonly Resource[] {
  return inventory.byType(type).filter((other) => listProperty(other, key).includes(id));
}

/** `resourcesReferencing` as dependencies, all with the same reason. */
export function dependenciesOn(inventory: Inventory, type: string, key: string, id: string, reason: string): Dependency[] {
  return resourcesReferencing(inventory, type, key, id).map((other) => ({ address: resourceAddress(other), reason }));
}

/** Tags as returned by ECS (`TagKey`/`TagValue`) or VPC (`Key`/`Value`) models. */
export interface CloudTag {
  tagKey?: string;
  tagValue?: string;
  key?: string;
  value?: string;
}

export function tagsOf(tags: readonly CloudTag[] | undefined): Record<string, string> | undefined {
  if (!tags || tags.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const t of tags) {
    const k = t.tagKey ?? t.key;
    if (k) out[k] = t.tagValue ?? t.value ?? '';
  }
  return out;
}

/** Alibaba Cloud times come as `2026-01-31T16:00Z` or `2026-01-31T16:00:00Z`; normalise to ISO 8601. */
export function isoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Splits `items` into chunks of at most `size` (API limits on ids per call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
