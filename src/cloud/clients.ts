/**
 * Every SDK client the tool uses is built here, from the official SDKs, and handed out
 * wrapped in a guard that
 *   1. turns every error into a `CloudApiError` (see errors.ts) naming service and action;
 *   2. refuses, before anything is sent, any mutating call when the clients were built
 *      read-only. `plan` and `readiness` only ever get read-only clients, so a mutation from
 *      them is impossible by construction, not merely untested;
 *   3. reports every call (service, action, outcome) to an observer for logs and progress;
 *   4. when built `retrying()` (the scan, region discovery, readiness), retries every read
 *      call — each list page, each Describe — on throttling, 5xx and dropped connections with
 *      the one retry policy (retry.ts). Retrying one page call re-fetches that page with the
 *      same cursor, so a paginated list neither repeats nor loses items. Mutating calls are
 *      never retried here: the executor retries steps itself (it gives its concurrency slot
 *      back while it backs off and reports each retry), and re-reads through its own loop.
 *
 * Endpoints: `endpointOverride` (from ALIYUN_TEARDOWN_ENDPOINT=http://host:port) sends every
 * RPC product and OSS to that one address over its scheme; the OSS client then addresses
 * the IP and ali-oss puts the bucket in the Host header (see docs/architecture.md); Log
 * Service, which puts region and project in the host, goes to `<project>.<region>.localhost:<port>`
 * for a loopback override (localhost-names.ts).
 * Per-service endpoints come from the config; otherwise each SDK's own endpoint rules apply.
 */
import OpenApi, { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import type OSS from 'ali-oss';
import { createRequire } from 'node:module';
import { parse as parseUrlVerbatim } from 'node:url';
import { CloudApiError, normaliseError } from './errors.js';
import { addRawRequests, type OssRawRequests } from './oss-raw-requests.js';
import { resolveLocalhostNames } from './localhost-names.js';
import { aliOss, alidnsSdk, bssSdk, cdnSdk, csSdk, ecsSdk, kvstoreSdk, ramSdk, rdsSdk, rosSdk, slsSdk, stsSdk, vpcSdk } from './sdk.js';
import type { ResolvedCredentials } from './credentials.js';
import type { AdaptiveRateControl } from './rate-control.js';
import { CALL_RETRY, withRetry, type RetryInfo, type RetryOptions } from './retry.js';

const require = createRequire(import.meta.url);
const genericEndpoints = require('./endpoints.json') as Record<string, Record<string, string>>;

// With "type": "module" the CJS SDK packages arrive as module.exports; the class is `.default`.
type Ctor<T> = new (config: $OpenApiUtil.Config) => T;
function sdkClass<T>(mod: unknown): Ctor<T> {
  const m = mod as { default?: unknown };
  return (typeof m.default === 'function' ? m.default : mod) as Ctor<T>;
}

export type EcsClient = InstanceType<typeof ecsSdk.default>;
export type VpcClient = InstanceType<typeof vpcSdk.default>;
export type RdsClient = InstanceType<typeof rdsSdk.default>;
export type RamClient = InstanceType<typeof ramSdk.default>;
export type StsClient = InstanceType<typeof stsSdk.default>;
export type AlidnsClient = InstanceType<typeof alidnsSdk.default>;
export type BssClient = InstanceType<typeof bssSdk.default>;
export type CdnClient = InstanceType<typeof cdnSdk.default>;
export type KvstoreClient = InstanceType<typeof kvstoreSdk.default>;
export type RosClient = InstanceType<typeof rosSdk.default>;
export type CsClient = InstanceType<typeof csSdk.default>;
export type SlsClient = InstanceType<typeof slsSdk.default>;
/** An ali-oss client with the raw-body listings and deletion of oss-raw-requests.ts. */
export type OssClient = OSS & OssRawRequests;

export type AccessMode = 'read-only' | 'read-write';

/** Products reached through the generic OpenAPI call (no npm SDK: SLB, Auto Scaling, Domain, Resource Center). */
export const GENERIC_PRODUCTS = {
  slb: { version: '2014-05-15', regional: true },
  ess: { version: '2014-08-28', regional: true },
  // ALB and KMS have npm SDKs, but their requests name the region only in the endpoint host; the
  // generic call adds RegionId (ignored by the services), so one sandbox serves every region.
  alb: { version: '2020-06-16', regional: true },
  nlb: { version: '2022-04-30', regional: true },
  kms: { version: '2016-01-20', regional: true },
  cbn: { version: '2017-09-12', regional: false },
  // PolarDB's npm SDK is a 2020 release of the old generation; MongoDB (DDS) has none.
  polardb: { version: '2017-08-01', regional: true },
  dds: { version: '2015-12-01', regional: true },
  // NAS has an npm SDK, but its requests carry no RegionId (the endpoint holds the region).
  nas: { version: '2017-06-26', regional: true },
  domain: { version: '2018-01-29', regional: false },
  resourcecenter: { version: '2022-12-01', regional: false },
} as const;
export type GenericProduct = keyof typeof GENERIC_PRODUCTS;

/**
 * ROA (REST-style) products reached through the generic call. Function Compute 3.0 names the
 * region only in its endpoint host (`fcv3.<region>.aliyuncs.com`, the official metadata's
 * products.json); like the RPC products above, the call adds `RegionId` (ignored by the
 * service), so one address — a proxy, the sandbox — can serve every region.
 */
export const ROA_PRODUCTS = {
  fc: { version: '2023-03-30', endpoint: (region: string) => `fcv3.${region}.aliyuncs.com` },
} as const;
export type RoaProduct = keyof typeof ROA_PRODUCTS;

export interface RoaRequest {
  readonly method: 'GET' | 'DELETE';
  /** The path with its parameters filled in, each percent-encoded as the official SDK does. */
  readonly pathname: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
}

export interface GenericRoaClient {
  /** Calls `action` at `method pathname`; returns the parsed JSON body (`{}` for a body-less answer). */
  call(action: string, request: RoaRequest): Promise<Record<string, unknown>>;
}

export interface GenericRpcClient {
  /** Calls `action` with flat parameters; returns the parsed JSON body. */
  call(action: string, params: Record<string, string | number | boolean | undefined>): Promise<Record<string, unknown>>;
}

export interface ApiCallEvent {
  readonly service: string;
  readonly action: string;
  readonly region: string;
  readonly mutating: boolean;
  readonly ok: boolean;
  readonly code?: string | undefined;
  readonly requestId?: string | undefined;
  readonly durationMs: number;
}

export interface CloudOptions {
  readonly credentials: ResolvedCredentials;
  readonly mode: AccessMode;
  /** `http://host:port`: every product goes there. */
  readonly endpointOverride?: string | undefined;
  /** Per-service endpoint host, e.g. `{ ecs: 'ecs-vpc.cn-hangzhou.aliyuncs.com' }`; `{region}` is replaced. */
  readonly endpoints?: Readonly<Record<string, string>> | undefined;
  readonly onCall?: ((event: ApiCallEvent) => void) | undefined;
  /** Use the international site's central endpoints (Domain, BSS, Resource Center). */
  readonly site?: 'china' | 'international' | undefined;
  /**
   * Every call takes a slot of this limiter for as long as it is in flight (the scan's
   * concurrency caps, which count calls, not listing tasks). The key is the client's service
   * (`ecs`, `alidns`, `oss`...).
   */
  readonly callLimiter?: CallLimiter | undefined;
  /**
   * Paces each API to just under its flow-control quota once it has been throttled
   * (rate-control.ts). Share one between the read-only and read-write clients of a run.
   */
  readonly rateControl?: AdaptiveRateControl | undefined;
  /** Retry read calls with this policy (see `retrying()`); absent: one attempt per call. */
  readonly readRetry?: ReadRetry | undefined;
}

/** How read calls are retried: the policy (CALL_RETRY by default), the run's signal, an observer. */
export interface ReadRetry extends Partial<Omit<RetryOptions, 'signal' | 'onRetry' | 'retryOn'>> {
  readonly signal?: AbortSignal | undefined;
  readonly onRetry?:
    ((call: { readonly service: string; readonly action: string; readonly region: string } & RetryInfo) => void) | undefined;
}

/** What `callLimiter` needs: a slot for one call of `service`, released by the returned function. */
export interface CallLimiter {
  acquire(service: string): Promise<() => void>;
}

/** Thrown when a read-only client is asked to mutate. A bug, never a user error. */
export class MutationRefusedError extends Error {
  constructor(service: string, action: string) {
    super(`refused to call mutating API ${service}:${action} with read-only clients`);
    this.name = 'MutationRefusedError';
  }
}

const READ_ACTION = /^(Describe|List|Get|Query|Check|Search)/;
/** ali-oss methods that only read. Anything else is treated as mutating. */
const OSS_READ_METHODS = new Set([
  'listBuckets',
  'list',
  'listV2',
  'getBucketVersions',
  // oss-raw-requests.ts: the same listings, the body left unparsed.
  'listObjectsV2Xml',
  'listObjectVersionsXml',
  'listUploads',
  'listParts',
  'listChannels',
  'getChannel',
  'getBucketInfo',
  'getBucketStat',
  'getBucketWorm',
  'getBucketVersioning',
  'getBucketTags',
  'getBucketLocation',
  'head',
  'getObjectMeta',
  'getBucketPolicy',
  // What a backup reads: bucket configuration and object bytes.
  'getBucketACL',
  'getBucketLifecycle',
  'getBucketCORS',
  'getStream',
]);
/** ali-oss methods that are plumbing, not API calls. */
const OSS_PLUMBING = new Set(['useBucket', 'setBucket', 'getBucket', 'signatureUrl', 'signatureUrlV4']);

/**
 * Actions that change no resource although their names do not say so: STS AssumeRole issues a
 * temporary key for a role (a RamRoleArn profile's credentials, see credentials.ts).
 */
const NON_MUTATING_ACTIONS = new Set(['AssumeRole']);

export function isMutatingAction(action: string): boolean {
  return !READ_ACTION.test(action) && !NON_MUTATING_ACTIONS.has(action);
}

function actionOf(method: string): string | undefined {
  // SDK methods are `describeInstances` and `describeInstancesWithOptions`.
  if (method.startsWith('_') || method === 'constructor' || method === 'getEndpoint') return undefined;
  const base = method.endsWith('WithOptions') ? method.slice(0, -'WithOptions'.length) : method;
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/**
 * ali-oss hands its HTTP client (urllib 2) a URL string, which urllib re-parses with WHATWG
 * `new URL()`: that removes `.` and `..` segments, so a request for the object key `a/../b`
 * goes to `/b`, signed for `/a/../b` — it reaches another key, or fails SignatureDoesNotMatch.
 * Object keys are not paths; handing urllib the URL parsed the legacy way (no normalisation)
 * keeps the path as ali-oss built and signed it.
 */
function keepDotSegments(client: OSS): void {
  const holder = client as unknown as { urllib: { request(url: unknown, params: unknown): Promise<unknown> } };
  const urllib = holder.urllib;
  holder.urllib = {
    request: (url, params) => urllib.request(typeof url === 'string' ? parseUrlVerbatim(url) : url, params),
  };
}

export class CloudClients {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly options: CloudOptions) {}

  get mode(): AccessMode {
    return this.options.mode;
  }

  /** The same clients (same credentials, mode and endpoints), every call taking a slot of `limiter`. */
  withCallLimiter(limiter: CallLimiter): CloudClients {
    return new CloudClients({ ...this.options, callLimiter: limiter });
  }

  /** The same clients, read-only. */
  readOnly(): CloudClients {
    return this.options.mode === 'read-only' ? this : new CloudClients({ ...this.options, mode: 'read-only' });
  }

  /**
   * The same clients, retrying every read call with the cloud retry policy (CALL_RETRY,
   * overridable), stopping when `signal` aborts. For callers without a retry loop of their
   * own: the scan (every list page and detail read, region discovery) and readiness.
   */
  retrying(readRetry: ReadRetry = {}): CloudClients {
    return new CloudClients({ ...this.options, readRetry: { ...this.options.readRetry, ...readRetry } });
  }

  ecs(region: string): EcsClient {
    return this.rpcSdk('ecs', region, ecsSdk);
  }
  vpc(region: string): VpcClient {
    return this.rpcSdk('vpc', region, vpcSdk);
  }
  rds(region: string): RdsClient {
    return this.rpcSdk('rds', region, rdsSdk);
  }
  ram(): RamClient {
    return this.rpcSdk('ram', 'cn-hangzhou', ramSdk);
  }
  sts(): StsClient {
    return this.rpcSdk('sts', 'cn-hangzhou', stsSdk);
  }
  alidns(): AlidnsClient {
    return this.rpcSdk('alidns', 'cn-hangzhou', alidnsSdk);
  }
  bss(): BssClient {
    const region = this.options.site === 'international' ? 'ap-southeast-1' : 'cn-hangzhou';
    return this.rpcSdk('bss', region, bssSdk);
  }
  /** CDN is global: the SDK's central endpoint (cdn.aliyuncs.com). */
  cdn(): CdnClient {
    return this.rpcSdk('cdn', 'cn-hangzhou', cdnSdk);
  }

  /** Tair / Redis (R-KVStore): regional endpoints (r-kvstore.aliyuncs.com for most regions, by the SDK's own rules). */
  kvstore(region: string): KvstoreClient {
    return this.rpcSdk('kvstore', region, kvstoreSdk);
  }
  /** Resource Orchestration Service: its requests name the region (RegionId) as well. */
  ros(region: string): RosClient {
    return this.rpcSdk('ros', region, rosSdk);
  }

  /**
   * Container Service for Kubernetes (ACK): a REST-style product whose official SDK signs ACS3
   * like the RPC ones; regional endpoint `cs.<region>.aliyuncs.com` (the SDK's own rule), and
   * DescribeClustersV1 names the region in `region_id`.
   */
  cs(region: string): CsClient {
    return this.rpcSdk('cs', region, csSdk);
  }

  /**
   * Simple Log Service: its own signature (`LOG <key>:<signature>`, @alicloud/gateway-sls) and
   * its own hosts: the region's endpoint `<region>.log.aliyuncs.com` (the SDK's own rule), a
   * project's calls at `<project>.<endpoint>`. Through an endpoint override the endpoint is
   * `<region>.<host>:<port>` (see sdkConfig and localhost-names.ts).
   */
  sls(region: string): SlsClient {
    return this.rpcSdk('sls', region, slsSdk);
  }

  /** The generic OpenAPI call for products without an npm SDK (SLB, Domain, Resource Center). */
  generic(product: GenericProduct, region: string): GenericRpcClient {
    const key = `generic:${product}:${region}`;
    const hit = this.cache.get(key);
    if (hit) return hit as GenericRpcClient;
    const { version } = GENERIC_PRODUCTS[product];
    const OpenApiClient = sdkClass<InstanceType<typeof OpenApi.default>>(OpenApi);
    const client = new OpenApiClient(this.sdkConfig(product, region, this.genericEndpoint(product, region)));
    const wrapped: GenericRpcClient = {
      call: async (action, params) => {
        const query: Record<string, string> = {};
        for (const [k, v] of Object.entries(params)) if (v !== undefined) query[k] = String(v);
        return this.invoke(product, action, region, async () => {
          const res = await client.callApi(
            new $OpenApiUtil.Params({
              action,
              version,
              protocol: this.protocol(),
              method: 'POST',
              authType: 'AK',
              style: 'RPC',
              pathname: '/',
              reqBodyType: 'json',
              bodyType: 'json',
            }),
            new $OpenApiUtil.OpenApiRequest({ query }),
            new $dara.RuntimeOptions({}),
          );
          return (res.body ?? {}) as Record<string, unknown>;
        });
      },
    };
    this.cache.set(key, wrapped);
    return wrapped;
  }

  /** The generic call of a ROA product (Function Compute 3.0), signed ACS3 like the official SDK's own calls. */
  roa(product: RoaProduct, region: string): GenericRoaClient {
    const key = `roa:${product}:${region}`;
    const hit = this.cache.get(key);
    if (hit) return hit as GenericRoaClient;
    const { version, endpoint } = ROA_PRODUCTS[product];
    const OpenApiClient = sdkClass<InstanceType<typeof OpenApi.default>>(OpenApi);
    const client = new OpenApiClient(this.sdkConfig(product, region, endpoint(region)));
    const wrapped: GenericRoaClient = {
      call: async (action, request) => {
        const query: Record<string, string> = { RegionId: region };
        for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) query[k] = String(v);
        return this.invoke(product, action, region, async () => {
          const res = await client.callApi(
            new $OpenApiUtil.Params({
              action,
              version,
              protocol: this.protocol(),
              method: request.method,
              authType: 'AK',
              style: 'ROA',
              pathname: request.pathname,
              reqBodyType: 'json',
              // A deletion answers 204 without a body (the SDK's own DeleteFunction reads none).
              bodyType: request.method === 'DELETE' ? 'none' : 'json',
            }),
            new $OpenApiUtil.OpenApiRequest({ query }),
            new $dara.RuntimeOptions({}),
          );
          const body: unknown = res.body;
          return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        });
      },
    };
    this.cache.set(key, wrapped);
    return wrapped;
  }

  /** An ali-oss client for `region` (e.g. `cn-hangzhou`), optionally bound to a bucket. */
  oss(region: string, bucket?: string): OssClient {
    const key = `oss:${region}:${bucket ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit as OssClient;
    const { accessKeyId, accessKeySecret, securityToken } = this.options.credentials;
    const override = this.options.endpointOverride;
    const configured = this.options.endpoints?.oss?.replaceAll('{region}', region);
    const endpoint = override ? override.replace('://localhost', '://127.0.0.1') : configured;
    const OssClass = aliOss();
    const client = new OssClass({
      region: `oss-${region}`,
      accessKeyId,
      accessKeySecret,
      ...(securityToken ? { stsToken: securityToken } : {}),
      ...(bucket ? { bucket } : {}),
      ...(endpoint ? { endpoint } : {}),
      secure: endpoint ? endpoint.startsWith('https') : true,
      timeout: 120_000,
    } as OSS.Options);
    keepDotSegments(client);
    const guarded = this.guard(addRawRequests(client), 'oss', region, (method) =>
      OSS_PLUMBING.has(method) ? undefined : { action: method, mutating: !OSS_READ_METHODS.has(method) },
    );
    this.cache.set(key, guarded);
    return guarded;
  }

  private protocol(): string {
    return this.options.endpointOverride?.startsWith('http://') ? 'HTTP' : 'HTTPS';
  }

  private genericEndpoint(product: GenericProduct, region: string): string {
    const table = genericEndpoints[product] ?? {};
    if (GENERIC_PRODUCTS[product].regional) return table[region] ?? `${product}.${region}.aliyuncs.com`;
    const central = this.options.site === 'international' ? 'ap-southeast-1' : product === 'resourcecenter' ? 'cn-shanghai' : 'cn-hangzhou';
    return table[central] ?? `${product}.aliyuncs.com`;
  }

  private sdkConfig(service: string, region: string, defaultEndpoint?: string): $OpenApiUtil.Config {
    const { accessKeyId, accessKeySecret, securityToken } = this.options.credentials;
    const override = this.options.endpointOverride;
    let endpoint = this.options.endpoints?.[service]?.replaceAll('{region}', region) ?? defaultEndpoint;
    let protocol = 'https';
    if (override) {
      const url = new URL(override);
      endpoint = url.host; // host:port only — a scheme here yields http://http//...
      protocol = url.protocol.replace(':', '');
      if (service === 'sls') {
        // Log Service names the region (and the project) in the host, as the cloud does:
        // `<project>.<region>.<host>`. A loopback address becomes `localhost`, whose
        // subdomains are loopback too (localhost-names.ts); another host needs them in its DNS.
        const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
        if (loopback) resolveLocalhostNames();
        endpoint = `${region}.${loopback ? 'localhost' : url.hostname}${url.port ? `:${url.port}` : ''}`;
      }
    }
    return new $OpenApiUtil.Config({
      accessKeyId,
      accessKeySecret,
      ...(securityToken ? { securityToken } : {}),
      regionId: region,
      ...(endpoint ? { endpoint } : {}),
      protocol,
      readTimeout: 60_000,
      connectTimeout: 10_000,
    });
  }

  private rpcSdk<T extends object>(service: string, region: string, mod: unknown): T {
    const key = `${service}:${region}`;
    const hit = this.cache.get(key);
    if (hit) return hit as T;
    const Client = sdkClass<T>(mod);
    const client = new Client(this.sdkConfig(service, region));
    const guarded = this.guard(client, service, region, (method) => {
      const action = actionOf(method);
      return action ? { action, mutating: isMutatingAction(action) } : undefined;
    });
    this.cache.set(key, guarded);
    return guarded;
  }

  private guard<T extends object>(
    client: T,
    service: string,
    region: string,
    classify: (method: string) => { action: string; mutating: boolean } | undefined,
  ): T {
    return new Proxy(client, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop !== 'string' || typeof value !== 'function') return value;
        const call = classify(prop);
        if (!call) return value;
        return (...args: unknown[]) =>
          this.invoke(
            service,
            call.action,
            region,
            () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
            call.mutating,
          );
      },
    });
  }

  private async invoke<R>(
    service: string,
    action: string,
    region: string,
    fn: () => Promise<R>,
    mutating = isMutatingAction(action),
  ): Promise<R> {
    if (mutating && this.options.mode !== 'read-write') throw new MutationRefusedError(service, action);
    const retry = this.options.readRetry;
    if (mutating || !retry) return this.attempt(service, action, region, fn, mutating);
    return withRetry(() => this.attempt(service, action, region, fn, mutating), {
      ...CALL_RETRY,
      ...retry,
      retryOn: CALL_RETRY.retryOn,
      onRetry: retry.onRetry && ((info) => retry.onRetry?.({ service, action, region, ...info })),
    });
  }

  /** One attempt: paced by the rate control, holding a call slot. */
  private async attempt<R>(service: string, action: string, region: string, fn: () => Promise<R>, mutating: boolean): Promise<R> {
    // The pace first, then the slot: a call waiting for its API's turn holds no slot another API could use.
    const rate = this.options.rateControl;
    await rate?.beforeSend(service, action);
    const release = await this.options.callLimiter?.acquire(service);
    const started = Date.now();
    try {
      const result = await fn();
      rate?.onAnswer(service, action);
      this.options.onCall?.({ service, action, region, mutating, ok: true, durationMs: Date.now() - started });
      return result;
    } catch (err) {
      const e = err instanceof CloudApiError ? err : normaliseError(err, service, action);
      if (e.kind === 'throttled') rate?.onThrottled(service, action);
      else rate?.onAnswer(service, action);
      this.options.onCall?.({
        service,
        action,
        region,
        mutating,
        ok: false,
        code: e.code,
        requestId: e.requestId,
        durationMs: Date.now() - started,
      });
      throw e;
    } finally {
      release?.();
    }
  }
}
