/**
 * The scan under a hostile network: every list page and detail read is retried (throttling,
 * 5xx, dropped connections), page by page, so a plan made under faults lists exactly what an
 * undisturbed plan of the same account lists. The sandbox's fault dice are seeded, so the
 * sequence of faults is the same on every run.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CloudClients, type ApiCallEvent } from '../../src/cloud/clients.js';
import { getCallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_CONFIG } from '../../src/config/load.js';
import { planTeardown } from '../../src/plan/index.js';
import type { Plan } from '../../src/plan/model.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { startSandbox } from '../../src/sandbox/index.js';

const summaryOf = (plan: Plan) => ({
  regions: plan.scope.regions,
  resources: plan.resources.map((n) => n.address),
  kept: plan.kept.map((k) => k.address),
  blocked: plan.blocked.map((b) => `${b.address}: ${b.reason}`),
  gaps: plan.gaps,
});

// Log Service spells flow control and a failure its own way (sandbox/sls/index.ts: 500 ServerBusy, 500 InternalServerError).
const INJECTED = new Set([
  'Throttling.User',
  'ServiceUnavailable',
  'MetaOperationQpsLimitExceeded',
  'ServerBusy',
  'InternalServerError',
  'ECONNRESET',
  'ResponseError',
]);

describe('plan under faults', () => {
  it('lists exactly what an undisturbed plan lists, under 30 % throttling, 5 % 5xx and 2 % dropped connections', async () => {
    const sandbox = await startSandbox({ scenario: 'demo', port: 0, host: '127.0.0.1', seed: 'scan-faults-5' });
    try {
      const calls: ApiCallEvent[] = [];
      const clients = new CloudClients({
        credentials: { accessKeyId: sandbox.callerAccessKey.id, accessKeySecret: sandbox.callerAccessKey.secret, source: 'static' },
        mode: 'read-only',
        endpointOverride: sandbox.url,
        onCall: (e) => calls.push(e),
      });
      const caller = await getCallerIdentity(clients);
      const plan = () =>
        planTeardown({
          registry: defaultRegistry(),
          // One list at a time: the requests, and so the seeded faults they meet, come in the same order on every run.
          config: { ...DEFAULT_CONFIG, concurrency: { global: 1, perService: {} } },
          clients,
          // Short backoffs keep the test fast; the policy (what is retried, until when) is the real one.
          retry: { baseMs: 2, maxMs: 20 },
          caller,
          toolVersion: '0.1.0',
          now: new Date('2026-01-01T00:00:00Z'),
          signal: new AbortController().signal,
          log: pino({ level: 'silent' }),
        });

      const undisturbed = summaryOf(await plan());
      expect(undisturbed.resources.length).toBeGreaterThan(20);
      expect(undisturbed.gaps).toEqual([]);
      const quietCalls = calls.length - 1; // not the identity call

      sandbox.setFaults({ throttleRate: 0.3, errorRate5xx: 0.05, dropRate: 0.02 });
      calls.length = 0;
      const disturbed = summaryOf(await plan());
      // What the faults injected: flow control (RPC and OSS spellings), 503s, connections dropped.
      const injected = calls.filter((c) => !c.ok && INJECTED.has(c.code ?? ''));
      const codes = new Set(injected.map((c) => c.code));
      expect(codes).toContain('Throttling.User');
      expect(codes).toContain('ServiceUnavailable');
      expect(codes).toContain('ECONNRESET');
      // Every injected failure was retried once more, and nothing else was called.
      expect(calls.length - injected.length).toBe(quietCalls);
      expect(disturbed).toEqual(undisturbed);
    } finally {
      await sandbox.close();
    }
  });
});
