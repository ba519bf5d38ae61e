/**
 * Reads the YAML config file. Every problem is a `UserError` of one line that names the file,
 * the path inside it and what was expected: `config teardown.yaml: keep[2].tag: expected {key, value?}`.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument, visit, type Document } from 'yaml';
import type { ZodIssue } from 'zod';
import { UserError } from '../errors.js';
import { configSchema, DEFAULT_CONFIG, type KeepRule, type TeardownConfig } from './schema.js';

export { DEFAULT_CONFIG, type KeepRule, type TeardownConfig };

export async function loadConfig(path: string): Promise<TeardownConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new UserError(`config ${path}: cannot read it (${why}); check the --config path`, { cause: err });
  }
  return parseConfig(text, path);
}

export function parseConfig(text: string, sourceName: string): TeardownConfig {
  // intAsBigInt: an unquoted 16-digit account id can exceed 2^53; as a plain number its last
  // digits would silently change, and the blocklist would no longer match the account.
  const doc = parseDocument(text, { intAsBigInt: true, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const where = yamlError.linePos ? `line ${yamlError.linePos[0].line}, column ${yamlError.linePos[0].col}: ` : '';
    const what = (yamlError.message.split('\n')[0] ?? yamlError.code).replace(/ at line \d+, column \d+:?$/, '');
    throw new UserError(`config ${sourceName}: ${where}invalid YAML: ${what}`);
  }
  // An alias inside the node it names (`a: &a [*a]`) would make a value that contains itself.
  const loop = recursiveAlias(doc);
  if (loop !== undefined)
    throw new UserError(
      `config ${sourceName}: the YAML alias *${loop} is inside the value it names (a recursive alias); write the value out instead`,
    );
  let raw: unknown;
  try {
    raw =
      doc.toJS({
        // The yaml library's guard against "billion laughs" documents (aliases of aliases
        // expanding exponentially): it throws a ReferenceError past this many alias uses.
        maxAliasCount: MAX_ALIAS_COUNT,
        reviver: (_key: unknown, value: unknown) =>
          typeof value === 'bigint' ? (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()) : value,
      }) ?? {};
  } catch (err) {
    throw new UserError(
      `config ${sourceName}: too many YAML aliases (*name) expand the document (more than ${MAX_ALIAS_COUNT}); write the values out instead`,
      { cause: err },
    );
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new UserError(`config ${sourceName}: ${result.error.issues.map(describeIssue).join('; ')}`);
  return result.data;
}

const MAX_ALIAS_COUNT = 100;

/** The anchor name of the first alias found inside the node it refers to, or undefined. */
function recursiveAlias(doc: Document): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      if (target !== undefined && path.includes(target)) {
        found = alias.source;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function describeIssue(issue: ZodIssue): string {
  const at = issue.path.length === 0 ? '' : `${formatPath(issue.path)}: `;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${formatPath([...issue.path, k])}: unknown key`).join('; ');
    case 'invalid_type':
      if (issue.received === 'undefined') return `${at}required`;
      if (issue.path.length === 0) return 'expected a mapping (key: value) at the top level';
      return `${at}${issue.message}`;
    case 'invalid_enum_value':
      return `${at}expected one of ${issue.options.join(', ')}`;
    default:
      return `${at}${issue.message}`;
  }
}

/** `keep[2].tag` */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
