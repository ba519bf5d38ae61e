/**
 * A benchmark's `--name=value` options. Each has a default, whose shape decides the parsing:
 * a number, or a list of numbers written `1,4,10,20`. Unknown names are refused.
 */
export type BenchOptions = Readonly<Record<string, number | readonly number[]>>;

export function parseOptions<T extends BenchOptions>(argv: readonly string[], defaults: T): T {
  const out: Record<string, number | readonly number[]> = { ...defaults };
  for (const arg of argv) {
    const m = /^--([a-zA-Z][\w-]*)=(.+)$/.exec(arg);
    if (!m) throw new Error(`expected --name=value, got ${arg}`);
    const [, name = '', raw = ''] = m;
    const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const fallback = defaults[key];
    if (fallback === undefined) throw new Error(`unknown option --${name} (known: ${Object.keys(defaults).map(optionName).join(', ')})`);
    const values = raw.split(',').map((v) => {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`--${name} expects numbers ≥ 0, got ${raw}`);
      return n;
    });
    if (!Array.isArray(fallback) && values.length !== 1) throw new Error(`--${name} takes one number, got ${raw}`);
    out[key] = Array.isArray(fallback) ? values : (values[0] ?? 0);
  }
  return out as T;
}

export function describeOptions(defaults: BenchOptions): string {
  return Object.entries(defaults)
    .map(([k, v]) => `${optionName(k)}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
}

function optionName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
