/**
 * Reading one product's section of a scenario (plain JSON/YAML data) into typed state. A
 * scenario is user input: a wrong field must fail loudly with the path that is wrong, not
 * seed a half-built account that misbehaves later.
 */
export type ScenarioRecord = Readonly<Record<string, unknown>>;

export class ScenarioFieldError extends Error {
  constructor(path: string, problem: string) {
    super(`scenario ${path}: ${problem}`);
    this.name = 'ScenarioFieldError';
  }
}

function isRecord(v: unknown): v is ScenarioRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The product's section, or an empty one when the scenario has none. */
export function sectionOf(scenario: ScenarioRecord, name: string): ScenarioRecord {
  const v = scenario[name];
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw new ScenarioFieldError(name, 'must be an object');
  return v;
}

/** A list of objects under `key`, each handed to `read` with its path for error messages. */
export function recordList<T>(section: ScenarioRecord, key: string, path: string, read: (r: ScenarioRecord, at: string) => T): T[] {
  const v = section[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ScenarioFieldError(`${path}.${key}`, 'must be a list');
  return v.map((item, i) => {
    const at = `${path}.${key}[${i}]`;
    if (!isRecord(item)) throw new ScenarioFieldError(at, 'must be an object');
    return read(item, at);
  });
}

export function text(r: ScenarioRecord, key: string, at: string): string {
  const v = r[key];
  if (typeof v !== 'string' || v === '') throw new ScenarioFieldError(`${at}.${key}`, 'must be a non-empty string');
  return v;
}

export function optionalText(r: ScenarioRecord, key: string, at: string, dflt: string): string {
  const v = r[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'string') throw new ScenarioFieldError(`${at}.${key}`, 'must be a string');
  return v;
}

export function oneOf<T extends string>(r: ScenarioRecord, key: string, at: string, allowed: readonly T[], dflt: T): T {
  const v = optionalText(r, key, at, dflt);
  if (!(allowed as readonly string[]).includes(v)) throw new ScenarioFieldError(`${at}.${key}`, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

export function flag(r: ScenarioRecord, key: string, at: string, dflt: boolean): boolean {
  const v = r[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw new ScenarioFieldError(`${at}.${key}`, 'must be true or false');
  return v;
}

export function textList(r: ScenarioRecord, key: string, at: string): string[] {
  const v = r[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ScenarioFieldError(`${at}.${key}`, 'must be a list of strings');
  return v as string[];
}

/** An ISO-8601 date or date-time, returned as epoch milliseconds. */
export function instant(r: ScenarioRecord, key: string, at: string, dflt: number): number {
  const v = r[key];
  if (v === undefined || v === null) return dflt;
  const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw new ScenarioFieldError(`${at}.${key}`, 'must be an ISO-8601 date');
  return ms;
}

export function optionalInstant(r: ScenarioRecord, key: string, at: string): number | undefined {
  return r[key] === undefined || r[key] === null ? undefined : instant(r, key, at, 0);
}

/** `account.regions` of the scenario (the regions the account uses). */
export function accountRegions(scenario: ScenarioRecord): string[] {
  const account = scenario.account;
  return isRecord(account) ? textList(account, 'regions', 'account') : [];
}

/** `2026-01-02T03:04:05Z`, the format RPC products return. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
