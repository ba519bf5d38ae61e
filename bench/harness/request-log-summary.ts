/** What the sandbox's request log says a run did: calls per action, ids per batch call, throttling. */
import type { RequestLogEntry } from '../../src/sandbox/index.js';

export function countAction(log: readonly RequestLogEntry[], action: string): number {
  return log.filter((e) => e.action === action).length;
}

export function countCode(log: readonly RequestLogEntry[], code: string): number {
  return log.filter((e) => e.code === code).length;
}

/**
 * Successful calls of a batch action and how many ids each named: the log keeps list
 * parameters as `InstanceId.1` … `InstanceId.100` (src/sandbox/request-log.ts, keyParams).
 */
export function batchSizes(log: readonly RequestLogEntry[], action: string, listParam: string): number[] {
  const item = new RegExp(`^${listParam}\\.\\d+$`);
  return log
    .filter((e) => e.action === action && e.code === undefined)
    .map((e) => Object.keys(e.params).filter((k) => item.test(k)).length);
}
