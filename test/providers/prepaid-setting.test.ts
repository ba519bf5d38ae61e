/**
 * settings.convertPrepaid, for every type that converts subscriptions: on (the default) the
 * convert-to-postpaid step names the setting; off, the subscription is blocked, naming it too.
 */
import { describe, expect, it } from 'vitest';
import type { Resource, ResourceType } from '../../src/providers/contract.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { providerHarness } from './harness.js';

const converting = defaultRegistry().types.filter((t) => t.stepSummary.includes('convert-to-postpaid'));

/** A subscription of this type, whichever spelling its API uses (PrePaid, Prepaid). */
function subscription(t: ResourceType): Resource[] {
  return ['PrePaid', 'Prepaid'].map((chargeType) => ({
    type: t.type,
    region: 'cn-hangzhou',
    id: `${t.type}-1`,
    properties: { chargeType, expiredTime: '2027-01-31T16:00:00Z', status: 'Running' },
  }));
}

describe('settings.convertPrepaid', () => {
  it('is used by more than one type', () => {
    expect(converting.length).toBeGreaterThan(3);
  });

  it.each(converting.map((t) => [t.type, t] as const))('%s: the step names the setting, on and off', (_, t) => {
    const on = providerHarness().scanContext();
    const off = providerHarness({ settings: { convertPrepaid: false } }).scanContext();
    const converts = subscription(t).flatMap((r) => t.steps(r, on).filter((s) => s.action === 'convert-to-postpaid'));
    for (const s of converts.filter((c) => !c.blocked)) expect(s.description).toContain('settings.convertPrepaid: true');
    const refused = subscription(t).flatMap((r) => t.steps(r, off).filter((s) => s.action === 'convert-to-postpaid'));
    expect(refused.length).toBeGreaterThan(0);
    for (const s of refused) expect(s.blocked).toContain('settings.convertPrepaid');
  });
});
