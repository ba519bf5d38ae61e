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
import { z } from 'zod';
import { formatPath } from '../config/load.js';
import { UserError } from '../errors.js';
import { addressOf } from '../providers/contract.js';
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
  const parsed = planSchema.safeParse(plan);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
    throw new UserError(`plan file ${path} is not a valid aliyun-teardown plan (${where}${issue?.message ?? 'invalid'}); run plan again`);
  }
  // Checked above against the plan's model, field by field; unknown fields pass through untouched.
  const valid = parsed.data as unknown as Plan;
  if (valid.account.id !== expect.accountId)
    throw new UserError(
      `plan is for account ${valid.account.id} but the credentials belong to ${expect.accountId}; use that account's credentials or run plan again`,
    );
  return valid;
}

/*
 * The plan's shape (model.ts), checked after the checksum: a checksum proves the file is as
 * saved, not that what was saved is a plan — a hand-edited file with a recomputed checksum
 * (`resources: [1]`, `steps: null`) must be a one-line refusal, not a crash half-way through
 * an apply. Objects pass unknown keys through: the format may gain fields, and the checksum
 * already covers them.
 */
const text = z.string();
const strings = z.array(text);
const propertyValue = z.union([text, z.number(), z.boolean(), z.null(), strings]);
const resourceSchema = z
  .object({
    type: text,
    region: text,
    id: text,
    name: text.optional(),
    createdAt: text.optional(),
    tags: z.record(text).optional(),
    tagsUnreadable: text.optional(),
    properties: z.record(propertyValue),
  })
  .passthrough();
const stepSchema = z
  .object({ action: text, description: text, blocked: text.optional(), batch: z.number().int().positive().optional() })
  .passthrough();
const dependencySchema = z
  .object({ address: text, reason: text, touches: z.boolean().optional(), keptWith: z.boolean().optional(), owner: z.boolean().optional() })
  .passthrough();
const nodeSchema = z
  .object({
    address: text,
    type: text,
    service: text,
    region: text,
    id: text,
    name: text.optional(),
    resource: resourceSchema,
    steps: z.array(stepSchema),
    dependsOn: z.array(dependencySchema),
    fingerprint: text,
    caller: z.boolean().optional(),
    releasedWith: text.optional(),
  })
  .passthrough()
  // apply shows the node's address and acts on its resource: they must be the same thing.
  .refine(
    (n) => n.address === addressOf(n.type, n.region, n.id) && n.address === addressOf(n.resource.type, n.resource.region, n.resource.id),
    (n) => ({ message: `node ${n.address} does not match its type, region and id` }),
  );
const exclusionSchema = z
  .object({
    address: text,
    type: text,
    region: text,
    id: text,
    name: text.optional(),
    properties: z.record(propertyValue).optional(),
    reason: text,
    blockedBy: strings.optional(),
  })
  .passthrough();
const planSchema = z
  .object({
    formatVersion: z.literal(PLAN_FORMAT_VERSION),
    toolVersion: text,
    createdAt: text,
    account: z.object({ id: text, callerArn: text, identityType: text, accessKeyId: text }).passthrough(),
    endpoint: text.optional(),
    scope: z.object({ regions: strings, types: strings }).passthrough(),
    settings: z.object({ convertPrepaid: z.boolean(), refundSubscriptions: z.boolean(), deleteCallerAccessKey: z.boolean() }).passthrough(),
    resources: z.array(nodeSchema),
    kept: z.array(exclusionSchema),
    blocked: z.array(exclusionSchema),
    gaps: z.array(z.object({ type: text, region: text, code: text, message: text, action: text, fix: text }).passthrough()),
    summary: z.object({ toDestroy: z.number(), kept: z.number(), blocked: z.number(), gaps: z.number() }).passthrough(),
  })
  .passthrough();
