/**
 * What every command needs before it does anything: the config, the logger, credentials
 * (or an in-process sandbox with `--sandbox`), the SDK clients and the caller's identity.
 * Built once per command by `openSession`, closed by `session.close()`.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Logger } from 'pino';
import { AdaptiveRateControl } from '../cloud/rate-control.js';
import { CloudClients, type AccessMode, type ApiCallEvent } from '../cloud/clients.js';
import { resolveCredentials, staticCredentials, CredentialsError, type ResolvedCredentials } from '../cloud/credentials.js';
import { getCallerIdentity, type CallerIdentity } from '../cloud/identity.js';
import { CloudApiError } from '../cloud/errors.js';
import { loadConfig, DEFAULT_CONFIG, type TeardownConfig } from '../config/load.js';
import { UserError } from '../errors.js';
import { startLocalSandbox } from './local-sandbox.js';
import { createRunLogger, type LogLevel } from './logging.js';
import type { GlobalArgs } from './options.js';
import { withCommandLine } from './overrides.js';
import type { MutationPermit } from './permit.js';

export interface Session {
  readonly config: TeardownConfig;
  readonly log: Logger;
  readonly logFile: string | undefined;
  readonly stateDir: string;
  readonly caller: CallerIdentity;
  /** Where requests go, in words: the override URL, or the site and configured endpoints (recorded in plans). */
  readonly endpoint: string;
  /** Read-only clients: the only kind plan and readiness ever get. */
  readonly readOnlyClients: CloudClients;
  /**
   * Read-write clients. Only `apply` asks for them, and only after the confirmation
   * matched the account (see cli/confirm.ts).
   */
  readWriteClients(permit: MutationPermit): CloudClients;
  /** When running against the in-process sandbox: its admin URL, for the demo story. */
  readonly sandbox?: { readonly url: string; readonly accountId: string; close(): Promise<void> } | undefined;
  /** Writes `Run log: <file>` on stderr (not with --quiet). */
  sayWhereTheLogIs(): void;
  close(): Promise<void>;
}

export async function openSession(args: GlobalArgs, command: string): Promise<Session> {
  const config = withCommandLine(args.config ? await loadConfig(args.config) : DEFAULT_CONFIG, args);
  const stateDir = resolve(args.stateDir);
  ensureWritableDirectory(stateDir);
  const { log, file: logFile, flush } = createRunLogger({ stateDir, level: args.logLevel as LogLevel, command });

  let credentials: ResolvedCredentials;
  let endpointOverride = process.env.ALIYUN_TEARDOWN_ENDPOINT || undefined;
  let sandbox: Session['sandbox'];
  if (args.sandbox) {
    const { sandbox: sb, env } = await startLocalSandbox({ scenario: args.scenario ?? 'demo', speed: args.sandboxSpeed });
    sandbox = { url: sb.url, accountId: sb.accountId, close: () => sb.close() };
    credentials = staticCredentials(env.ALIBABA_CLOUD_ACCESS_KEY_ID, env.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
    endpointOverride = env.ALIYUN_TEARDOWN_ENDPOINT;
    log.info({ url: sb.url }, 'started in-process sandbox');
  } else {
    try {
      if (endpointOverride && !/^https?:\/\/[^/]+\/?$/.test(endpointOverride))
        throw new UserError(`ALIYUN_TEARDOWN_ENDPOINT must look like http://host:port, got ${endpointOverride}`);
      credentials = await resolveCredentials({ profile: args.profile, endpointOverride, endpoints: config.endpoints });
    } catch (err) {
      if (err instanceof CredentialsError) {
        // The SDK's own account of every source it tried goes to the run log, not the terminal.
        log.debug({ detail: err.cause instanceof Error ? err.cause.message : undefined }, 'no credentials');
        throw new UserError(err.message, { cause: err });
      }
      throw err;
    }
  }
  if (endpointOverride && !/^https?:\/\/[^/]+\/?$/.test(endpointOverride))
    throw new UserError(`ALIYUN_TEARDOWN_ENDPOINT must look like http://host:port, got ${endpointOverride}`);

  const onCall = (e: ApiCallEvent) =>
    log.debug(
      {
        service: e.service,
        action: e.action,
        region: e.region,
        mutating: e.mutating,
        ok: e.ok,
        code: e.code,
        requestId: e.requestId,
        ms: e.durationMs,
      },
      'api call',
    );
  const options = {
    credentials,
    endpointOverride,
    endpoints: config.endpoints,
    onCall,
    site: config.site,
    // One pace per API for the whole run: plan and apply share what throttling taught.
    rateControl: new AdaptiveRateControl(),
  } as const;
  // Read calls (identity, scans, readiness) retry throttling, 5xx and dropped connections; the
  // read-write clients do not: apply's executor retries its calls itself (src/cloud/retry.ts).
  const readOnlyClients = new CloudClients({
    ...options,
    mode: 'read-only' satisfies AccessMode,
    readRetry: {
      onRetry: (r) =>
        log.debug(
          { service: r.service, action: r.action, region: r.region, code: r.error.code, attempt: r.attempt, delayMs: r.delayMs },
          'retrying',
        ),
    },
  });

  let caller: CallerIdentity;
  try {
    caller = await getCallerIdentity(readOnlyClients);
  } catch (err) {
    await sandbox?.close();
    if (err instanceof CloudApiError)
      throw new UserError(`could not identify the account with these credentials (${credentials.source}): ${err.code}: ${err.message}`, {
        cause: err,
      });
    throw err;
  }
  log.info({ accountId: caller.accountId, arn: caller.arn, credentials: credentials.source }, 'identified caller');

  const custom = Object.entries(config.endpoints)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  const endpoint =
    endpointOverride ?? `Alibaba Cloud, ${config.site ?? 'china'} site${custom.length > 0 ? ` (endpoints ${custom.join(', ')})` : ''}`;
  let readWrite: CloudClients | undefined;
  return {
    config,
    log,
    logFile,
    stateDir,
    caller,
    endpoint,
    readOnlyClients,
    sandbox,
    readWriteClients(permit) {
      if (permit.accountId !== caller.accountId) throw new UserError('confirmation does not match the account');
      readWrite ??= new CloudClients({ ...options, mode: 'read-write' });
      return readWrite;
    },
    sayWhereTheLogIs() {
      // At the end of a command that ran, where it is seen (stderr: stdout may be JSON); --quiet
      // leaves it out, and so do errors, which stay one line.
      if (logFile && !args.quiet) process.stderr.write(`Run log: ${displayPath(logFile)}\n`);
    },
    async close() {
      flush();
      await sandbox?.close();
    },
  };
}

/**
 * The state directory holds run logs, apply journals and the run lock: a path that is a file,
 * or a folder that cannot be written, is bad input, found before anything else happens.
 */
function ensureWritableDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it, or a folder in its path, is a file' : code;
    throw new UserError(`--state-dir ${dir}: cannot use it as the state folder (${why}); pass a writable folder with --state-dir`, {
      cause: err,
    });
  }
}

/** Relative to the working directory when inside it (`.aliyun-teardown/logs/...`), else absolute. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
