/**
 * The registry-wide contract, checked on what the real catalogue finds in sandbox accounts
 * (the demo account and a generated one): a type's resource-level dependencies stay within
 * what its type declares (`dependsOn`, `touchesTypes`), the steps it plans are in its
 * `stepSummary`, and every registered type has resources the sandbox emulates. A new type
 * that breaks one of these fails here, not in a user's plan.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { getCallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_SETTINGS, resourceAddress, type Inventory, type Resource } from '../../src/providers/contract.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { createRegistry, RegistryError } from '../../src/providers/registry.js';
import { scanAccount } from '../../src/plan/scan.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { generateScenario } from '../../src/sandbox/scenarios/generate.js';
import { TEST_CALLER } from './harness.js';

const registry = defaultRegistry();

async function scanSandbox(sb: RunningSandbox): Promise<Resource[]> {
  const clients = new CloudClients({
    credentials: { accessKeyId: sb.callerAccessKey.id, accessKeySecret: sb.callerAccessKey.secret, source: 'static' },
    mode: 'read-only',
    endpointOverride: sb.url,
  });
  const caller = await getCallerIdentity(clients);
  const scan = await scanAccount({
    registry,
    types: registry.types.map((t) => t.type),
    clients,
    caller,
    settings: DEFAULT_SETTINGS,
    concurrency: { global: 10 },
    signal: new AbortController().signal,
    log: pino({ level: 'silent' }),
  });
  expect(scan.gaps).toEqual([]);
  return [...scan.resources];
}

function inventoryOf(resources: readonly Resource[]): Inventory {
  const byAddress = new Map(resources.map((r) => [resourceAddress(r), r]));
  return {
    get: (address) => byAddress.get(address),
    byType: (type) => resources.filter((r) => r.type === type),
  };
}

describe('the registry contract on sandbox accounts', () => {
  const accounts: Array<{ name: string; resources: Resource[] }> = [];
  const sandboxes: RunningSandbox[] = [];

  beforeAll(async () => {
    const demo = await startSandbox({ scenario: 'demo' });
    const generated = await startSandbox({ scenario: generateScenario({ regions: 2, perType: 2, objectsPerBucket: 1, seed: 'contract' }) });
    sandboxes.push(demo, generated);
    accounts.push({ name: 'demo', resources: await scanSandbox(demo) }, { name: 'generated', resources: await scanSandbox(generated) });
  });
  afterAll(async () => {
    await Promise.all(sandboxes.map((sb) => sb.close()));
  });

  it('finds resources of every registered type', () => {
    const found = new Set(accounts.flatMap((a) => a.resources.map((r) => r.type)));
    expect(registry.types.map((t) => t.type).filter((t) => !found.has(t))).toEqual([]);
  });

  it('dependencies() name only types in dependsOn (ordering) or touchesTypes (touches, keptWith)', () => {
    const violations: string[] = [];
    for (const { name, resources } of accounts) {
      const inventory = inventoryOf(resources);
      for (const r of resources) {
        const t = registry.require(r.type);
        for (const d of t.dependencies(r, inventory)) {
          const depType = d.address.slice(0, d.address.indexOf('/'));
          const blockingOnly = d.touches === true || d.keptWith === true;
          const declared = blockingOnly ? (t.touchesTypes ?? []) : t.dependsOn;
          if (!declared.includes(depType))
            violations.push(
              `${name}: ${resourceAddress(r)} → ${d.address}${blockingOnly ? ' (touches/keptWith)' : ''} not declared by ${t.type}`,
            );
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('steps() use only the actions of stepSummary, in its order', () => {
    const violations: string[] = [];
    const now = new Date();
    for (const { name, resources } of accounts)
      for (const r of resources) {
        const t = registry.require(r.type);
        for (const settings of [DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, convertPrepaid: false, refundSubscriptions: true }]) {
          const positions = t.steps(r, { caller: TEST_CALLER, settings, now }).map((s) => t.stepSummary.indexOf(s.action));
          if (positions.some((p) => p < 0) || positions.some((p, i) => i > 0 && p < positions[i - 1]!))
            violations.push(
              `${name}: ${resourceAddress(r)} plans ${t.steps(r, { caller: TEST_CALLER, settings, now }).map((s) => s.action)} outside ${t.type}'s stepSummary ${t.stepSummary}`,
            );
        }
      }
    expect(violations).toEqual([]);
  });
});

describe('registry claims', () => {
  it('refuses a Resource Center type or BSS product code claimed by two types', () => {
    const withDisk = (extra: object) => registry.types.map((t) => (t.type === 'ecs.disk' ? { ...t, ...extra } : t));
    expect(() => createRegistry(withDisk({ resourceCenterTypes: ['ACS::ECS::Instance'] }))).toThrow(RegistryError);
    expect(() => createRegistry(withDisk({ billingProductCodes: ['ecs'] }))).toThrow(
      /BSS product code ecs is claimed by both ecs.instance and ecs.disk/,
    );
  });

  it('indexes what the catalogue claims', () => {
    expect(registry.centerTypes.get('ACS::ECS::Instance')).toBe('ecs.instance');
    expect(registry.billingProductCodes.get('rds')).toBe('rds.instance');
    expect(registry.centerTypes.get('ACS::SLS::Project')).toBe('sls.project');
    // Log Service projects are never subscriptions: a Log Service resource plan stays
    // bss.subscription's to report, since deleting projects does not end it.
    expect(registry.billingProductCodes.has('sls')).toBe(false);
  });
});
