/**
 * The `disable-deletion-protection` step shared by every type whose API has a deletion
 * protection flag (ECS and RDS instances, CLB/ALB/NLB load balancers, EIPs, NAT gateways, Auto
 * Scaling groups, KMS keys, Tair/Redis and MongoDB release protection, the PolarDB cluster lock, ROS stacks, ACK clusters): a type with that step in its stepSummary plans it only through here
 * (test/providers/deletion-protection.test.ts checks every registered one).
 *
 * Emptying an account needs protection off, so by default the plan turns it off first and
 * says which setting made it do so. With `settings.disableDeletionProtection: false` a
 * protected resource is blocked instead — and so is everything that depends on it — as
 * aws-nuke users expect protection to be respected unless they opt in.
 */
import type { PlanningContext, Resource, Step } from './contract.js';

export const PROTECTION_ON_BLOCK = 'deletion protection is on (settings.disableDeletionProtection: false)';

/**
 * The step for a protected resource (reads `deletionProtection` from its properties), or
 * undefined. `what` is the product's own name for it ("release protection", "the cluster lock").
 */
export function deletionProtectionStep(
  r: Resource,
  ctx: Pick<PlanningContext, 'settings'>,
  what = 'deletion protection',
): Step | undefined {
  if (r.properties.deletionProtection !== true) return undefined;
  return ctx.settings.disableDeletionProtection
    ? { action: 'disable-deletion-protection', description: `turn off ${what} (settings.disableDeletionProtection: true)` }
    : {
        action: 'disable-deletion-protection',
        description: `${what} is on`,
        blocked: `${PROTECTION_ON_BLOCK}: turn ${what === 'deletion protection' ? 'it' : what} off in the console, or set settings.disableDeletionProtection: true`,
      };
}
