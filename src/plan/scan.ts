/**
 * The only I/O of `plan`: list every (type × region) — global types once — through a
 * bounded pool, with read-only clients that retry every call (throttling, 5xx, dropped
 * connections). A list that still fails is classified:
 * - "this product is not offered / not activated in this region" (cloud/permissions.ts):
 *   an empty list — there is nothing there;
 * - anything else (access denied, a 5xx that did not clear, a provider bug): a ScanGap.
 *   The scan goes on (a plan that says what it could not see is more useful than none), but
 *   the plan is incomplete, and the planner blocks everything an unseen resource could hold.
 * A region list that cannot be read is a gap of every regional type in every region (`*`).
 */
import type { Logger } from 'pino';
import type { CloudClients, ReadRetry } from '../cloud/clients.js';
import { CloudApiError } from '../cloud/errors.js';
import { ConcurrencyLimiter } from '../cloud/limiter.js';
import { isAccessDenied, isUnavailableHere, ramActionOf } from '../cloud/permissions.js';
import type { CallerIdentity } from '../cloud/identity.js';
import { AbortError, UserError } from '../errors.js';
import { GLOBAL, resourceAddress, type ProviderSettings, type Resource, type Service } from '../providers/contract.js';
import { discoverRegions } from '../providers/regions.js';
import type { Registry } from '../providers/registry.js';
import type { ScanGap } from './model.js';
import { byCodeUnit } from './ordering.js';
import { createPool, type Pool } from './pool.js';

export type ScanProgress =
  | { readonly kind: 'regions'; readonly regions: readonly string[]; readonly discovered: boolean }
  /** Every type/region to list, in a fixed order (types as selected, regions sorted): progress is printed in it. */
  | { readonly kind: 'tasks'; readonly tasks: readonly { readonly type: string; readonly region: string }[] }
  | { readonly kind: 'started'; readonly type: string; readonly region: string }
  | { readonly kind: 'done'; readonly type: string; readonly region: string; readonly found: number }
  | { readonly kind: 'failed'; readonly type: string; readonly region: string; readonly found: number; readonly code: string };

export interface ScanOptions {
  readonly registry: Registry;
  /** Types to scan (a Selection's `scan`). */
  readonly types: readonly string[];
  /** Regions to scan; undefined: every region ECS DescribeRegions lists. */
  readonly regions?: readonly string[] | undefined;
  /**
   * Regions left out (`--exclude-regions`), checked like `regions`. Resources a global listing
   * finds there (OSS buckets carry their location) are left out too.
   */
  readonly excludeRegions?: readonly string[] | undefined;
  /** Read-only clients. */
  readonly clients: CloudClients;
  /**
   * How each read call is retried (throttling, 5xx, dropped connections): the cloud retry
   * policy's defaults (CALL_RETRY), overridable. The scan's signal stops the backoffs.
   */
  readonly retry?: ReadRetry | undefined;
  readonly caller: CallerIdentity;
  readonly settings: ProviderSettings;
  readonly concurrency: { readonly global: number; readonly perService?: Readonly<Partial<Record<Service, number>>> | undefined };
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly onProgress?: ((event: ScanProgress) => void) | undefined;
}

export interface ScanResult {
  /** Sorted by address, one per address. */
  readonly resources: readonly Resource[];
  /** What could not be listed, sorted by type, then region. */
  readonly gaps: readonly ScanGap[];
  /** The regions scanned, sorted. */
  readonly regions: readonly string[];
}

/** Clients whose service name is not the config's (`concurrency.perService.dns`). */
const SERVICE_OF_CLIENT: Readonly<Record<string, Service>> = { alidns: 'dns' };

export async function scanAccount(opts: ScanOptions): Promise<ScanResult> {
  const types = opts.types.map((t) => opts.registry.require(t));
  // Every read the scan makes — region discovery, each list page, each detail read a provider
  // makes while listing — is retried by the clients, page by page (see cloud/clients.ts).
  const readClients = opts.clients.readOnly().retrying({
    ...opts.retry,
    signal: opts.signal,
    onRetry: (r) =>
      opts.log.debug(
        { service: r.service, action: r.action, region: r.region, code: r.error.code, attempt: r.attempt, delayMs: r.delayMs },
        'retrying',
      ),
  });
  const needsRegions = types.some((t) => t.scope === 'regional');
  const discovered = opts.regions === undefined && needsRegions;
  const gaps: ScanGap[] = [];
  let chosen: string[];
  let regionListFailed = false;
  if (!discovered) chosen = [...new Set(opts.regions ?? [])].sort();
  else {
    try {
      chosen = await discoverRegions(readClients);
    } catch (err) {
      if (!(err instanceof CloudApiError)) throw err;
      // Without the region list no regional type can be listed anywhere: each is a gap in every
      // region, and the global types are still scanned (what they hold is then blocked).
      opts.log.warn({ code: err.code }, `could not list the regions: ${err.message}`);
      chosen = [];
      regionListFailed = true;
      for (const t of types) if (t.scope === 'regional') gaps.push(gapOf(t.type, '*', err, '; or pass --regions'));
    }
  }
  const excluded = new Set(opts.excludeRegions ?? []);
  if (needsRegions && (!discovered || (excluded.size > 0 && !regionListFailed))) {
    const known = discovered ? chosen : undefined;
    await refuseUnknownRegions([...(discovered ? [] : chosen), ...excluded], readClients, opts.log, known);
  }
  const regions = chosen.filter((r) => !excluded.has(r));
  opts.onProgress?.({ kind: 'regions', regions, discovered });

  // The caps count calls in flight, as in apply: a listing that describes each resource with
  // extra calls (RAM users' policies and groups, buckets' stat) runs them side by side, and
  // they queue for the same slots as every other listing's calls.
  const callLimiter = new ConcurrencyLimiter(opts.concurrency.global, { ...opts.concurrency.perService });
  const clients = readClients.withCallLimiter({ acquire: (service) => callLimiter.acquire(SERVICE_OF_CLIENT[service] ?? service) });
  // At most `global` listings at once: each holds little, but thousands of started ones would
  // make the progress display meaningless.
  const global = createPool(opts.concurrency.global);
  const perService = new Map<string, Pool>();
  const poolOf = (service: Service): Pool | undefined => {
    const limit = opts.concurrency.perService?.[service];
    if (limit === undefined) return undefined;
    let pool = perService.get(service);
    if (!pool) perService.set(service, (pool = createPool(limit)));
    return pool;
  };

  const found: Resource[] = [];
  const tasks = types.flatMap((t) => (t.scope === 'global' ? [GLOBAL] : regions).map((region) => ({ t, region })));
  opts.onProgress?.({ kind: 'tasks', tasks: tasks.map(({ t, region }) => ({ type: t.type, region })) });
  // Global listings start first: one task lists what a regional type lists in every region
  // (every bucket of the account and its details, every RAM user...), so one started last
  // is the tail of the whole scan (docs/benchmarks.md). The progress order stays as above.
  const startOrder = [...tasks.filter((k) => k.region === GLOBAL), ...tasks.filter((k) => k.region !== GLOBAL)];
  await Promise.all(
    startOrder.map(({ t, region }) => {
      const listOne = async (): Promise<void> => {
        if (opts.signal.aborted) return;
        opts.onProgress?.({ kind: 'started', type: t.type, region });
        const log = opts.log.child({ service: t.service, type: t.type, region });
        const ctx = {
          clients,
          detailConcurrency: opts.concurrency.global,
          region,
          caller: opts.caller,
          settings: opts.settings,
          now: new Date(),
          signal: opts.signal,
          log,
        };
        let count = 0;
        try {
          for await (const r of t.list(ctx)) {
            if (opts.signal.aborted) return;
            if (excluded.has(r.region)) continue;
            found.push(r);
            count++;
          }
          opts.onProgress?.({ kind: 'done', type: t.type, region, found: count });
        } catch (err) {
          if (opts.signal.aborted) return;
          if (err instanceof CloudApiError && isUnavailableHere(err)) {
            // Not offered or not activated here: nothing can exist there.
            log.debug({ code: err.code }, `${t.type} is not available in ${region}: an empty list`);
            opts.onProgress?.({ kind: 'done', type: t.type, region, found: count });
            return;
          }
          const gap = gapOf(t.type, region, err);
          log.warn({ code: gap.code }, `could not list ${t.type} in ${region}: ${gap.message}`);
          gaps.push(gap);
          opts.onProgress?.({ kind: 'failed', type: t.type, region, found: count, code: gap.code });
        }
      };
      // The service slot is taken before the global one, so a task waiting for its service
      // never holds a global slot another service could use.
      const servicePool = poolOf(t.service);
      return servicePool ? servicePool.run(() => global.run(listOne)) : global.run(listOne);
    }),
  );
  if (opts.signal.aborted) throw new AbortError('scan interrupted');

  return {
    resources: uniqueByAddress(found),
    gaps: gaps.sort((a, b) => byCodeUnit(`${a.type}\u0000${a.region}`, `${b.type}\u0000${b.region}`)),
    regions,
  };
}

/**
 * A misspelt region (`cn-hangzou`) would scan nothing there and plan "0 to destroy": refuse it
 * up front, naming the valid ones. When the region list itself cannot be read, the given
 * regions are used as they are (a misspelt one then fails its lists, which are gaps).
 */
async function refuseUnknownRegions(
  regions: readonly string[],
  clients: CloudClients,
  log: Logger,
  alreadyKnown?: readonly string[],
): Promise<void> {
  let known: readonly string[];
  try {
    known = alreadyKnown ?? (await discoverRegions(clients));
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not check the given regions against ECS DescribeRegions');
    return;
  }
  const unknown = regions.filter((r) => !known.includes(r));
  if (unknown.length > 0)
    throw new UserError(
      `unknown region ${unknown.map((r) => `"${r}"`).join(', ')} in --regions, --exclude-regions or the config; valid regions: ${known.join(', ')}`,
    );
}

function gapOf(type: string, region: string, err: unknown, alternative = ''): ScanGap {
  if (err instanceof CloudApiError) {
    const action = ramActionOf(err.service, err.action);
    const fix = isAccessDenied(err)
      ? `grant ${action} to the caller (RAM)${alternative}, then plan again`
      : `${action} kept failing after retries; plan again later${alternative}`;
    return { type, region, code: err.code, message: err.message, action, fix };
  }
  // A provider bug (TypeError...) is a gap like a cloud failure, so the rest of the scan stands.
  const e = err instanceof Error ? err : new Error(String(err));
  return { type, region, code: e.name, message: e.message, action: `${type} list`, fix: 'a bug in aliyun-teardown: please report it' };
}

function uniqueByAddress(resources: readonly Resource[]): Resource[] {
  const keyed = resources.map((r) => ({ address: resourceAddress(r), r }));
  keyed.sort((a, b) => byCodeUnit(a.address, b.address));
  return keyed.filter((k, i) => i === 0 || keyed[i - 1]!.address !== k.address).map((k) => k.r);
}
