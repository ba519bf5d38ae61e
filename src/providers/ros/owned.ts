/**
 * The types a ROS stack may create (ROS_RESOURCE_TYPES), made aware of it: each gets `ros.stack`
 * in `ownedBy` and `dependsOn`, and the owner dependency of `rosStackOwner` after its own
 * dependencies (an instance an Auto Scaling group launched goes with its group first, the group
 * with the stack that created it). Kept here rather than in every type file because it is ROS's
 * knowledge — which of its resource types create what — and one list keeps the two in step.
 */
import type { ResourceType } from '../contract.js';
import { ROS_RESOURCE_TYPES, rosStackOwner } from './stack.js';

const CREATABLE = new Set(Object.values(ROS_RESOURCE_TYPES));

/** `t`, owned by the stack that created its resources if a stack may create them; otherwise `t` itself. */
export function ownedByStacks(t: ResourceType): ResourceType {
  if (!CREATABLE.has(t.type)) return t;
  return {
    ...t,
    dependsOn: [...t.dependsOn, 'ros.stack'],
    ownedBy: [...(t.ownedBy ?? []), 'ros.stack'],
    stepSummary: t.stepSummary.includes('released-with-owner') ? t.stepSummary : [...t.stepSummary, 'released-with-owner'],
    dependencies: (r, inventory) => [...t.dependencies(r, inventory), ...rosStackOwner(r, inventory)],
  };
}
