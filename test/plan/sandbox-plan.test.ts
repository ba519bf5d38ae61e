/**
 * The planner with the real catalogue, the real SDK clients and the in-process sandbox's demo
 * account: plan only reads, and what it finds is ordered the way the cloud needs.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CloudClients, type ApiCallEvent } from '../../src/cloud/clients.js';
import { getCallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_CONFIG, parseConfig } from '../../src/config/load.js';
import { planTeardown } from '../../src/plan/index.js';
import { renderPlanHuman } from '../../src/plan/render/human.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { startSandbox } from '../../src/sandbox/index.js';

describe('plan against the demo sandbox', () => {
  it('makes only read calls and orders RAM users after their access keys', async () => {
    const sandbox = await startSandbox({ scenario: 'demo', port: 0, host: '127.0.0.1' });
    try {
      const calls: ApiCallEvent[] = [];
      const clients = new CloudClients({
        credentials: { accessKeyId: sandbox.callerAccessKey.id, accessKeySecret: sandbox.callerAccessKey.secret, source: 'static' },
        // Read-write on purpose: planTeardown must narrow them to read-only itself.
        mode: 'read-write',
        endpointOverride: sandbox.url,
        onCall: (e) => calls.push(e),
      });
      const caller = await getCallerIdentity(clients);
      const plan = await planTeardown({
        registry: defaultRegistry(),
        config: DEFAULT_CONFIG,
        clients,
        caller,
        toolVersion: '0.1.0',
        signal: new AbortController().signal,
        log: pino({ level: 'silent' }),
      });

      expect(calls.length).toBeGreaterThan(1);
      expect(calls.filter((c) => c.mutating)).toEqual([]);
      // A mutation attempted through the read-only clients is refused before it is sent, and would surface here.
      expect(plan.gaps.filter((w) => w.code === 'MutationRefusedError')).toEqual([]);
      expect(plan.account.id).toBe(sandbox.accountId);
      expect(plan.scope.regions).toEqual(['ap-southeast-1', 'cn-hangzhou', 'cn-shanghai']);

      const order = plan.resources.map((n) => n.address);
      const alice = order.indexOf('ram.user/global/alice');
      expect(alice).toBeGreaterThanOrEqual(0);
      for (const key of order.filter((a) => a.startsWith('ram.access-key/') && a.includes('Alice')))
        expect(order.indexOf(key)).toBeLessThan(alice);
      const everywhere = [...order, ...plan.kept.map((k) => k.address), ...plan.blocked.map((b) => b.address)];
      expect(everywhere).toContain(`ram.access-key/global/${sandbox.callerAccessKey.id}`);

      // Every disk that goes with an instance is its own entry, released with that instance.
      const instances = plan.resources.filter((n) => n.type === 'ecs.instance').map((n) => n.address);
      expect(instances.length).toBeGreaterThan(0);
      for (const instance of instances) {
        const released = plan.resources.filter((n) => n.releasedWith === instance);
        expect(released.map((n) => n.resource.properties.diskType)).toContain('system');
        for (const disk of released) expect(order.indexOf(disk.address)).toBeGreaterThan(order.indexOf(instance));
      }
      const goingWithInstances = plan.resources.filter((n) => n.type === 'ecs.disk' && n.releasedWith !== undefined);
      const survivors = plan.resources.filter((n) => n.type === 'ecs.disk' && n.releasedWith === undefined);
      expect(
        goingWithInstances.every((n) => n.resource.properties.diskType === 'system' || n.resource.properties.deleteWithInstance === true),
      ).toBe(true);
      expect(survivors.every((n) => n.resource.properties.deleteWithInstance !== true && n.resource.properties.diskType !== 'system')).toBe(
        true,
      );

      const text = renderPlanHuman(plan, { color: false });
      expect(text.trimEnd().split('\n').at(-1)).toBe(
        `Plan: ${plan.summary.toDestroy} to destroy, ${plan.summary.kept} kept, ${plan.summary.blocked} blocked.`,
      );
    } finally {
      await sandbox.close();
    }
  });

  it('respects deletion protection when asked, and keeps by property', async () => {
    const sandbox = await startSandbox({ scenario: 'demo', port: 0, host: '127.0.0.1' });
    try {
      const clients = new CloudClients({
        credentials: { accessKeyId: sandbox.callerAccessKey.id, accessKeySecret: sandbox.callerAccessKey.secret, source: 'static' },
        mode: 'read-only',
        endpointOverride: sandbox.url,
      });
      const config = parseConfig(
        'settings: { disableDeletionProtection: false }\nkeep:\n  - property: { chargeType: [PrePaid, Prepaid] }\n    reason: subscriptions\n',
        'teardown.yaml',
      );
      const plan = await planTeardown({
        registry: defaultRegistry(),
        config,
        clients,
        caller: await getCallerIdentity(clients),
        toolVersion: '0.1.0',
        signal: new AbortController().signal,
        log: pino({ level: 'silent' }),
      });
      const blocked = new Map(plan.blocked.map((b) => [b.address, b.reason]));
      const kept = new Map(plan.kept.map((k) => [k.address, k.reason]));
      // web-1 and the load balancer are protected in the demo account: blocked, and so is what holds them.
      expect(blocked.get('ecs.instance/cn-hangzhou/i-hz-web1')).toMatch(
        /deletion protection is on \(settings\.disableDeletionProtection: false\)/,
      );
      expect(blocked.get('slb.load-balancer/cn-hangzhou/lb-hz-web')).toMatch(/deletion protection is on/);
      expect(blocked.get('vpc.vswitch/cn-hangzhou/vsw-hz-web')).toBeDefined();
      expect(plan.resources.map((n) => n.address)).not.toContain('ecs.instance/cn-hangzhou/i-hz-web1');
      // The subscriptions (ECS web-2, RDS primary) are kept by the property rule.
      expect(kept.get('ecs.instance/cn-hangzhou/i-hz-web2')).toBe(
        'keep rule #1: property chargeType=one of PrePaid|Prepaid (subscriptions)',
      );
      expect(kept.get('rds.instance/cn-hangzhou/rm-hz-primary')).toMatch(/^keep rule #1/);
      for (const node of plan.resources) expect(node.steps.map((s) => s.action)).not.toContain('disable-deletion-protection');
    } finally {
      await sandbox.close();
    }
  });
});
