/**
 * The tool wired as `plan` and `apply` wire it (src/cli/commands/{plan,apply}.ts), minus the
 * terminal: real SDK clients pointed at the sandbox, the real catalogue, a silent logger and
 * an in-memory journal. Counts the API calls the tool makes, as the CLI's onCall observer sees them.
 */
import pino from 'pino';
import { applyPlan } from '../../src/apply/executor.js';
import type { ApplyTiming } from '../../src/apply/timing.js';
import { Journal } from '../../src/apply/journal.js';
import type { ApplyReport } from '../../src/apply/report.js';
import { CloudClients } from '../../src/cloud/clients.js';
import { AdaptiveRateControl } from '../../src/cloud/rate-control.js';
import { staticCredentials } from '../../src/cloud/credentials.js';
import { getCallerIdentity, type CallerIdentity } from '../../src/cloud/identity.js';
import { DEFAULT_CONFIG } from '../../src/config/load.js';
import { planTeardown, type Plan, type ScanProgress } from '../../src/plan/index.js';
import { defaultRegistry } from '../../src/providers/index.js';
import type { SandboxHost } from './sandbox-host.js';

const TOOL_VERSION = 'bench';

export interface ToolSession {
  readonly caller: CallerIdentity;
  /** API calls the tool has made so far (every attempt, retries included). */
  callsMade(): number;
  plan(opts: {
    readonly concurrency: number;
    readonly only?: readonly string[];
    readonly onProgress?: (e: ScanProgress) => void;
  }): Promise<Plan>;
  apply(plan: Plan, opts: { readonly concurrency: number; readonly timing?: Partial<ApplyTiming> }): Promise<ApplyReport>;
}

export async function openToolSession(sandbox: SandboxHost): Promise<ToolSession> {
  let calls = 0;
  const clients = new CloudClients({
    credentials: staticCredentials(sandbox.callerAccessKey.id, sandbox.callerAccessKey.secret),
    // What `apply` holds after the account was confirmed; plan narrows it to read-only itself.
    mode: 'read-write',
    endpointOverride: sandbox.url,
    rateControl: new AdaptiveRateControl(),
    onCall: () => {
      calls++;
    },
  });
  const caller = await getCallerIdentity(clients.readOnly());
  const registry = defaultRegistry();
  const log = pino({ level: 'silent' });
  const config = (concurrency: number) => ({ ...DEFAULT_CONFIG, concurrency: { global: concurrency, perService: {} } });

  return {
    caller,
    callsMade: () => calls,
    plan: ({ concurrency, only, onProgress }) =>
      planTeardown({
        registry,
        config: config(concurrency),
        clients,
        caller,
        only,
        toolVersion: TOOL_VERSION,
        signal: new AbortController().signal,
        log,
        onProgress,
      }),
    apply: (plan, { concurrency, timing }) =>
      applyPlan(plan, {
        registry,
        clients,
        caller,
        settings: plan.settings,
        signal: new AbortController().signal,
        log,
        concurrency: config(concurrency).concurrency,
        journal: Journal.inMemory(),
        timing,
      }),
  };
}
