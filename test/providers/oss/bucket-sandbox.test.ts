/**
 * Emptying real-looking buckets end to end: the oss.bucket provider with the real ali-oss
 * clients against the in-process sandbox, which lists, pages and deletes as the OSS API
 * reference documents. Big enough buckets are listed in several key ranges at once.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudClients } from '../../../src/cloud/clients.js';
import type { Resource, StepContext } from '../../../src/providers/contract.js';
import { DEFAULT_SETTINGS } from '../../../src/providers/contract.js';
import { ossBucket } from '../../../src/providers/oss/bucket.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { generateScenario } from '../../../src/sandbox/scenarios/generate.js';
import { TEST_CALLER } from '../harness.js';

/** Keys with '/', empty path segments, unicode, XML-special characters, spaces, many prefixes. */
function awkwardKeys(perDir: number): string[] {
  const dirs = ['', 'a/', 'a//', 'b/c/', 'logs/2026/', 'x&y/', '<dir>/', 'é/', '日本/', '😀/', 'zz/', 'q"\'/'];
  const keys = dirs.flatMap((d) =>
    Array.from({ length: perDir }, (_, i) => `${d}${i % 7 === 0 ? 'ä' : ''}obj-${String(i).padStart(5, '0')}${i % 11 === 0 ? '&<>' : ''}`),
  );
  return [...keys, 'a', 'b', ' lead-space', 'trail-space ', 'dot/./x', 'dot/../y'];
}

const PLAIN_KEYS = awkwardKeys(900);
const VERSIONED_KEYS = awkwardKeys(300);

let sandbox: RunningSandbox;

beforeAll(async () => {
  const account = generateScenario({ regions: 1, perType: 0, objectsPerBucket: 0, seed: 'bucket-sandbox' });
  sandbox = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    scenario: {
      ...account,
      oss: {
        buckets: [
          { name: 'wide-plain', region: 'cn-hangzhou', objects: PLAIN_KEYS.map((key) => ({ key, size: 1 })) },
          {
            name: 'wide-versioned',
            region: 'cn-hangzhou',
            versioning: 'Enabled',
            // Three versions a key, every fourth key hidden under a delete marker.
            objects: VERSIONED_KEYS.map((key, i) => ({ key, size: 1, versions: 3, ...(i % 4 === 0 ? { deleteMarker: true } : {}) })),
          },
          { name: 'untouched', region: 'cn-hangzhou', objects: [{ key: 'keep/me', size: 1 }] },
        ],
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await sandbox.close();
});

function context(): { ctx: StepContext; logged: Array<Record<string, unknown>>; progress: string[] } {
  const clients = new CloudClients({
    credentials: { accessKeyId: sandbox.callerAccessKey.id, accessKeySecret: sandbox.callerAccessKey.secret, source: 'static' },
    mode: 'read-write',
    endpointOverride: sandbox.url,
  });
  const logged: Array<Record<string, unknown>> = [];
  const progress: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) });
  const ctx: StepContext = {
    clients,
    region: 'global',
    caller: { ...TEST_CALLER, accountId: sandbox.accountId, accessKeyId: sandbox.callerAccessKey.id },
    settings: DEFAULT_SETTINGS,
    now: new Date(),
    signal: new AbortController().signal,
    log,
    waitUntil: () => Promise.reject(new Error('no waits expected')),
    progress: (m) => progress.push(m),
  };
  return { ctx, logged, progress };
}

async function reread(ctx: StepContext, name: string): Promise<Resource | undefined> {
  return ossBucket.read?.({ type: 'oss.bucket', region: 'cn-hangzhou', id: name, name, properties: {} }, ctx);
}

async function versionsLeft(ctx: StepContext, name: string): Promise<number> {
  const client = ctx.clients.oss('cn-hangzhou', name);
  return (await client.listObjectVersionsXml({ 'max-keys': '1000' })).split('<VersionId>').length - 1;
}

describe('oss.bucket emptying against the sandbox', () => {
  it('deletes every object of a big bucket listed in key ranges, then the bucket; nothing else is touched', async () => {
    const { ctx, logged, progress } = context();
    const r = await reread(ctx, 'wide-plain');
    expect(r?.properties.objectCount).toBe(PLAIN_KEYS.length);

    await ossBucket.run({ action: 'empty', description: '' }, r!, ctx);

    const stats = logged.find((l) => l.msg === 'bucket emptied');
    expect(stats).toMatchObject({ bucket: 'wide-plain', deleted: PLAIN_KEYS.length, sweptUp: 0 });
    expect(stats?.ranges).toBeGreaterThan(4);
    expect(stats?.maxDeletesInFlight).toBeLessThanOrEqual(6);
    expect(stats?.maxPagesHeld).toBeLessThanOrEqual(4 + 6);
    expect(progress.at(-1)).toBe(`emptying bucket wide-plain: ${PLAIN_KEYS.length} of ${PLAIN_KEYS.length} objects deleted`);
    expect(await versionsLeft(ctx, 'wide-plain')).toBe(0);

    await ossBucket.run({ action: 'delete', description: '' }, r!, ctx);
    expect(await reread(ctx, 'wide-plain')).toBeUndefined();
    expect((await reread(ctx, 'untouched'))?.properties.objectCount).toBe(1);
  }, 120_000);

  it('deletes every version and delete marker of a versioned bucket listed in key ranges', async () => {
    const { ctx, logged } = context();
    const r = await reread(ctx, 'wide-versioned');
    const versions = VERSIONED_KEYS.length * 3 + Math.ceil(VERSIONED_KEYS.length / 4);
    // Big enough to be cut into ranges whatever GetBucketStat counts for a versioned bucket.
    await ossBucket.run({ action: 'empty', description: '' }, { ...r!, properties: { ...r!.properties, objectCount: versions } }, ctx);

    const stats = logged.find((l) => l.msg === 'bucket emptied');
    expect(stats).toMatchObject({ bucket: 'wide-versioned', deleted: versions, sweptUp: 0 });
    expect(stats?.ranges).toBeGreaterThan(4);
    expect(await versionsLeft(ctx, 'wide-versioned')).toBe(0);
    await ossBucket.run({ action: 'delete', description: '' }, r!, ctx);
    expect(await reread(ctx, 'wide-versioned')).toBeUndefined();
  }, 120_000);
});
