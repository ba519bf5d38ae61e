/**
 * Text from the cloud (names, tags, descriptions, error messages) is printed to a terminal:
 * a name holding a newline and ANSI escapes could draw a fake `Plan: 0 to destroy.` line,
 * recolour or clear the screen, and bidirectional overrides could reorder what is shown.
 * Every human renderer passes its data through `escapeDeep` first, and adds its own colours
 * afterwards; JSON output needs none of this (JSON.stringify escapes control characters).
 */

/** C0 and C1 control characters, DEL, line/paragraph separators and bidirectional controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `a\nb` → `a\\nb`, ESC → `\x1b`, U+202E → `\u202e`: visible, and inert in a terminal. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A copy of `value` with every string (object keys included) passed through escapeControl. */
export function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeControl(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => escapeDeep(v)) as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeControl(k)] = escapeDeep(v);
    return out as T;
  }
  return value;
}
