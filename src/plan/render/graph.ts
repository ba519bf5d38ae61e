/**
 * The plan's dependency graph for people who want to see it: Graphviz DOT or Mermaid.
 * An edge `a -> b` reads "a must be gone before b" (destroy order), labelled with the reason.
 * Kept and blocked resources that something depends on are drawn too, dashed, so a reviewer
 * sees what holds a resource back.
 */
import type { Plan } from '../model.js';
import { byCodeUnit } from '../ordering.js';
import { isOrdering } from '../graph.js';

export type GraphFormat = 'dot' | 'mermaid';

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

function edgesOf(plan: Plan): Edge[] {
  const edges: Edge[] = [];
  for (const node of plan.resources)
    for (const d of node.dependsOn.filter(isOrdering)) edges.push({ from: d.address, to: node.address, reason: d.reason });
  return edges.sort((a, b) => byCodeUnit(`${a.from} ${a.to}`, `${b.from} ${b.to}`));
}

const dotString = (s: string): string => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

export function renderPlanGraph(plan: Plan, format: GraphFormat): string {
  const edges = edgesOf(plan);
  const held = new Map([
    ...plan.kept.map((k) => [k.address, 'kept'] as const),
    ...plan.blocked.map((b) => [b.address, 'blocked'] as const),
  ]);
  const referenced = new Set(edges.flatMap((e) => [e.from, e.to]));
  const extra = [...held.keys()].filter((a) => referenced.has(a)).sort(byCodeUnit);
  return format === 'dot' ? dot(plan, edges, extra, held) : mermaid(plan, edges, extra, held);
}

function dot(plan: Plan, edges: readonly Edge[], extra: readonly string[], held: ReadonlyMap<string, string>): string {
  const lines = [
    `digraph teardown {`,
    `  label=${dotString(`aliyun-teardown plan for account ${plan.account.id}: an edge reads "must be gone before"`)};`,
    '  rankdir=LR;',
    '  node [shape=box, fontname="monospace"];',
  ];
  for (const n of plan.resources) lines.push(`  ${dotString(n.address)}${n.caller ? ' [style=bold]' : ''};`);
  for (const a of extra) lines.push(`  ${dotString(a)} [style=dashed, label=${dotString(`${a}\n(${held.get(a)})`)}];`);
  for (const e of edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.reason)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaid(plan: Plan, edges: readonly Edge[], extra: readonly string[], held: ReadonlyMap<string, string>): string {
  const ids = new Map<string, string>();
  const id = (address: string): string => {
    let v = ids.get(address);
    if (!v) ids.set(address, (v = `n${ids.size}`));
    return v;
  };
  const label = (s: string): string => s.replaceAll('"', '#quot;');
  const lines = ['flowchart LR'];
  for (const n of plan.resources) lines.push(`  ${id(n.address)}["${label(n.address)}"]`);
  for (const a of extra) lines.push(`  ${id(a)}["${label(`${a} (${held.get(a)})`)}"]:::held`);
  for (const e of edges) lines.push(`  ${id(e.from)} -->|"${label(e.reason)}"| ${id(e.to)}`);
  lines.push('  classDef held stroke-dasharray: 5 5');
  return `${lines.join('\n')}\n`;
}
