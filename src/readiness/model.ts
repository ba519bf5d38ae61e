/**
 * Readiness: can this account be cancelled now? Each check ends `passed`, `blocking`
 * (cancellation will be refused until it is fixed) or `needs-a-person` (no API can tell:
 * a checklist item with where to click), and carries its evidence.
 */
export type CheckStatus = 'passed' | 'blocking' | 'needs-a-person';

export interface Evidence {
  /** What is left, e.g. `ecs.instance/cn-hangzhou/i-1 (web-1)` or `cash balance 120.50 CNY`. */
  readonly item: string;
  /** What to do about it. */
  readonly action?: string | undefined;
  /**
   * When the item groups several resources that need the same action (`37 resources apply
   * would destroy`): each of them, `<address> (<name>)`, sorted.
   */
  readonly resources?: readonly string[] | undefined;
}

/**
 * What a plan made from the same scan would do with a resource, so that readiness gives the
 * same answer as `plan`: destroy it, or not, for the plan's reason (a keep rule, a WORM lock, a
 * service-linked role...). Computed by the caller (readiness does not plan by itself).
 */
export type PlannedFate = { readonly fate: 'destroy' } | { readonly fate: 'kept' | 'blocked'; readonly reason: string };

export interface ReadinessCheck {
  readonly id: 'resources' | 'uncovered' | 'domains' | 'ram' | 'balance' | 'manual';
  readonly title: string;
  readonly status: CheckStatus;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
}

export interface ReadinessReport {
  readonly accountId: string;
  readonly checkedAt: string;
  readonly checks: readonly ReadinessCheck[];
  /** True when no check is blocking. Person-only items remain a checklist. */
  readonly ready: boolean;
  readonly verdict: string;
}
