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
}

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
