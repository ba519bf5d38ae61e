/**
 * Test harness for providers: real SDK clients pointed at a nock-able host, and contexts
 * whose waitUntil polls without sleeping. Usage:
 *
 *   const h = providerHarness({ region: 'cn-hangzhou' });
 *   nock(h.host).post('/').query((q) => q.Action === undefined).matchHeader('x-acs-action', 'DescribeInstances')...
 *   const found = await collect(ecsInstance.list(h.scanContext()));
 */
import pino from 'pino';
import { CloudClients, type AccessMode } from '../../src/cloud/clients.js';
import type { CallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_SETTINGS, type ProviderSettings, type ScanContext, type StepContext } from '../../src/providers/contract.js';

/** Every product, RPC and OSS alike, goes to this host in provider tests. */
export const TEST_HOST = 'http://cloud.test';

export const TEST_CALLER: CallerIdentity = {
  accountId: '1234567890123456',
  identityType: 'RAMUser',
  arn: 'acs:ram::1234567890123456:user/teardown-bot',
  userId: '200000000000000001',
  principalId: '200000000000000001',
  accessKeyId: 'LTAI5tTestCaller000001',
  ramUserName: 'teardown-bot',
};

export interface HarnessOptions {
  readonly region?: string;
  readonly mode?: AccessMode;
  readonly settings?: Partial<ProviderSettings>;
  readonly caller?: CallerIdentity;
  readonly now?: Date;
}

export function providerHarness(opts: HarnessOptions = {}) {
  const region = opts.region ?? 'cn-hangzhou';
  const settings: ProviderSettings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const caller = opts.caller ?? TEST_CALLER;
  const now = opts.now ?? new Date();
  const calls: Array<{ service: string; action: string; mutating: boolean; ok: boolean; code?: string | undefined }> = [];
  const clients = new CloudClients({
    credentials: { accessKeyId: caller.accessKeyId, accessKeySecret: 'test-secret', source: 'static' },
    mode: opts.mode ?? 'read-write',
    endpointOverride: TEST_HOST,
    onCall: (e) => calls.push({ service: e.service, action: e.action, mutating: e.mutating, ok: e.ok, code: e.code }),
  });
  const log = pino({ level: 'silent' });
  const waits: string[] = [];
  const progress: string[] = [];

  const scanContext = (r = region): ScanContext => ({
    clients,
    region: r,
    caller,
    settings,
    now,
    signal: new AbortController().signal,
    log,
  });

  const stepContext = (r = region, maxPolls = 20): StepContext => ({
    ...scanContext(r),
    waitUntil: async (what, check) => {
      waits.push(what);
      for (let i = 0; i < maxPolls; i++) if (await check()) return;
      throw new Error(`still waiting for ${what} after ${maxPolls} polls`);
    },
    progress: (m) => progress.push(m),
  });

  return { host: TEST_HOST, region, clients, calls, waits, progress, settings, caller, now, scanContext, stepContext };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
