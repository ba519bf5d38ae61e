import type { ResourceType } from '../contract.js';
import { bssSubscriptionType } from './subscription.js';

/**
 * The bss resource types, in the order they are listed in docs. `covered`: the BSS product
 * codes the other types deal with themselves (src/providers/index.ts derives it from them).
 */
export function bssTypes(covered: ReadonlyMap<string, string>): readonly ResourceType[] {
  return [bssSubscriptionType(covered)];
}
