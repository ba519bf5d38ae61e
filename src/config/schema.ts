/**
 * The config file's schema (docs/config.md documents every field with a full example).
 *
 * Every object is strict: an unknown key is an error, because a misspelt `keep` rule that
 * is silently ignored would let the tool delete what the user meant to keep.
 */
import { z } from 'zod';
import { DEFAULT_SETTINGS, RDS_RELEASED_KEEP_POLICIES, SERVICES, type ProviderSettings, type Service } from '../providers/contract.js';

/** Keys of `endpoints`: the SDK clients of src/cloud/clients.ts (alidns is the DNS product's client). */
const ENDPOINT_SERVICES = [
  'ecs',
  'vpc',
  'slb',
  'rds',
  'oss',
  'ram',
  'sts',
  'alidns',
  'bss',
  'domain',
  'resourcecenter',
  'ess',
  'alb',
  'nlb',
  'cbn',
  'kms',
  'cdn',
  'kvstore',
  'polardb',
  'dds',
  'nas',
  'ros',
] as const;

/** `30m`, `12h`, `7d`, `2w`. */
export const DURATION = /^(\d+)(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new RangeError(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const duration = z
  .string({ invalid_type_error: 'expected a duration like 7d, 12h, 30m or 2w' })
  .regex(DURATION, 'expected a duration like 7d, 12h, 30m or 2w');

const nonEmpty = (what: string) => z.string({ invalid_type_error: `expected ${what}` }).min(1, `expected ${what}`);

// YAML reads an unquoted 16-digit account id as a number; load.ts keeps ids above 2^53 as
// strings so no digit is lost, and both forms end up as the same string here.
const accountId = z
  .union([z.string(), z.number().int().nonnegative()], { errorMap: () => ({ message: 'expected an account id (digits)' }) })
  .transform(String)
  .refine((s) => /^\d+$/.test(s), 'expected an account id (digits)');

export const KEEP_CONDITIONS = ['address', 'type', 'id', 'name', 'nameRegex', 'tag', 'property', 'newerThan', 'olderThan'] as const;

const validRegex = (source: string): boolean => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
};

const PROPERTY_VALUE_ERROR = 'expected a value (text, number, true/false or null) or a list of values';
const propertyScalar = z.union([z.string(), z.number(), z.boolean(), z.null()], { errorMap: () => ({ message: PROPERTY_VALUE_ERROR }) });
/** `{deletionProtection: true}`, `{chargeType: [PrePaid, Prepaid]}`: the properties shown in the plan. */
const propertyCondition = z
  .record(
    z.string(),
    z.union([propertyScalar, z.array(propertyScalar).min(1, PROPERTY_VALUE_ERROR)], {
      errorMap: () => ({ message: PROPERTY_VALUE_ERROR }),
    }),
    {
      invalid_type_error: 'expected {<property>: <value or list of values>}',
    },
  )
  .refine((m) => Object.keys(m).length > 0, 'expected at least one property, e.g. {deletionProtection: true}');

const keepRuleSchema = z
  .object(
    {
      address: nonEmpty('an address glob like ecs.instance/cn-hangzhou/*').optional(),
      type: nonEmpty('a resource type like ecs.instance').optional(),
      id: nonEmpty('a resource id').optional(),
      name: nonEmpty('a name glob like web-*').optional(),
      nameRegex: nonEmpty('a regular expression').refine(validRegex, 'not a valid regular expression').optional(),
      tag: z
        .object(
          { key: nonEmpty('a tag key'), value: z.string({ invalid_type_error: 'expected a string' }).optional() },
          {
            invalid_type_error: 'expected {key, value?}',
          },
        )
        .strict()
        .optional(),
      property: propertyCondition.optional(),
      newerThan: duration.optional(),
      olderThan: duration.optional(),
      reason: z.string({ invalid_type_error: 'expected a string' }).optional(),
    },
    {
      invalid_type_error:
        'expected a keep rule {address?, type?, id?, name?, nameRegex?, tag?, property?, newerThan?, olderThan?, reason?}',
    },
  )
  .strict()
  .refine(
    (r) => KEEP_CONDITIONS.some((k) => r[k] !== undefined),
    `a keep rule needs at least one condition (address, type, id, name, nameRegex, tag, property, newerThan, olderThan)`,
  );

const concurrencyLimit = z
  .number({ invalid_type_error: 'expected a whole number from 1 to 100' })
  .int('expected a whole number from 1 to 100')
  .min(1, 'expected a whole number from 1 to 100')
  .max(100, 'expected a whole number from 1 to 100');

/** Host names only: the SDKs prepend the scheme themselves (a scheme here gives `http://http//...`). */
const endpointHost = z
  .string({ invalid_type_error: 'expected a host name' })
  .regex(/^[A-Za-z0-9.{}_-]+(:\d+)?$/, 'expected a host name without scheme or path, e.g. ecs-vpc.{region}.aliyuncs.com');

const stringList = (what: string) => z.array(nonEmpty(what), { invalid_type_error: `expected a list of ${what}s` });

export const DEFAULT_GLOBAL_CONCURRENCY = 10;

export const configSchema = z
  .object({
    accountBlocklist: z.array(accountId, { invalid_type_error: 'expected a list of account ids' }).default([]),
    regions: stringList('region id').min(1, 'expected at least one region (leave regions out to scan every region)').optional(),
    include: stringList('service or type').default([]),
    exclude: stringList('service or type').default([]),
    keep: z.array(keepRuleSchema, { invalid_type_error: 'expected a list of keep rules' }).default([]),
    settings: z
      .object(
        {
          convertPrepaid: z.boolean({ invalid_type_error: 'expected true or false' }).default(DEFAULT_SETTINGS.convertPrepaid),
          disableDeletionProtection: z
            .boolean({ invalid_type_error: 'expected true or false' })
            .default(DEFAULT_SETTINGS.disableDeletionProtection),
          refundSubscriptions: z.boolean({ invalid_type_error: 'expected true or false' }).default(DEFAULT_SETTINGS.refundSubscriptions),
          deleteCallerAccessKey: z
            .boolean({ invalid_type_error: 'expected true or false' })
            .default(DEFAULT_SETTINGS.deleteCallerAccessKey),
          // DeleteDBInstance's ReleasedKeepPolicy, spelt as the API spells it ("Lastest").
          rdsReleasedKeepPolicy: z.enum(RDS_RELEASED_KEEP_POLICIES).default(DEFAULT_SETTINGS.rdsReleasedKeepPolicy),
        },
        {
          invalid_type_error:
            'expected {convertPrepaid?, disableDeletionProtection?, refundSubscriptions?, deleteCallerAccessKey?, rdsReleasedKeepPolicy?}',
        },
      )
      .strict()
      .default({}),
    concurrency: z
      .object(
        {
          global: concurrencyLimit.default(DEFAULT_GLOBAL_CONCURRENCY),
          perService: z.record(z.enum(SERVICES), concurrencyLimit, { invalid_type_error: 'expected {<service>: <limit>}' }).default({}),
        },
        { invalid_type_error: 'expected {global?, perService?}' },
      )
      .strict()
      .default({}),
    endpoints: z.record(z.enum(ENDPOINT_SERVICES), endpointHost, { invalid_type_error: 'expected {<service>: <host>}' }).default({}),
    site: z.enum(['china', 'international']).optional(),
  })
  .strict();

export type KeepPropertyValue = string | number | boolean | null;

export interface KeepRule {
  /** Glob over the whole address (`*` matches anything, `/` included; `?` one character). */
  readonly address?: string | undefined;
  readonly type?: string | undefined;
  readonly id?: string | undefined;
  /** Glob over the resource's name. */
  readonly name?: string | undefined;
  /** JavaScript regular expression searched in the name (anchor it with ^...$ to match whole names). */
  readonly nameRegex?: string | undefined;
  readonly tag?: { readonly key: string; readonly value?: string | undefined } | undefined;
  /**
   * Properties as the plan shows them (`deletionProtection`, `chargeType`...): each must equal
   * the value, or one of the listed values; a list-valued property matches when it holds it.
   */
  readonly property?: Readonly<Record<string, KeepPropertyValue | readonly KeepPropertyValue[]>> | undefined;
  /** Keep resources created less than this long ago (`7d`). */
  readonly newerThan?: string | undefined;
  /** Keep resources created more than this long ago. */
  readonly olderThan?: string | undefined;
  /** Shown in the plan next to the kept resource. */
  readonly reason?: string | undefined;
}

export interface TeardownConfig {
  /** Accounts the tool refuses to touch at all (checked before any scan). */
  readonly accountBlocklist: readonly string[];
  /** Regions to scan; undefined: every region ECS DescribeRegions lists. */
  readonly regions?: readonly string[] | undefined;
  /** Services or types to select (empty: all); `--only` replaces it. */
  readonly include: readonly string[];
  /** Services or types to leave alone; `--exclude` adds to it. */
  readonly exclude: readonly string[];
  /** Any rule keeps a resource (OR); all conditions of one rule must match (AND). */
  readonly keep: readonly KeepRule[];
  readonly settings: ProviderSettings;
  readonly concurrency: {
    readonly global: number;
    readonly perService: Readonly<Partial<Record<Service, number>>>;
  };
  /** Per-client endpoint host, `{region}` replaced: `{ ecs: 'ecs-vpc.{region}.aliyuncs.com' }`. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** `international` uses the international site's central endpoints (Domain, BSS). */
  readonly site?: 'china' | 'international' | undefined;
}

/** No config file: every default. (Typed so the schema's output is checked against TeardownConfig.) */
export const DEFAULT_CONFIG: TeardownConfig = configSchema.parse({});
