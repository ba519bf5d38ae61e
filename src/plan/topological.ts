/**
 * Deterministic topological order (Kahn's algorithm; among the nodes ready at the same
 * time, the smallest address first), and the cycle that prevents one.
 */
import { PlanError } from './errors.js';

/**
 * `dependsOn.get(n)` lists what must come before `n`; entries naming no node are ignored.
 * Throws PlanError naming one cycle when no order exists.
 */
export function topologicalOrder(nodes: readonly string[], dependsOn: ReadonlyMap<string, readonly string[]>): string[] {
  const known = new Set(nodes);
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of known) {
    const deps = new Set((dependsOn.get(n) ?? []).filter((d) => known.has(d)));
    remaining.set(n, deps.size);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list) list.push(n);
      else dependents.set(d, [n]);
    }
  }

  const ready = new MinHeap();
  for (const [n, count] of remaining) if (count === 0) ready.push(n);
  const order: string[] = [];
  for (let n = ready.pop(); n !== undefined; n = ready.pop()) {
    order.push(n);
    for (const d of dependents.get(n) ?? []) {
      const left = (remaining.get(d) ?? 0) - 1;
      remaining.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  if (order.length < known.size) {
    const stuck = new Set([...remaining].filter(([, count]) => count > 0).map(([n]) => n));
    const cycle = findCycle(stuck, dependsOn);
    throw new PlanError(
      `the resources to destroy form a dependency cycle (each needs the next one gone first): ${cycle.join(' -> ')}`,
      cycle,
    );
  }
  return order;
}

/**
 * Every node left by Kahn's algorithm has a dependency that is also left, so walking from
 * any of them along such dependencies must come back to a node already seen.
 */
function findCycle(stuck: ReadonlySet<string>, dependsOn: ReadonlyMap<string, readonly string[]>): string[] {
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  let at = [...stuck].sort()[0];
  while (at !== undefined && !seenAt.has(at)) {
    seenAt.set(at, path.length);
    path.push(at);
    at = [...(dependsOn.get(at) ?? [])].filter((d) => stuck.has(d)).sort()[0];
  }
  if (at === undefined) return path;
  return [...path.slice(seenAt.get(at)), at];
}

/** A binary min-heap of strings (plain code-unit order, like Array.prototype.sort). */
class MinHeap {
  private readonly items: string[] = [];

  push(value: string): void {
    const a = this.items;
    a.push(value);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): string | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < a.length && a[l]! < a[smallest]!) smallest = l;
      if (r < a.length && a[r]! < a[smallest]!) smallest = r;
      if (smallest === i) break;
      [a[smallest], a[i]] = [a[i]!, a[smallest]!];
      i = smallest;
    }
    return top;
  }
}

/**
 * Every node that needs one of `roots` first, directly or through others (the roots excluded):
 * `dependsOn(n)` lists the addresses `n` needs first.
 */
export function transitiveDependents<N extends { readonly address: string }>(
  roots: ReadonlySet<string>,
  nodes: readonly N[],
  dependsOn: (n: N) => readonly string[],
): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const n of nodes)
    for (const d of dependsOn(n)) {
      const list = dependents.get(d);
      if (list) list.push(n.address);
      else dependents.set(d, [n.address]);
    }
  const found = new Set<string>();
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++)
    for (const next of dependents.get(queue[i]!) ?? [])
      if (!roots.has(next) && !found.has(next)) {
        found.add(next);
        queue.push(next);
      }
  return found;
}
