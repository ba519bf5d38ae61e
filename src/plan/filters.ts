/**
 * Keep rules: a resource matching any rule is kept (OR); a rule matches when all of its
 * conditions do (AND). Pure: `now` is given, so age conditions are testable and a plan is
 * reproducible.
 *
 * Age conditions on a resource whose creation time is unknown MATCH: failing to keep is
 * the irreversible mistake, so doubt falls on the side of keeping (the reason says so).
 */
import { durationMs, type KeepPropertyValue, type KeepRule } from '../config/schema.js';
import { UserError } from '../errors.js';
import { resourceAddress, type Resource, type ResourceType } from '../providers/contract.js';
import type { Registry } from '../providers/registry.js';

export interface KeepMatch {
  /** 1-based, as shown to the user: the first rule in the config is #1. */
  readonly ruleNumber: number;
  /** "keep rule #2: tag env=prod (production database)". */
  readonly reason: string;
}

export function matchKeepRules(r: Resource, rules: readonly KeepRule[], now: Date): KeepMatch | undefined {
  for (const [i, rule] of rules.entries()) {
    const conditions = matchRule(r, rule, now);
    if (conditions === undefined) continue;
    const why = rule.reason ? ` (${rule.reason})` : '';
    return { ruleNumber: i + 1, reason: `keep rule #${i + 1}: ${conditions.join(', ')}${why}` };
  }
  return undefined;
}

/**
 * A keep rule whose `type` (or whose `address` glob's type part) names no resource type
 * matches nothing, silently: `ecs.instances` would keep nothing and the plan would destroy
 * what the user meant to keep. Refused like an unknown `--only` name, with the valid names.
 */
export function validateKeepRules(rules: readonly KeepRule[], registry: Registry): void {
  const types = registry.types.map((t) => t.type).sort();
  const valid = `valid types: ${types.join(', ')}`;
  for (const [i, rule] of rules.entries()) {
    if (rule.type !== undefined && !types.includes(rule.type))
      throw new UserError(`keep rule #${i + 1}: type "${rule.type}" is not a resource type, so the rule would keep nothing; ${valid}`);
    if (rule.address !== undefined && !types.some((t) => addressGlobCanMatchType(rule.address!, t)))
      throw new UserError(
        `keep rule #${i + 1}: address "${rule.address}" does not start with a resource type (<type>/<region>/<id>), so the rule would keep nothing; ${valid}`,
      );
  }
}

/**
 * Whether some address `<type>/...` can match the glob: the glob's literal start (up to its
 * first wildcard) must be a start of `<type>/`, or begin with `<type>/`.
 */
function addressGlobCanMatchType(glob: string, type: string): boolean {
  const literal = glob.split(/[*?]/, 1)[0] ?? '';
  const prefix = `${type}/`;
  return prefix.startsWith(literal) || literal.startsWith(prefix);
}

/** The description of each condition if every condition matches, else undefined. */
function matchRule(r: Resource, rule: KeepRule, now: Date): string[] | undefined {
  const said: string[] = [];
  const check = (ok: boolean, description: string): boolean => {
    said.push(description);
    return ok;
  };
  const address = resourceAddress(r);
  const created = r.createdAt === undefined ? Number.NaN : Date.parse(r.createdAt);
  const ageMs = now.getTime() - created;
  const unknownAge = Number.isNaN(created) ? ' (creation time unknown)' : '';

  const all =
    (rule.address === undefined || check(globToRegExp(rule.address).test(address), `address ${rule.address}`)) &&
    (rule.type === undefined || check(r.type === rule.type, `type ${rule.type}`)) &&
    (rule.id === undefined || check(r.id === rule.id, `id ${rule.id}`)) &&
    (rule.name === undefined || check(r.name !== undefined && globToRegExp(rule.name).test(r.name), `name ${rule.name}`)) &&
    (rule.nameRegex === undefined ||
      check(r.name !== undefined && new RegExp(rule.nameRegex).test(r.name), `name matches /${rule.nameRegex}/`)) &&
    (rule.tag === undefined ||
      check(tagMatches(r, rule.tag), rule.tag.value === undefined ? `tag ${rule.tag.key}` : `tag ${rule.tag.key}=${rule.tag.value}`)) &&
    (rule.property === undefined || check(propertiesMatch(r, rule.property), propertyDescription(rule.property))) &&
    (rule.newerThan === undefined || check(!(ageMs >= durationMs(rule.newerThan)), `newer than ${rule.newerThan}${unknownAge}`)) &&
    (rule.olderThan === undefined || check(!(ageMs <= durationMs(rule.olderThan)), `older than ${rule.olderThan}${unknownAge}`));
  // The negated comparisons above are true for NaN: unknown age matches (see the file comment).
  return all ? said : undefined;
}

function tagMatches(r: Resource, tag: NonNullable<KeepRule['tag']>): boolean {
  const value = r.tags?.[tag.key];
  if (value === undefined) return false;
  return tag.value === undefined || value === tag.value;
}

type PropertyCondition = NonNullable<KeepRule['property']>;

/** Every listed property equals the value (or one of the values); text is compared as written. */
function propertiesMatch(r: Resource, wanted: PropertyCondition): boolean {
  return Object.entries(wanted).every(([key, expected]) => {
    if (!Object.hasOwn(r.properties, key)) return false;
    const actual = r.properties[key];
    const options: readonly KeepPropertyValue[] = Array.isArray(expected) ? expected : [expected as KeepPropertyValue];
    // A list-valued property (security group ids) matches when it holds one of the values.
    const values: readonly KeepPropertyValue[] = Array.isArray(actual) ? (actual as readonly string[]) : [actual as KeepPropertyValue];
    return values.some((v) => options.some((o) => o === v || (o !== null && v !== null && String(o) === String(v))));
  });
}

function propertyDescription(wanted: PropertyCondition): string {
  const show = (v: unknown) => (Array.isArray(v) ? `one of ${v.map(String).join('|')}` : String(v));
  return Object.entries(wanted)
    .map(([k, v]) => `property ${k}=${show(v)}`)
    .join(', ');
}

/** `*` matches any run of characters (`/` included), `?` one character; the whole string must match. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
  return new RegExp(`^${body}$`, 's');
}

/**
 * One line per type in scope that cannot carry tags, when a keep rule on tags could apply to
 * it: "ram.user cannot carry tags: keep rule #1 can never match it; keep users by name or id".
 * A rule limited to another type (its `type`, or the literal type part of its `address`) is
 * not about this type.
 */
export function untaggableTypeNotes(types: readonly ResourceType[], rules: readonly KeepRule[]): string[] {
  const notes: string[] = [];
  for (const t of types) {
    if (!('none' in t.tags)) continue;
    const numbers = rules.flatMap((rule, i) => (rule.tag !== undefined && ruleMayConcern(rule, t.type) ? [i + 1] : []));
    if (numbers.length === 0) continue;
    const which = numbers.length === 1 ? `keep rule #${numbers[0]}` : `keep rules ${numbers.map((n) => `#${n}`).join(', ')}`;
    notes.push(`${t.type} cannot carry tags: ${which} can never match it; ${t.tags.keepInstead}`);
  }
  return notes;
}

function ruleMayConcern(rule: KeepRule, type: string): boolean {
  if (rule.type !== undefined && rule.type !== type) return false;
  const typePart = rule.address?.split('/')[0];
  if (typePart !== undefined && !/[*?]/.test(typePart) && typePart !== type) return false;
  return true;
}

/**
 * A resource whose tags could not be read, while a keep rule on tags could match it (all of
 * that rule's other conditions do): it might be kept, so it is blocked instead of guessed.
 */
export function tagsUnknownReason(r: Resource, rules: readonly KeepRule[], now: Date): string | undefined {
  if (r.tagsUnreadable === undefined) return undefined;
  for (const [i, rule] of rules.entries()) {
    if (rule.tag === undefined) continue;
    // As if the resource carried exactly the tag the rule asks for.
    const assumed = { ...r, tags: { [rule.tag.key]: rule.tag.value ?? '' } };
    if (matchKeepRules(assumed, [rule], now) !== undefined)
      return `tags unknown (${r.tagsUnreadable}) and keep rule #${i + 1} uses tags: not destroyed; allow reading its tags and plan again`;
  }
  return undefined;
}
