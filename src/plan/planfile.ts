/**
 * The plan file: the only module that knows how a plan is stored. JSON, pretty-printed,
 * with `checksum` = sha256 of the canonical JSON of the plan without the checksum.
 *
 * Reading refuses, with one line naming the problem and the way out: an unreadable file,
 * corrupt JSON, another format version, a missing or wrong checksum (the plan was edited:
 * `apply` must execute exactly what was reviewed), and a plan for another account than the
 * one the credentials belong to.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { PLAN_FORMAT_VERSION, type Plan } from './model.js';

export function planChecksum(plan: Plan): string {
  return sha256Hex(canonicalJson(plan));
}

export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  const text = `${JSON.stringify({ ...plan, checksum: planChecksum(plan) }, null, 2)}\n`;
  // Written next to the target and renamed over it, so an interrupted write never leaves half a plan.
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { encoding: 'utf8', mode: 0o600 });
    await rename(temporary, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot write the plan to ${path} (${code}); check the --out path (its folder must exist and be writable)`, {
      cause: err,
    });
  }
}

export async function readPlanFile(path: string, expect: { readonly accountId: string }): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new UserError(`cannot read plan file ${path} (${why}); check the path, or save a plan with: aliyun-teardown plan --out ${path}`, {
      cause: err,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`plan file ${path} is not valid JSON (${(err as Error).message}); run plan again`, { cause: err });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new UserError(`plan file ${path} is not an aliyun-teardown plan; run plan again`);
  const { checksum, ...plan } = data as Record<string, unknown>;

  if (plan.formatVersion !== PLAN_FORMAT_VERSION)
    throw new UserError(
      `plan file ${path} has format version ${JSON.stringify(plan.formatVersion)} but this aliyun-teardown reads version ${PLAN_FORMAT_VERSION}; run plan again with this version`,
    );
  if (typeof checksum !== 'string')
    throw new UserError(`plan file ${path} has no checksum; it was not saved by aliyun-teardown plan --out; run plan again`);
  if (checksum !== sha256Hex(canonicalJson(plan))) throw new UserError(`plan file ${path} was modified after it was saved; run plan again`);
  if (!looksLikePlan(plan)) throw new UserError(`plan file ${path} is not an aliyun-teardown plan; run plan again`);
  if (plan.account.id !== expect.accountId)
    throw new UserError(
      `plan is for account ${plan.account.id} but the credentials belong to ${expect.accountId}; use that account's credentials or run plan again`,
    );
  return plan;
}

/** The checksum proves the file is as saved; this only guards against a foreign JSON file that happens to carry one. */
function looksLikePlan(p: Record<string, unknown>): p is Record<string, unknown> & Plan {
  const account = p.account as { id?: unknown } | undefined;
  return (
    typeof account === 'object' &&
    account !== null &&
    typeof account.id === 'string' &&
    Array.isArray(p.resources) &&
    Array.isArray(p.kept) &&
    Array.isArray(p.blocked) &&
    Array.isArray(p.warnings) &&
    typeof p.summary === 'object'
  );
}
