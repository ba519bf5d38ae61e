/**
 * The `convert-to-postpaid` step shared by every type that converts subscriptions before
 * releasing them (ECS and RDS instances, Tair/Redis, MongoDB, PolarDB): a subscription cannot be
 * released by the API, so by default it is converted to pay-as-you-go first (the difference is
 * refunded) and the step names the setting; with `settings.convertPrepaid: false` it is blocked
 * with the way out (test/providers/prepaid-setting.test.ts checks every registered type).
 */
import type { PlanningContext, Resource, Step } from './contract.js';

export interface ConvertStepOptions {
  /** What the subscription is, for the block reason: "instance", "database", "cluster". */
  readonly what: string;
  /** Added to the description of the conversion: ", data disks included". */
  readonly including?: string | undefined;
  /** The conversion can be batched (runBatch) this many at a time. */
  readonly batch?: number | undefined;
}

/** The step for a subscription (`chargeType` PrePaid or Prepaid, as each API spells it), or undefined. */
export function convertToPostpaidStep(r: Resource, ctx: Pick<PlanningContext, 'settings'>, opts: ConvertStepOptions): Step | undefined {
  const chargeType = r.properties.chargeType;
  if (chargeType !== 'PrePaid' && chargeType !== 'Prepaid') return undefined;
  const expires = typeof r.properties.expiredTime === 'string' ? ` (expires ${r.properties.expiredTime})` : '';
  return ctx.settings.convertPrepaid
    ? {
        action: 'convert-to-postpaid',
        description: `convert subscription${expires} to pay-as-you-go${opts.including ?? ''} (the difference is refunded; settings.convertPrepaid: true)`,
        ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
      }
    : {
        action: 'convert-to-postpaid',
        description: `subscription${expires}`,
        blocked: `subscription ${opts.what}: enable settings.convertPrepaid, or unsubscribe it in the console (Expenses → Unsubscribe)`,
      };
}
