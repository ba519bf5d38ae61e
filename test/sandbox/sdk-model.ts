/**
 * Checks a JSON body against an official SDK response model, the way the SDK reads it.
 *
 * The SDK models (`@alicloud/<product>/dist/models/*.js`) describe each field twice:
 * `static names()` maps the camelCase property to the wire name (`users: 'Users'`) and
 * `static types()` gives its type — a primitive name (`'string'`, `'number'`...), a nested
 * model class, `{type: 'array', itemType: X}` or `{type: 'map', keyType, valueType}`.
 * The SDK ignores every key it does not know: a misspelled wrapper (`User` for `Users`)
 * silently yields an empty model, so the tool would see "no resources" instead of failing.
 * This helper lists every such key, and every shape the SDK cannot read (an object where it
 * expects an array throws inside the SDK; an array where it expects an object is dropped).
 *
 *   assertWireKeysMatchModel(ListUsersResponseBody, body);   // throws, naming each bad path
 */

/** A model class as the SDK generates it: only the two static descriptors matter here. */
export interface SdkModelClass {
  readonly name: string;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

interface ArrayType {
  readonly type: 'array';
  readonly itemType: unknown;
}
interface MapType {
  readonly type: 'map';
  readonly valueType: unknown;
}

function isModelClass(t: unknown): t is SdkModelClass {
  return (
    typeof t === 'function' &&
    typeof (t as Partial<SdkModelClass>).names === 'function' &&
    typeof (t as Partial<SdkModelClass>).types === 'function'
  );
}

function isArrayType(t: unknown): t is ArrayType {
  return typeof t === 'object' && t !== null && (t as { type?: unknown }).type === 'array';
}

function isMapType(t: unknown): t is MapType {
  return typeof t === 'object' && t !== null && (t as { type?: unknown }).type === 'map';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Primitive type names the SDK coerces from JSON scalars (numeric strings become numbers). */
const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'long', 'float', 'double', 'boolean', 'Date']);

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Returns every problem found, each as `<path>: <what>`; empty when the JSON fits the model. */
export function wireKeyProblems(type: unknown, value: unknown, path = '$'): string[] {
  if (value === undefined || value === null) return [];
  if (isModelClass(type)) {
    if (!isPlainObject(value)) return [`${path}: expected an object for ${type.name || 'model'}, got ${describe(value)}`];
    const names = type.names();
    const types = type.types();
    const wireToProperty = new Map(Object.entries(names).map(([prop, wire]) => [wire, prop]));
    const problems: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      const prop = wireToProperty.get(key);
      if (prop === undefined) {
        const known = [...wireToProperty.keys()].sort().join(', ');
        problems.push(`${path}.${key}: not a wire name of ${type.name || 'model'} (known: ${known})`);
        continue;
      }
      problems.push(...wireKeyProblems(types[prop], child, `${path}.${key}`));
    }
    return problems;
  }
  if (isArrayType(type)) {
    if (!Array.isArray(value)) return [`${path}: expected an array, got ${describe(value)}`];
    return value.flatMap((item, i) => wireKeyProblems(type.itemType, item, `${path}[${i}]`));
  }
  if (isMapType(type)) {
    if (!isPlainObject(value)) return [`${path}: expected an object (map), got ${describe(value)}`];
    return Object.entries(value).flatMap(([k, v]) => wireKeyProblems(type.valueType, v, `${path}.${k}`));
  }
  if (typeof type === 'string' && SCALAR_TYPES.has(type)) {
    if (typeof value === 'object') return [`${path}: expected a ${type}, got ${describe(value)}`];
    return [];
  }
  // 'any', 'Readable' and other free-form types accept whatever the service sends.
  return [];
}

/** Throws an Error listing every key of `json` the model would not read. */
export function assertWireKeysMatchModel(model: SdkModelClass, json: unknown): void {
  const problems = wireKeyProblems(model, json);
  if (problems.length > 0) {
    throw new Error(`response does not match ${model.name || 'model'}:\n  ${problems.join('\n  ')}`);
  }
}
