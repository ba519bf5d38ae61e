/**
 * Types re-read through one page of the region's listing (readThroughListing), against the
 * sandbox's generated account: readMany answers what read() answers, resource by resource, in
 * far fewer calls, and a deleted resource is missing from it.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { getCallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_SETTINGS, type Resource, type ResourceType, type ScanContext } from '../../src/providers/contract.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { generateScenario } from '../../src/sandbox/scenarios/generate.js';
import { startSandbox } from '../../src/sandbox/index.js';

const PER_TYPE = 4;
const TYPES = [
  'vpc.vswitch',
  'vpc.route-table',
  'vpc.havip',
  'vpc.vpn-gateway',
  'rds.instance',
  'ecs.launch-template',
  'ecs.deployment-set',
  'ecs.auto-snapshot-policy',
  'nas.file-system',
  'nas.mount-target',
  'polardb.cluster',
  'ros.stack',
  'cdn.domain',
  'cen.attachment',
  'cs.cluster',
];

/** Calls per resource that a batched re-read still makes (its parts, one resource a call). */
const PARTS_PER_RESOURCE: Readonly<Record<string, number>> = { 'cs.cluster': 3 };

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let ctx: ScanContext;
const actions: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    scenario: generateScenario({ regions: 1, perType: PER_TYPE, objectsPerBucket: 0, seed: 'reads' }),
    speed: 1000,
  });
  const clients = new CloudClients({
    credentials: { accessKeyId: sandbox.callerAccessKey.id, accessKeySecret: sandbox.callerAccessKey.secret, source: 'static' },
    mode: 'read-only',
    endpointOverride: sandbox.url,
    onCall: (e) => actions.push(e.action),
  });
  ctx = {
    clients,
    region: 'cn-hangzhou',
    caller: await getCallerIdentity(clients),
    settings: DEFAULT_SETTINGS,
    now: new Date(),
    signal: new AbortController().signal,
    log: pino({ level: 'silent' }),
  };
});

afterAll(async () => {
  await sandbox.close();
});

async function listed(type: ResourceType): Promise<Resource[]> {
  const out: Resource[] = [];
  for await (const r of type.list(ctx)) out.push(r);
  return out;
}

describe('re-reads through one listing page', () => {
  it.each(TYPES)('%s: readMany answers what read() answers, in a few calls instead of one or more per resource', async (name) => {
    const type = defaultRegistry().get(name);
    expect(type?.readMany, name).toBeDefined();
    const all = await listed(type!);
    expect(all.length).toBe(PER_TYPE);
    actions.length = 0;
    const one = new Map<string, Resource | undefined>();
    for (const r of all) one.set(`${name}/${r.region}/${r.id}`, await type!.read(r, ctx));
    const singleCalls = actions.length;
    actions.length = 0;
    const many = await type!.readMany!(all, ctx);
    const batchCalls = actions.length;
    expect(Object.fromEntries(many)).toEqual(Object.fromEntries(one));
    expect(singleCalls).toBeGreaterThanOrEqual(PER_TYPE);
    // A cluster's nodes, node pools and resources are read again for each (what the plan compares).
    expect(batchCalls).toBeLessThanOrEqual(2 + (PARTS_PER_RESOURCE[name] ?? 0) * PER_TYPE);
    expect(batchCalls).toBeLessThan(singleCalls);
  });
});
