/**
 * Which resource types a run destroys (`--only`/`--exclude`, config include/exclude), and
 * which it must scan: the selected types plus every type they transitively `dependsOn` or
 * `touchesTypes`, and the types whose resources their deletion may release (`ownedBy`: an
 * instance's system disk), since every destruction must be in the plan.
 * The extra types are scanned read-only so the plan can say what blocks a partial run
 * ("ecs.instance/... is outside the selection and must be gone first").
 */
import { UserError } from '../errors.js';
import type { Registry } from '../providers/registry.js';

export interface SelectionInput {
  /** Services (`ecs`) or types (`ecs.instance`); undefined or empty: every type. */
  readonly only?: readonly string[] | undefined;
  /** Services or types left alone, applied after `only`. */
  readonly exclude?: readonly string[] | undefined;
}

export interface Selection {
  /** Types to destroy, sorted. */
  readonly selected: readonly string[];
  /** Types to scan: `selected` and their dependency closure, sorted. */
  readonly scan: readonly string[];
}

export function resolveSelection(registry: Registry, input: SelectionInput): Selection {
  const all = registry.types.map((t) => t.type);
  const only = input.only && input.only.length > 0 ? expandNames(registry, input.only) : new Set(all);
  const excluded = expandNames(registry, input.exclude ?? []);
  const selected = all.filter((t) => only.has(t) && !excluded.has(t)).sort();
  if (selected.length === 0) throw new UserError('the --only/--exclude (or config include/exclude) lists leave no resource type selected');

  const scan = new Set<string>();
  const visit = (type: string): void => {
    if (scan.has(type)) return;
    scan.add(type);
    const t = registry.require(type);
    for (const dep of [...t.dependsOn, ...(t.touchesTypes ?? [])]) visit(dep);
    // Side effects of deleting this type: scanned so the plan lists them (and what they need).
    for (const other of registry.types) if (other.ownedBy?.includes(type)) visit(other.type);
  };
  selected.forEach(visit);
  return { selected, scan: [...scan].sort() };
}

/** Service and type names to the set of types they stand for; an unknown name is a UserError listing the valid ones. */
export function expandNames(registry: Registry, names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) {
    const byService = registry.types.filter((t) => t.service === name);
    if (byService.length > 0) byService.forEach((t) => out.add(t.type));
    else if (registry.get(name)) out.add(name);
    else
      throw new UserError(
        `unknown service or resource type "${name}"; valid services: ${[...registry.services].sort().join(', ')}; valid types: ${registry.types
          .map((t) => t.type)
          .sort()
          .join(', ')}`,
      );
  }
  return out;
}
