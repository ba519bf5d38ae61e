/**
 * The shapes of the tool's JSON output, as documented (docs/plan-json.md, docs/usage.md,
 * docs/apply.md). Strict: a field the docs do not show fails the doc tests, so a new field
 * gets documented.
 */
import { z } from 'zod';

const address = z.string().regex(/^[a-z]+\.[a-z-]+\/[^/]+\/.+$/, 'an address <type>/<region>/<id>');
const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

const planGap = z
  .object({ type: z.string(), region: z.string(), code: z.string(), message: z.string(), action: z.string(), fix: z.string() })
  .strict();
const exclusion = z
  .object({
    address,
    type: z.string(),
    region: z.string(),
    id: z.string(),
    name: z.string().nullable(),
    reason: z.string(),
    blockedBy: z.array(address),
  })
  .strict();

const plan = z
  .object({
    formatVersion: z.literal(2),
    toolVersion: z.string(),
    account: z
      .object({
        id: z.string().regex(/^\d+$/),
        callerArn: z.string().startsWith('acs:ram::'),
        identityType: z.enum(['Account', 'RAMUser', 'AssumedRoleUser']),
        accessKeyId: z.string(),
      })
      .strict(),
    endpoint: z.string().nullable(),
    scope: z.object({ regions: z.array(z.string()), types: z.array(z.string()) }).strict(),
    resources: z.array(
      z
        .object({
          address,
          type: z.string(),
          region: z.string(),
          id: z.string(),
          name: z.string().nullable(),
          properties: z.record(propertyValue),
          steps: z.array(z.object({ action: z.string().regex(/^[a-z]+(-[a-z]+)*$/), description: z.string() }).strict()),
          dependsOn: z.array(z.object({ address, reason: z.string() }).strict()),
          caller: z.boolean(),
          releasedWith: address.nullable(),
        })
        .strict(),
    ),
    kept: z.array(exclusion),
    blocked: z.array(exclusion),
    gaps: z.array(planGap),
    complete: z.boolean(),
    summary: z.object({ toDestroy: z.number().int(), kept: z.number().int(), blocked: z.number().int(), gaps: z.number().int() }).strict(),
  })
  .strict();

const readiness = z
  .object({
    formatVersion: z.literal(1),
    accountId: z.string().regex(/^\d+$/),
    checkedAt: z.string().datetime(),
    checks: z.array(
      z
        .object({
          id: z.enum(['resources', 'uncovered', 'domains', 'ram', 'balance', 'manual']),
          title: z.string(),
          status: z.enum(['passed', 'blocking', 'needs-a-person']),
          summary: z.string(),
          evidence: z.array(
            z.object({ item: z.string(), action: z.string().optional(), resources: z.array(z.string()).optional() }).strict(),
          ),
        })
        .strict(),
    ),
    ready: z.boolean(),
    verdict: z.string(),
  })
  .strict();

const applyReport = z
  .object({
    accountId: z.string().regex(/^\d+$/),
    interrupted: z.boolean(),
    deleted: z.array(address),
    alreadyGone: z.array(address),
    deletedBefore: z.array(address),
    failed: z.array(
      z
        .object({
          address,
          step: z.string().optional(),
          code: z.string(),
          kind: z.string().optional(),
          message: z.string(),
          requestId: z.string().optional(),
          hint: z.string(),
        })
        .strict(),
    ),
    skipped: z.array(z.object({ address, reason: z.string(), blockedBy: z.string().optional() }).strict()),
    unfinished: z.array(z.object({ address, reason: z.string() }).strict()),
    kept: z.array(
      z
        .object({
          address,
          type: z.string(),
          region: z.string(),
          id: z.string(),
          name: z.string().optional(),
          reason: z.string(),
          blockedBy: z.array(z.string()).optional(),
          properties: z.record(propertyValue).optional(),
        })
        .strict(),
    ),
    blocked: z.array(
      z
        .object({
          address,
          type: z.string(),
          region: z.string(),
          id: z.string(),
          name: z.string().optional(),
          reason: z.string(),
          blockedBy: z.array(z.string()).optional(),
          properties: z.record(propertyValue).optional(),
        })
        .strict(),
    ),
    gaps: z.array(planGap),
    counts: z.record(z.number().int()),
    journalFailure: z.object({ file: z.string(), code: z.string() }).strict().optional(),
    exitCode: z.union([z.literal(0), z.literal(3), z.literal(4), z.literal(5), z.literal(130)]),
    summary: z.string().startsWith('Apply: '),
  })
  .strict();

export const OUTPUT_SCHEMAS: Readonly<Record<string, z.ZodTypeAny>> = {
  plan,
  'plan-gap': planGap,
  readiness,
  'apply-report': applyReport,
};
