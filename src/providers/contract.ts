/**
 * The resource contract: what every resource type in the catalogue provides.
 *
 * One file per type under `src/providers/<service>/<resource>.ts` exports one
 * `ResourceType` object; `src/providers/index.ts` lists them all in an explicit array.
 *
 * Life of a resource:
 *   list()          scan: yields every resource of the type in one region (or once, globally)
 *   dependencies()  which other resources must be gone before this one can be deleted, and why
 *   steps()         the ordered actions that delete it (prep steps, then the deleting step);
 *                   a step may be `blocked` (cannot be done: WORM lock, registered domain...)
 *   run()           carries out one step (apply only, with read-write clients)
 *   read()          re-reads one resource: `undefined` means it is gone. apply uses it before
 *                   mutating (is it still there, is it still wanted?) and after the last step
 *                   to wait until the deletion is visible.
 *
 * Providers state steps; `src/apply` runs them, retries them and waits. A provider's run()
 * does one attempt of one step and throws `CloudApiError` (from the guarded clients) on
 * failure; it never retries or sleeps by itself except through `ctx.waitUntil`.
 */
import type { Logger } from 'pino';
import type { CloudClients } from '../cloud/clients.js';
import type { CallerIdentity } from '../cloud/identity.js';

export type Scope = 'regional' | 'global';
/** The services of the catalogue (a type's name starts with its service): the one list of them. */
export const SERVICES = [
  'ecs',
  'vpc',
  'slb',
  'rds',
  'oss',
  'ram',
  'dns',
  'domain',
  'bss',
  'ess',
  'alb',
  'nlb',
  'cen',
  'kms',
  'cdn',
  'fc',
  'kvstore',
  'polardb',
  'mongodb',
  'nas',
  'ros',
  'cs',
  'sls',
] as const;
export type Service = (typeof SERVICES)[number];

/** The region field of resources of global services (RAM, DNS, Domain, BSS). */
export const GLOBAL = 'global';

export type PropertyValue = string | number | boolean | null | readonly string[];

/**
 * One resource as found in the cloud. Plain JSON data: it is saved in plan files.
 * `address` is `<type>/<region>/<id>` (see addressOf): stable, used by filters, plan files,
 * journals and JSON output.
 */
export interface Resource {
  readonly type: string;
  /** Region id, or `global` for global services. OSS buckets carry their location region. */
  readonly region: string;
  readonly id: string;
  readonly name?: string | undefined;
  /** ISO 8601 creation time, when the API returns one (keep rules by age use it). */
  readonly createdAt?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /**
   * Set when the tags could not be read (the tag API was denied or failed): why, as
   * `Code: message`. `tags` is then not "no tags" but unknown, and a keep rule on tags cannot
   * tell whether it matches: the planner blocks such a resource instead of guessing.
   */
  readonly tagsUnreadable?: string | undefined;
  /**
   * Facts shown in the plan and used by dependencies() and run(): status, charge type,
   * protection, VPC id, attached instance, object count... Flat; keys in camelCase.
   */
  readonly properties: Readonly<Record<string, PropertyValue>>;
}

export function addressOf(type: string, region: string, id: string): string {
  return `${type}/${region}/${id}`;
}

export function resourceAddress(r: Pick<Resource, 'type' | 'region' | 'id'>): string {
  return addressOf(r.type, r.region, r.id);
}

/** "`address` must be gone before this resource can be deleted, because `reason`". */
export interface Dependency {
  readonly address: string;
  /** Short, lower case, e.g. "vswitch in this VPC", "instance attached to this disk". */
  readonly reason: string;
  /**
   * Not an ordering edge: this resource's steps modify `address` (a security group revokes
   * the rules of other groups that reference it). So `address` must itself be destroyed by
   * this plan — if it is kept, blocked or outside the selection, this resource is blocked
   * instead, because nothing outside the plan may be touched.
   */
  readonly touches?: boolean | undefined;
  /**
   * `address` owns this resource: deleting the owner releases it (a scaling group releases the
   * instances it created; an instance its system disk and DeleteWithInstance data disks).
   * A side effect is in the plan whenever its owner is, whatever the selection (the plan lists
   * every destruction); a keep rule on it blocks the owner. Ordering like any dependency, and more: the resource is never
   * deleted by itself — deleting it would only make the owner replace it — so the planner
   * replaces its steps with one `released-with-owner` step that sends nothing, and apply
   * waits for it to be gone once the owner is. A kept or blocked owner blocks it.
   */
  readonly owner?: boolean | undefined;
  /**
   * Not an ordering edge either: this resource is part of `address`, or its teardown changes
   * it (an AccessKey of its user, a record of its zone, a user removed from its group, a custom
   * policy detached from a principal). When `address` is kept — by a rule, or because it is
   * needed by or part of something kept — this resource is blocked with it: keeping protects
   * what the kept resource is made of, and no mutating call may name a kept resource. Unlike
   * `touches`, a resource blocked for reasons of its own (the caller's user, a service-linked
   * role) or outside the selection does not block it.
   */
  readonly keptWith?: boolean | undefined;
}

/**
 * Where a type's tags come from, for `resources`, docs/resources.md and the plan: the API
 * (and call pattern) the provider reads them with, or `none` when the cloud cannot tag this
 * kind of resource at all — with the way to keep one instead.
 */
export type TagSupport =
  | { readonly source: string }
  | {
      readonly none: true;
      /** "keep users by name or id". */
      readonly keepInstead: string;
    };

/** The one step of a resource whose owner releases it (see Dependency.owner): no cloud call. */
export const RELEASED_WITH_OWNER = 'released-with-owner';

/** Read access to everything the scan found, for computing dependencies. */
export interface Inventory {
  get(address: string): Resource | undefined;
  byType(type: string): readonly Resource[];
}

export interface Step {
  /** kebab-case verb: `disable-deletion-protection`, `convert-to-postpaid`, `detach`, `empty`, `delete`... */
  readonly action: string;
  /** What it does, for the plan: "convert subscription (expires 2027-01-31) to pay-as-you-go". */
  readonly description: string;
  /** Set when the step cannot be carried out: the reason and the way out. The resource is then blocked. */
  readonly blocked?: string | undefined;
  /** The step can be run for up to this many resources of the same type and region in one call (runBatch). */
  readonly batch?: number | undefined;
}

/** Settings that change what providers plan to do (from the config file, with defaults). */
export interface ProviderSettings {
  /** Convert prepaid (subscription) ECS/RDS instances to pay-as-you-go before release. Default true. */
  readonly convertPrepaid: boolean;
  /**
   * Turn deletion protection off before deleting (ECS, RDS, CLB/ALB/NLB, EIP, NAT, ESS, KMS). Default true: emptying
   * an account needs it. False: a protected resource is blocked, and what depends on it.
   */
  readonly disableDeletionProtection: boolean;
  /** Unsubscribe (BSS RefundInstance) subscriptions of products no provider covers. Default false: reported as blocked. */
  readonly refundSubscriptions: boolean;
  /** Delete the caller's own AccessKey as the very last step. Default false: kept, so reruns still work. */
  readonly deleteCallerAccessKey: boolean;
  /**
   * What happens to an RDS instance's archived backups when it is released: DeleteDBInstance's
   * `ReleasedKeepPolicy`, in the API's own spelling — `None` (none kept, the API's default),
   * `Lastest` (the last one), `All`. The API honours it for MySQL with local disks only.
   * Default `None`. Plans saved before this setting existed read as `None`.
   */
  readonly rdsReleasedKeepPolicy: RdsReleasedKeepPolicy;
}

export const RDS_RELEASED_KEEP_POLICIES = ['None', 'Lastest', 'All'] as const;
export type RdsReleasedKeepPolicy = (typeof RDS_RELEASED_KEEP_POLICIES)[number];

export const DEFAULT_SETTINGS: ProviderSettings = {
  convertPrepaid: true,
  disableDeletionProtection: true,
  refundSubscriptions: false,
  deleteCallerAccessKey: false,
  rdsReleasedKeepPolicy: 'None',
};

/** What steps() may look at besides the resource. */
export interface PlanningContext {
  readonly caller: CallerIdentity;
  readonly settings: ProviderSettings;
  /** The planning time (injected, so plans are reproducible in tests). */
  readonly now: Date;
}

export interface ScanContext extends PlanningContext {
  /** Read-only during plan; read-write during apply. */
  readonly clients: CloudClients;
  /** The region being scanned, or `global` for global types. */
  readonly region: string;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /**
   * How many per-resource detail calls (a RAM user's policies and groups, a bucket's stat) a
   * listing may have in flight at once. The scan sets it to its global cap; the calls
   * themselves still queue for the scan's call slots, so the cap holds overall. @default 8
   */
  readonly detailConcurrency?: number | undefined;
}

export interface StepContext extends ScanContext {
  /**
   * Poll `check` with backoff until it returns true, saying `what` in the progress display
   * ("disk d-123 to become Available"); throws on deadline or abort.
   */
  waitUntil(what: string, check: () => Promise<boolean>, opts?: { readonly timeoutMs?: number }): Promise<void>;
  /** Progress inside a long step: "emptying bucket logs: 1,200,000 of 3,400,000 objects". */
  progress(message: string): void;
}

export interface ResourceType {
  /** `<service>.<resource>`, kebab case: `ecs.instance`. */
  readonly type: string;
  readonly service: Service;
  readonly scope: Scope;
  /** One line for `aliyun-teardown resources` and docs/resources.md. */
  readonly description: string;
  /**
   * Types whose resources may have to be gone before resources of this type. Type-level
   * summary of dependencies(): used to validate the registry and to scan what a partial
   * (`--only`) run must know about. Self-references are allowed.
   */
  readonly dependsOn: readonly string[];
  /**
   * The step actions a resource of this type may go through, in order, for
   * `aliyun-teardown resources` and docs/resources.md: `['disable-deletion-protection',
   * 'convert-to-postpaid', 'delete']`. Which ones a given resource needs is steps()'s call.
   */
  readonly stepSummary: readonly string[];
  /**
   * Types whose resources this type's steps may modify or go with (`touches` and `keptWith`
   * dependencies): scanned
   * along with a partial run so that a kept or unselected one blocks instead of being
   * touched. Not an ordering, so not checked for cycles.
   */
  readonly touchesTypes?: readonly string[] | undefined;
  /**
   * Resource Center types (`ACS::ECS::Instance`) whose resources this type lists: readiness
   * counts a Resource Center find of these as covered (see src/readiness/checks.ts).
   */
  readonly resourceCenterTypes?: readonly string[] | undefined;
  /**
   * BSS product codes (lower case) whose subscriptions this type deals with itself (converts,
   * releases or reports them): `bss.subscription` leaves them out, so that one instance is never
   * planned twice.
   */
  readonly billingProductCodes?: readonly string[] | undefined;
  /**
   * Types whose deletion may release resources of this type (their `owner` dependencies): an
   * ECS instance releases its system disk. A run that destroys those types scans this one too,
   * so the plan lists every side effect.
   */
  readonly ownedBy?: readonly string[] | undefined;
  /** Where tags come from, or that the type cannot carry any (see TagSupport). */
  readonly tags: TagSupport;
  /**
   * Properties naming what the resource is attached to or holds (`attachedPolicies`,
   * `memberUserNames`, `instanceId`...). apply compares them (with the name and tags) between
   * the plan and the resource as re-read: a change there makes the plan's dependency analysis
   * stale, so the resource is skipped with "changed since the plan was made" instead of being
   * torn down on old facts. Status and counters are not in it: they change on their own.
   */
  readonly attachmentProperties?: readonly string[] | undefined;
  /** Report-only types never delete anything (registered domains): every resource is blocked. */
  readonly reportOnly?: boolean | undefined;
  /** Per-code advice shown when a step fails with that code: what the user should do. */
  readonly hints?: Readonly<Record<string, string>> | undefined;
  /**
   * The deleting call answers success only once the resource is gone (RAM, Alidns, OSS
   * DeleteBucket: synchronous APIs, no deleting state): when the last step succeeded in this
   * run, apply counts the resource deleted without reading it back. Types whose deletion
   * goes through a state (ECS, VPC, RDS...) leave it unset and are polled until gone.
   */
  readonly deletedWhenAnswered?: boolean | undefined;
  /** How long to wait for a deletion to become visible. Default 10 minutes. */
  readonly deleteTimeoutMs?: number | undefined;

  list(ctx: ScanContext): AsyncIterable<Resource>;
  dependencies(r: Resource, inventory: Inventory): readonly Dependency[];
  steps(r: Resource, ctx: PlanningContext): readonly Step[];
  /**
   * `r` is the resource as read() returned it just before the steps (over what the scan saw),
   * so a step may act on what read() found (a user's groups) rather than list it again.
   */
  run(step: Step, r: Resource, ctx: StepContext): Promise<void>;
  /** Runs a `batch` step for many resources at once; returns the error of each that failed (by address). */
  runBatch?(step: Step, rs: readonly Resource[], ctx: StepContext): Promise<ReadonlyMap<string, Error>>;
  read(r: Resource, ctx: ScanContext): Promise<Resource | undefined>;
  /** Re-reads many at once (one Describe call); missing from the map = gone. */
  readMany?(rs: readonly Resource[], ctx: ScanContext): Promise<ReadonlyMap<string, Resource>>;
  /**
   * The region a resource of a global-scope type lives in, when it has one that is not its
   * `region` field (a BSS subscription of an ECS instance in cn-shanghai): `--regions` leaves
   * it alone outside those regions. Default: `region` (OSS buckets carry their location there).
   */
  locatedIn?(r: Resource): string | undefined;
  /** True for the caller's own identity (its AccessKey): such nodes go last. */
  isCaller?(r: Resource, caller: CallerIdentity): boolean;
}
