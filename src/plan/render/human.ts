/**
 * The plan as Terraform-like text for people. Deterministic: the same plan renders to the
 * same text, so two runs diff cleanly. The last line is a public interface (scripts grep
 * it): `Plan: N to destroy, K kept, B blocked.` (`…, B blocked, G scan gaps.` when the scan
 * could not read everything).
 */
import { createColors } from 'picocolors';
import type { PropertyValue } from '../../providers/contract.js';
import type { Plan, PlanExclusion } from '../model.js';
import { byCodeUnit } from '../ordering.js';
import { escapeDeep } from './terminal-text.js';

export interface HumanRenderOptions {
  /** ANSI colours; off unless asked. */
  readonly color: boolean;
  /** Lines about the config, printed before the summary (untaggableTypeNotes). @default [] */
  readonly notes?: readonly string[] | undefined;
}

export function renderPlanHuman(scanned: Plan, opts: HumanRenderOptions): string {
  // Names, tags and messages come from the cloud: printed inert (see terminal-text.ts).
  const plan = escapeDeep(scanned);
  const c = createColors(opts.color);
  const lines: string[] = [];
  const a = plan.account;
  lines.push(`Account: ${c.bold(a.id)}`);
  lines.push(`Caller:  ${a.callerArn} (${a.identityType}, AccessKey ${a.accessKeyId})`);
  if (plan.endpoint !== undefined) lines.push(`Where:   ${plan.endpoint}`);
  lines.push(`Regions: ${plan.scope.regions.length > 0 ? plan.scope.regions.join(', ') : '(none)'}`);
  lines.push(`Types:   ${plan.scope.types.join(', ')}`);
  lines.push('');

  if (plan.resources.length === 0) lines.push('No resources to destroy.');
  else lines.push('aliyun-teardown will destroy these resources, in this order:');
  for (const node of plan.resources) {
    lines.push('');
    lines.push(`  ${c.red(`# ${c.bold(node.address)} will be destroyed`)}`);
    const facts = describe(node.name, node.resource.properties);
    if (facts) lines.push(`      ${c.dim(facts)}`);
    if (node.caller) lines.push(`      ${c.dim("(the caller's own credentials: destroyed after everything else)")}`);
    if (node.releasedWith) lines.push(`      ${c.dim(`(goes with ${node.releasedWith}: released by its deletion)`)}`);
    for (const step of node.steps) lines.push(`      ${c.red('-')} ${step.action}: ${step.description}`);
  }

  section(lines, 'Kept:', plan.kept, (e) => c.green(e));
  section(lines, 'Blocked:', plan.blocked, (e) => c.yellow(e));
  if (plan.gaps.length > 0) {
    lines.push('');
    lines.push(
      c.red(
        c.bold(
          `INCOMPLETE: ${plan.gaps.length} scan gap(s). What these lists hold is unknown; everything it may hold is blocked above, and apply refuses this plan unless --allow-incomplete:`,
        ),
      ),
    );
    for (const g of plan.gaps) {
      const where = g.region === '*' ? 'every region' : g.region;
      lines.push(`  ${c.red(`${g.type} in ${where}`)}: ${g.action} failed with ${g.code}: ${g.message}`);
      lines.push(`      fix: ${g.fix}`);
    }
  }

  if (opts.notes && opts.notes.length > 0) {
    lines.push('');
    lines.push(c.yellow('Keep rules:'));
    for (const n of opts.notes) lines.push(`  ${n}`);
  }

  lines.push('');
  lines.push(c.bold(planSummaryLine(plan)));
  return `${lines.join('\n')}\n`;
}

/** `Plan: N to destroy, K kept, B blocked.` — with `, G scan gaps` before the period when the scan had any. */
export function planSummaryLine(plan: Pick<Plan, 'summary'>): string {
  const s = plan.summary;
  const gaps = s.gaps > 0 ? `, ${s.gaps} ${s.gaps === 1 ? 'scan gap' : 'scan gaps'}` : '';
  return `Plan: ${s.toDestroy} to destroy, ${s.kept} kept, ${s.blocked} blocked${gaps}.`;
}

function section(lines: string[], title: string, entries: readonly PlanExclusion[], paint: (s: string) => string): void {
  if (entries.length === 0) return;
  lines.push('');
  lines.push(paint(title));
  for (const e of entries) {
    const name = e.name && e.name !== e.id ? ` (${e.name})` : '';
    lines.push(`  ${paint(e.address)}${name}: ${e.reason}`);
  }
}

function isEmpty(v: PropertyValue | undefined): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** `web-1 · chargeType=PrePaid, status=Running` — properties in key order. */
function describe(name: string | undefined, properties: Readonly<Record<string, PropertyValue>>): string {
  // Empty facts (null, '', []) say nothing to a reviewer; the JSON output keeps them.
  const props = Object.keys(properties)
    .filter((k) => !isEmpty(properties[k]))
    .sort(byCodeUnit)
    .map((k) => `${k}=${formatValue(properties[k] ?? null)}`)
    .join(', ');
  return [name, props].filter((part) => part !== undefined && part !== '').join(' · ');
}

function formatValue(v: PropertyValue): string {
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return String(v);
}
