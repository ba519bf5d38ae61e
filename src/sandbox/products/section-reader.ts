/**
 * Reads a product's section of a scenario (plain data from YAML/JSON/TS) with one-line errors
 * naming the path of the bad field: `scenario ecs.instances[2].status: expected one of Running, Stopped`.
 */
export type Fields = Readonly<Record<string, unknown>>;

export class SectionReader {
  constructor(
    private readonly obj: Fields,
    readonly path: string,
  ) {}

  static section(scenario: Fields, name: string): SectionReader {
    const v = scenario[name];
    if (v === undefined) return new SectionReader({}, name);
    if (!isFields(v)) throw new Error(`scenario ${name}: expected an object`);
    return new SectionReader(v, name);
  }

  private fail(key: string, what: string): never {
    throw new Error(`scenario ${this.path}.${key}: ${what}`);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  str(key: string, dflt?: string): string {
    const v = this.obj[key];
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== 'string' || v === '') return this.fail(key, 'expected a non-empty string');
    return v;
  }

  optStr(key: string): string | undefined {
    return this.obj[key] === undefined ? undefined : this.str(key);
  }

  num(key: string, dflt: number): number {
    const v = this.obj[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(key, 'expected a number');
    return v;
  }

  bool(key: string, dflt: boolean): boolean {
    const v = this.obj[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') return this.fail(key, 'expected true or false');
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], dflt: T): T {
    const v = this.obj[key];
    if (v === undefined) return dflt;
    const found = allowed.find((a) => a === v);
    if (found === undefined) return this.fail(key, `expected one of ${allowed.join(', ')}`);
    return found;
  }

  strings(key: string): string[] {
    const v = this.obj[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) return this.fail(key, 'expected a list of strings');
    return [...v];
  }

  /** `tags: {env: prod}` → [{key: 'env', value: 'prod'}], sorted by key. */
  tags(key = 'tags'): Array<{ key: string; value: string }> {
    const v = this.obj[key];
    if (v === undefined) return [];
    if (!isFields(v) || !Object.values(v).every((x) => typeof x === 'string')) return this.fail(key, 'expected a map of strings');
    return Object.entries(v)
      .map(([k, value]) => ({ key: k, value: String(value) }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  list(key: string): SectionReader[] {
    const v = this.obj[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) return this.fail(key, 'expected a list');
    return v.map((item, n) => {
      if (!isFields(item)) return this.fail(`${key}[${n}]`, 'expected an object');
      return new SectionReader(item, `${this.path}.${key}[${n}]`);
    });
  }
}

function isFields(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
