/**
 * Reading one product's section of a scenario (plain JSON/YAML data) into typed state. A
 * scenario is user input: a wrong field must fail loudly with the path that is wrong, not
 * seed a half-built account that misbehaves later:
 * `scenario ecs.instances[2].status: must be one of Running, Stopped`.
 *
 * Two spellings of the same checks: free functions over a record and its path
 * (`text(r, 'id', at)`), and `SectionReader`, which carries the path along
 * (`SectionReader.section(scenario, 'ecs').list('instances')[0].str('id')`).
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

/** A scenario object with its path, for seeds that read many nested fields. */
export class SectionReader {
  constructor(
    private readonly record: ScenarioRecord,
    readonly path: string,
  ) {}

  static section(scenario: ScenarioRecord, name: string): SectionReader {
    return new SectionReader(sectionOf(scenario, name), name);
  }

  has(key: string): boolean {
    return this.record[key] !== undefined;
  }

  /** A non-empty string; `dflt` when the field is absent (required when there is none). */
  str(key: string, dflt?: string): string {
    return dflt !== undefined && this.record[key] === undefined ? dflt : text(this.record, key, this.path);
  }

  optStr(key: string): string | undefined {
    return this.record[key] === undefined ? undefined : this.str(key);
  }

  num(key: string, dflt: number): number {
    const v = this.record[key];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ScenarioFieldError(`${this.path}.${key}`, 'must be a number');
    return v;
  }

  bool(key: string, dflt: boolean): boolean {
    return flag(this.record, key, this.path, dflt);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], dflt: T): T {
    return oneOf(this.record, key, this.path, allowed, dflt);
  }

  strings(key: string): string[] {
    return [...textList(this.record, key, this.path)];
  }

  /** `tags: {env: prod}` → [{key: 'env', value: 'prod'}], sorted by key. */
  tags(key = 'tags'): Array<{ key: string; value: string }> {
    const v = this.record[key];
    if (v === undefined || v === null) return [];
    if (!isRecord(v) || !Object.values(v).every((x) => typeof x === 'string'))
      throw new ScenarioFieldError(`${this.path}.${key}`, 'must be a map of strings');
    return Object.entries(v)
      .map(([k, value]) => ({ key: k, value: String(value) }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  list(key: string): SectionReader[] {
    return recordList(this.record, key, this.path, (r, at) => new SectionReader(r, at));
  }
}
