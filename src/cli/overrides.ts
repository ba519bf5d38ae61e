/**
 * Command-line options that are shorthands for config fields, merged into the config once
 * (openSession), so that plan, apply (its re-reads included) and readiness all see the same:
 *   --older-than 7d   destroy only what is older: a keep rule `newerThan: 7d`
 *   --newer-than 12h  destroy only what is newer: a keep rule `olderThan: 12h`
 *   --concurrency N   concurrency.global
 * Like the config's age rules, these keep a resource whose creation time is unknown.
 */
import { DURATION, type KeepRule, type TeardownConfig } from '../config/schema.js';
import { UserError } from '../errors.js';

export interface ConfigOverrides {
  readonly olderThan?: string | undefined;
  readonly newerThan?: string | undefined;
  readonly concurrency?: number | undefined;
}

export function withCommandLine(config: TeardownConfig, o: ConfigOverrides): TeardownConfig {
  const keep: KeepRule[] = [...config.keep];
  const age = (option: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    if (!DURATION.test(value)) throw new UserError(`${option} ${value}: expected a duration like 7d, 12h, 30m or 2w`);
    return value;
  };
  const olderThan = age('--older-than', o.olderThan);
  const newerThan = age('--newer-than', o.newerThan);
  if (olderThan) keep.push({ newerThan: olderThan, reason: `--older-than ${olderThan}` });
  if (newerThan) keep.push({ olderThan: newerThan, reason: `--newer-than ${newerThan}` });
  let concurrency = config.concurrency;
  if (o.concurrency !== undefined) {
    if (!Number.isInteger(o.concurrency) || o.concurrency < 1 || o.concurrency > 100)
      throw new UserError(`--concurrency ${o.concurrency}: expected a whole number from 1 to 100`);
    concurrency = { ...config.concurrency, global: o.concurrency };
  }
  return { ...config, keep, concurrency };
}
