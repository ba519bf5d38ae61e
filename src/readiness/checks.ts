/**
 * The readiness verdict, computed from evidence alone (pure: the scan's inventory and what
 * gather.ts collected). Everything a person must do outside any API is a checklist here too,
 * because a user closing an account needs the whole path in one place.
 */
import type { CallerIdentity } from '../cloud/identity.js';
import { resourceAddress, type Resource } from '../providers/contract.js';
import type { BillingInstance, CenterResource, GatheredEvidence } from './gather.js';
import type { Evidence, PlannedFate, ReadinessCheck, ReadinessReport } from './model.js';

/** RAM resources have their own check (sub-accounts); registrations and subscriptions too. */
const isRam = (type: string): boolean => type.startsWith('ram.');
const SEPARATE_TYPES = new Set(['domain.registration', 'bss.subscription']);

export interface ScanGap {
  readonly type: string;
  readonly region: string;
  readonly code: string;
  readonly message: string;
}

export interface ReadinessInput {
  readonly accountId: string;
  /** Resource Center type → our type (the registry's `centerTypes`): what a provider lists. */
  readonly centerTypes: ReadonlyMap<string, string>;
  readonly caller: CallerIdentity;
  /** Every resource the scan found, of every type (kept ones too: they are still there). */
  readonly inventory: readonly Resource[];
  readonly scanGaps: readonly ScanGap[];
  /** The regions the scan covered: Resource Center finds in other regions are reported. */
  readonly scannedRegions: readonly string[];
  readonly evidence: GatheredEvidence;
  readonly now: Date;
  /**
   * Address → the keep rule that keeps it ("keep rule #1: tag keep=true"), for the resources the
   * config keeps: they stay, and readiness says which rule keeps each. @default none
   */
  readonly keptBy?: ReadonlyMap<string, string> | undefined;
  /**
   * By address: what `plan` would do with each resource (from the same scan and config).
   * Missing (or no map at all): unknown, and the advice is to look at the plan.
   */
  readonly fates?: ReadonlyMap<string, PlannedFate> | undefined;
}

/** The action for a resource the config keeps: names the rule that keeps it. */
function keptAction(rule: string): string {
  return `kept by the config (${rule}): remove or change that rule to tear it down, or delete it by hand`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const label = (r: Resource): string => `${resourceAddress(r)}${r.name && r.name !== r.id ? ` (${r.name})` : ''}`;

function countBy(items: readonly Resource[]): string {
  const counts = new Map<string, number>();
  for (const r of items) {
    const key = `${r.type.split('.')[0]} in ${r.region}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

/**
 * The leftovers of one check, grouped: one item for everything apply would destroy (one action,
 * not one per resource), then one item per resource apply would not destroy, with the plan's own
 * reason (kept by a rule, WORM-locked, service-linked...), so readiness never advises "run apply"
 * for what apply refuses. `special` lets a check word a resource itself (the caller's own key).
 */
function groupLeftovers(
  input: ReadinessInput,
  left: readonly Resource[],
  destroyAction: string,
  special: (r: Resource) => Evidence | undefined = () => undefined,
): Evidence[] {
  const destroy: string[] = [];
  const unknown: string[] = [];
  const others: Evidence[] = [];
  for (const r of left) {
    const own = special(r);
    const fate = input.fates?.get(resourceAddress(r));
    const rule = input.keptBy?.get(resourceAddress(r));
    if (own) others.push(fate && fate.fate !== 'destroy' ? { ...own, action: fate.reason } : own);
    else if (rule !== undefined) others.push({ item: label(r), action: keptAction(rule) });
    else if (fate?.fate === 'destroy') destroy.push(label(r));
    else if (fate) others.push({ item: `${label(r)}: ${fate.fate}`, action: fate.reason });
    else unknown.push(label(r));
  }
  const evidence: Evidence[] = [];
  if (destroy.length > 0)
    evidence.push({
      item: `${plural(destroy.length, 'resource', 'resources')} that apply would destroy`,
      action: destroyAction,
      resources: destroy,
    });
  if (unknown.length > 0)
    evidence.push(
      input.fates === undefined
        ? // No plan could be made from this scan (a dependency cycle): what apply would do is unknown.
          {
            item: `${plural(unknown.length, 'resource', 'resources')} left`,
            action: 'run aliyun-teardown plan to see what apply would do with them',
            resources: unknown,
          }
        : {
            item: `${plural(unknown.length, 'resource', 'resources')} outside the selection`,
            action: 'run aliyun-teardown plan without --only/--exclude to see what apply would do with them',
            resources: unknown,
          },
    );
  return [...evidence, ...others];
}

function resourcesCheck(input: ReadinessInput): ReadinessCheck {
  const left = input.inventory.filter((r) => !isRam(r.type) && !SEPARATE_TYPES.has(r.type));
  const evidence = groupLeftovers(input, left, 'review them with aliyun-teardown plan, then run aliyun-teardown apply');
  for (const g of input.scanGaps)
    evidence.push({
      item: `could not scan ${g.type} in ${g.region}: ${g.code}: ${g.message}`,
      action: 'grant read access to this service (or check it in the console), then run readiness again',
    });
  const status = left.length > 0 ? 'blocking' : input.scanGaps.length > 0 ? 'needs-a-person' : 'passed';
  const summary =
    left.length > 0
      ? `${plural(left.length, 'cloud resource', 'cloud resources')} left: ${countBy(left)}`
      : input.scanGaps.length > 0
        ? `no resources found, but ${plural(input.scanGaps.length, 'type/region scan', 'type/region scans')} failed`
        : 'no cloud resources left in any covered service';
  return { id: 'resources', title: 'Cloud resources', status, summary, evidence };
}

function uncoveredCheck(input: ReadinessInput): ReadinessCheck {
  // bss.subscription resources are the uncovered subscriptions themselves (the provider only
  // reports them, or refunds them on request): counting them as "known" would hide them here,
  // and no other check shows them.
  const covered = input.inventory.filter((r) => r.type !== 'bss.subscription');
  const knownIds = new Set(covered.map((r) => r.id));
  const knownNames = new Set(covered.map((r) => r.name).filter((n): n is string => typeof n === 'string'));
  const scanned = new Set(input.scannedRegions);
  const evidence: Evidence[] = [];
  let blocking = 0;
  let personOnly = false;

  const bss = input.evidence.billingInstances;
  if (!bss.ok) {
    personOnly = true;
    evidence.push({
      item: `could not list subscriptions (BSS QueryAvailableInstances): ${bss.error}`,
      action: 'check Expenses → Subscriptions in the console',
    });
  } else {
    for (const i of [...bss.value].sort((a, b) => a.instanceId.localeCompare(b.instanceId))) {
      if (knownIds.has(i.instanceId) || !isLive(i)) continue;
      blocking++;
      evidence.push({
        item: `${i.productCode} ${i.instanceId} (${i.subscriptionType}${i.endTime ? `, ends ${i.endTime}` : ''}${i.region ? `, ${i.region}` : ''}), left, not covered`,
        action:
          i.subscriptionType === 'Subscription'
            ? 'unsubscribe it in the console (Expenses → Unsubscribe), or set settings.refundSubscriptions and apply'
            : 'release it in its product console',
      });
    }
  }

  const rc = input.evidence.resourceCenter;
  if (!rc.ok) {
    personOnly = true;
    evidence.push({
      item: `could not query Resource Center: ${rc.error}`,
      action: 'check Resource Management → Resource Center in the console',
    });
  } else if (!rc.value.enabled) {
    personOnly = true;
    evidence.push({
      item: 'Resource Center is not enabled, so resources of products the tool does not cover cannot be seen',
      action:
        'enable it in the console (Resource Management → Resource Center → Enable; free), wait for it to index, then run readiness again — this check never enables it itself',
    });
  } else {
    for (const r of [...rc.value.resources].sort((a, b) =>
      `${a.resourceType}${a.resourceId}`.localeCompare(`${b.resourceType}${b.resourceId}`),
    )) {
      if (knownIds.has(r.resourceId) || knownNames.has(r.resourceId)) continue;
      // A covered type in a scanned region that the scan did not list is a part of another
      // resource (a system disk, a primary ENI) or service-managed: it goes with its owner.
      if (input.centerTypes.has(r.resourceType) && (r.regionId === '' || scanned.has(r.regionId))) continue;
      blocking++;
      evidence.push(centerEvidence(r, input.centerTypes.get(r.resourceType)));
    }
  }
  const status = blocking > 0 ? 'blocking' : personOnly ? 'needs-a-person' : 'passed';
  const summary =
    blocking > 0
      ? `${plural(blocking, 'resource or subscription', 'resources or subscriptions')} left that no provider covers`
      : personOnly
        ? 'could not check every product: see below'
        : 'Resource Center and billing list nothing else';
  return { id: 'uncovered', title: 'Products no provider covers (Resource Center, billing)', status, summary, evidence };
}

function isLive(i: BillingInstance): boolean {
  return !/^(Released|Refunded|Expired|Closed)$/i.test(i.status);
}

function centerEvidence(r: CenterResource, ours: string | undefined): Evidence {
  return ours
    ? {
        item: `${r.resourceType} ${r.resourceId} in ${r.regionId}: left in a region that was not scanned (${ours})`,
        action: `run aliyun-teardown with --regions ${r.regionId} (or without --regions) to include it`,
      }
    : {
        item: `${r.resourceType} ${r.resourceId}${r.resourceName ? ` (${r.resourceName})` : ''} in ${r.regionId || 'global'}: left, not covered`,
        action: 'delete it in its product console',
      };
}

function domainsCheck(input: ReadinessInput): ReadinessCheck {
  const domains = input.inventory.filter((r) => r.type === 'domain.registration');
  const evidence = domains.map((d) => {
    const expiry = d.properties.expirationDate ?? d.properties.expiry;
    return {
      item: `${d.name ?? d.id}${typeof expiry === 'string' ? `, expires ${expiry}` : ''}`,
      action:
        'transfer it to another registrar or Alibaba Cloud account (Domains console → transfer out, with the transfer code), or let it expire',
    };
  });
  return {
    id: 'domains',
    title: 'Registered domains',
    status: domains.length > 0 ? 'blocking' : 'passed',
    summary:
      domains.length > 0
        ? `${plural(domains.length, 'registered domain', 'registered domains')}: ${domains.length === 1 ? 'it cannot' : 'they cannot'} be deleted by API`
        : 'no registered domains',
    evidence,
  };
}

function ramCheck(input: ReadinessInput): ReadinessCheck {
  const left = input.inventory.filter((r) => isRam(r.type));
  const isCallerKey = (r: Resource) => r.type === 'ram.access-key' && r.id === input.caller.accessKeyId;
  const isCallerUser = (r: Resource) =>
    r.type === 'ram.user' && input.caller.ramUserName !== undefined && r.id === input.caller.ramUserName;
  const evidence = groupLeftovers(
    input,
    left,
    'run aliyun-teardown apply (--only ram for these alone), or delete them in the RAM console',
    (r) =>
      isCallerKey(r) || isCallerUser(r)
        ? {
            item: `${label(r)} — ${isCallerKey(r) ? 'the key' : 'the user'} running this check`,
            action: 'delete it last, from the RAM console signed in as the account owner',
          }
        : undefined,
  );
  const counts = ['ram.user', 'ram.access-key', 'ram.group', 'ram.role', 'ram.policy']
    .map((t) => [t, left.filter((r) => r.type === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => plural(n, t.slice(4), t === 'ram.policy' ? 'policies' : `${t.slice(4)}s`));
  return {
    id: 'ram',
    title: 'RAM users, AccessKeys, groups, roles, policies',
    status: left.length > 0 ? 'blocking' : 'passed',
    summary: left.length > 0 ? `left: ${counts.join(', ')}` : 'no RAM identities left',
    evidence,
  };
}

function balanceCheck(input: ReadinessInput): ReadinessCheck {
  const b = input.evidence.balance;
  if (!b.ok)
    return {
      id: 'balance',
      title: 'Balance',
      status: 'needs-a-person',
      summary: 'could not read the balance',
      evidence: [{ item: `BSS QueryAccountBalance: ${b.error}`, action: 'check Expenses → Account overview in the console' }],
    };
  const { availableCashAmount: cash, currency, creditAmount } = b.value;
  const evidence: Evidence[] = [];
  if (cash > 0)
    evidence.push({
      item: `cash balance ${cash.toFixed(2)} ${currency}`,
      action: 'withdraw it before cancelling (Expenses → Funds → Withdraw); vouchers and coupons are forfeited',
    });
  if (cash < 0)
    evidence.push({ item: `overdue balance ${cash.toFixed(2)} ${currency}`, action: 'settle the overdue amount (Expenses → Top up)' });
  if (creditAmount > 0)
    evidence.push({ item: `credit line ${creditAmount.toFixed(2)} ${currency}`, action: 'make sure nothing is owed against it' });
  return {
    id: 'balance',
    title: 'Balance',
    status: cash !== 0 ? 'blocking' : 'passed',
    summary:
      cash > 0
        ? `${cash.toFixed(2)} ${currency} to withdraw`
        : cash < 0
          ? `${(-cash).toFixed(2)} ${currency} overdue`
          : `cash balance 0 ${currency}`.trim(),
    evidence,
  };
}

/**
 * What no API can check. Always shown: this is the path to a cancelled account. (The balance is
 * not here: the balance check reads it and says what to withdraw.)
 */
export const MANUAL_STEPS: readonly Evidence[] = [
  { item: 'issue every remaining invoice', action: 'Expenses → Invoices: none can be issued once cancellation starts' },
  {
    item: 'remove automatic-payment authorisations',
    action: 'Alipay (China site) or PayPal (international site): Expenses → Payment methods',
  },
  { item: 'back up any data you still need', action: 'everything is unrecoverable after cancellation' },
  { item: 'cancel the account', action: 'Account Center → Security Settings → Cancel account; verify your identity' },
  { item: 'enterprise accounts', action: 'the legal person applies, with the company seal on the application' },
  { item: 'protection period', action: 'for 15–30 days after applying, logging in undoes the cancellation: stay logged out' },
];

export function evaluateReadiness(input: ReadinessInput): ReadinessReport {
  const checks: ReadinessCheck[] = [
    resourcesCheck(input),
    uncoveredCheck(input),
    domainsCheck(input),
    ramCheck(input),
    balanceCheck(input),
    {
      id: 'manual',
      title: 'Steps only a person can take',
      status: 'needs-a-person',
      summary: 'no API can check these',
      evidence: MANUAL_STEPS,
    },
  ];
  const blocking = checks.filter((c) => c.status === 'blocking');
  const ready = blocking.length === 0;
  const verdict = ready
    ? 'Ready: nothing blocks cancellation. Work through the checklist, then Account Center → Security Settings → Cancel account.'
    : `Not ready: ${plural(blocking.length, 'check blocks', 'checks block')} cancellation (${blocking.map((c) => c.id).join(', ')}).`;
  return { accountId: input.accountId, checkedAt: input.now.toISOString(), checks, ready, verdict };
}
