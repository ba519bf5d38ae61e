/**
 * What `apply plan.json` prints before confirming: the saved plan was reviewed already, so it
 * is named and summed up (a few lines), not printed whole again. What changed since it was
 * made shows in the report: apply re-reads each resource before changing it.
 */
import type { Plan } from '../model.js';
import { planSummaryLine } from './human.js';

export function renderSavedPlanHeader(file: string, plan: Plan): string {
  const regions = plan.scope.regions.length > 0 ? plan.scope.regions.join(', ') : '(none)';
  return [
    `Applying the saved plan ${file} (made ${plan.createdAt} by ${plan.account.callerArn}, aliyun-teardown ${plan.toolVersion})`,
    `Account: ${plan.account.id}`,
    `Regions: ${regions}`,
    planSummaryLine(plan),
    'Each resource is read again before it is changed: what changed since the plan (already gone, now kept) is in the report.',
    '',
  ].join('\n');
}
