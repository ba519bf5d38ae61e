/**
 * The sandbox's HTTP front door: one port for every RPC product, OSS and the admin API.
 *
 * - `/__sandbox/...`: the admin API (admin.ts), not signed.
 * - RPC: a request naming an action (`x-acs-action` header, or the `Action` parameter of RPC
 *   v1). Query, form body and JSON body are merged into the parameters; the product is the
 *   module whose `version` matches and which has the action; the signature is verified
 *   against the RAM slice's keys; faults are applied; the parameters are checked against the
 *   official metadata; the handler's body is answered as JSON with a RequestId.
 * - Anything else is OSS (signed with OSS v1/v4, bucket in the Host header or path), handed to
 *   `handleOssRequest` of ./oss/index.ts, which applies the same faults after its own
 *   signature check.
 *
 * ROA products (FC 3.0, ACK) come through the same door: the SDKs sign them with the same ACS3
 * headers. Their module declares each action's method and path (`roa`); the path's `[name]`
 * segments become parameters, the answer is the handler's body as is (request id in the
 * `x-acs-request-id` header), and errors take the product's own shape (`errorBody`).
 *
 * RPC errors have the real shape `{RequestId, HostId, Code, Message, Recommend}` with the real
 * HTTP status (Alibaba Cloud API common error codes): unknown version `InvalidVersion` (400),
 * unknown action `InvalidAction.NotFound` (404, "Specified api is not found, please check
 * your url and method").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { SandboxApiError, matchRoaRoute, type ProductModule, type World } from './framework.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { Denials, rpcAccessDenied } from './denials.js';
import { checkParameters } from './metadata/index.js';
import { RequestLog, isMutatingAction, isMutatingHttpMethod, keyParams, type RequestLogEntry } from './request-log.js';
import { seedWorld, type AccountSection, type ScenarioSource, type SectionSeeder } from './scenario.js';
import { lookupSecret, verifyRpcSignature } from './signature.js';
import type { handleOssRequest } from './oss/index.js';
import type { handleSlsRequest } from './sls/index.js';

/** The OSS emulation (./oss/index.ts): its request handler and its scenario section. */
export interface OssEmulation {
  readonly handle: typeof handleOssRequest;
  readonly section: SectionSeeder;
}

/** The Log Service emulation (./sls/index.ts): its own hosts, signature and error shape. */
export interface SlsEmulation {
  readonly handle: typeof handleSlsRequest;
  readonly section: SectionSeeder;
}

export interface SandboxServerOptions {
  readonly scenario: ScenarioSource;
  readonly products: readonly ProductModule[];
  readonly speed?: number;
  readonly seed?: string;
  readonly faults?: FaultSettings;
  readonly oss?: OssEmulation | undefined;
  readonly sls?: SlsEmulation | undefined;
}

/** An RPC request after decoding, before routing. */
interface DecodedRpc {
  readonly action: string;
  readonly version: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly form: Record<string, string>;
}

function firstValue(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function decodePairs(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseQueryString(raw))) out[k] = firstValue(v);
  return out;
}

/** A JSON body flattened the way the SDK flattens query parameters (`A.B`, `List.1`). */
function flattenJson(value: unknown, prefix: string, out: Record<string, string>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) value.forEach((v, i) => flattenJson(v, `${prefix}.${i + 1}`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) flattenJson(v, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = String(value);
}

function header(req: IncomingMessage, name: string): string {
  return firstValue(req.headers[name]);
}

export class SandboxServer {
  private seeded: { world: World; account: AccountSection };
  readonly log = new RequestLog();
  readonly faults: FaultInjector;
  /** Actions refused with the real access-denied error (admin switch; survives a reset). */
  readonly denials = new Denials();

  constructor(private readonly opts: SandboxServerOptions) {
    this.seeded = this.seed();
    this.faults = new FaultInjector(opts.seed ?? 'aliyun-teardown-sandbox', opts.faults ?? {});
  }

  private seed() {
    return seedWorld(this.opts.scenario, this.sections, {
      ...(this.opts.speed !== undefined ? { speed: this.opts.speed } : {}),
      ...(this.opts.seed !== undefined ? { seed: this.opts.seed } : {}),
    });
  }

  get world(): World {
    return this.seeded.world;
  }

  get account(): AccountSection {
    return this.seeded.account;
  }

  get products(): readonly ProductModule[] {
    return this.opts.products;
  }

  /** Everything that seeds and dumps a scenario section: the RPC products, then OSS and Log Service. */
  get sections(): readonly SectionSeeder[] {
    return [...this.opts.products, ...(this.opts.oss ? [this.opts.oss.section] : []), ...(this.opts.sls ? [this.opts.sls.section] : [])];
  }

  /** Reloads the scenario into a fresh world and clears the request log. */
  reset(): void {
    this.seeded = this.seed();
    this.log.clear();
  }

  /** RPC requests name an action (header for ACS3, `Action` query parameter for RPC v1); OSS never does. */
  isRpcRequest(req: IncomingMessage): boolean {
    if (header(req, 'x-acs-action') !== '') return true;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    return q >= 0 && (decodePairs(url.slice(q + 1)).Action ?? '') !== '';
  }

  /** Decodes an RPC request; undefined when it names no action. */
  decodeRpc(req: IncomingMessage, body: Buffer): DecodedRpc | undefined {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const query = q >= 0 ? decodePairs(url.slice(q + 1)) : {};
    const action = header(req, 'x-acs-action') || query.Action;
    if (!action) return undefined;
    const contentType = header(req, 'content-type').toLowerCase();
    let form: Record<string, string> = {};
    const jsonParams: Record<string, string> = {};
    if (body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) form = decodePairs(body.toString('utf8'));
    else if (body.length > 0 && contentType.startsWith('application/json')) {
      try {
        flattenJson(JSON.parse(body.toString('utf8')), '', jsonParams);
      } catch {
        throw new SandboxApiError(400, 'InvalidParameter', 'The request body is not valid JSON.');
      }
    }
    const version = header(req, 'x-acs-version') || query.Version || form.Version || '';
    return { action, version, params: { ...jsonParams, ...form, ...query }, query, form };
  }

  private route(action: string, version: string): ProductModule {
    const candidates = this.opts.products.filter((p) => p.version === version);
    if (candidates.length === 0) throw new SandboxApiError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    const product = candidates.find((p) => Object.hasOwn(p.actions, action));
    if (!product) throw new SandboxApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    return product;
  }

  /** Answers one RPC request. Returns without answering when a fault drops the connection. */
  async handleRpc(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const world = this.world;
    world.tick();
    const requestId = world.requestId();
    let product: ProductModule | undefined;
    let action = header(req, 'x-acs-action');
    let params: Record<string, string> = {};
    let accessKeyId: string | undefined;
    const finish = (status: number, code: string | undefined) =>
      this.record({
        product: product?.product ?? 'unknown',
        action,
        params,
        accessKeyId,
        status,
        code,
        requestId,
        mutating: isMutatingAction(action),
      });

    await this.faults.delay();
    try {
      const decoded = this.decodeRpc(req, body);
      if (!decoded)
        throw new SandboxApiError(
          400,
          'MissingAction',
          'The input parameter "Action" that is mandatory for processing this request is not supplied.',
        );
      action = decoded.action;
      params = decoded.params;
      product = this.route(decoded.action, decoded.version);
      const pathname = (req.url ?? '/').split('?')[0] ?? '/';
      const roaRoute = product.roa?.[action];
      if (product.roa) {
        // A ROA service routes by method and path: the action's own route, or not found.
        const pathParams = roaRoute ? matchRoaRoute(roaRoute, req.method ?? 'GET', pathname) : undefined;
        if (!pathParams)
          throw new SandboxApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
        // A ROA body is one parameter (`body`, position Body in the metadata), not flattened fields.
        params = { ...decoded.query, ...(body.length > 0 ? { body: body.toString('utf8') } : {}), ...pathParams };
      }
      accessKeyId = verifyRpcSignature(world, {
        method: req.method ?? 'POST',
        pathname,
        headers: req.headers,
        query: decoded.query,
        form: decoded.form,
        body,
      });
      if (this.denials.match(product.product, action, decoded.params.RegionId))
        throw rpcAccessDenied(product.product, action, world.accountId, accessKeyId);
      const fate = this.faults.decide(action, world.now());
      if (fate.kind === 'drop') {
        finish(0, 'ConnectionDropped');
        req.socket.destroy();
        return;
      }
      if (fate.kind === 'error') {
        if (fate.retryAfterMs !== undefined) res.setHeader('x-acs-retry-after', String(fate.retryAfterMs));
        throw fate.error;
      }
      checkParameters(product.product, action, params);
      const handler = product.actions[action];
      if (!handler)
        throw new SandboxApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
      const result = handler({ product: product.product, version: product.version, action, params, accessKeyId }, world);
      if (roaRoute) {
        const status = roaRoute.status ?? 200;
        if (status === 204) {
          res.writeHead(204, { 'x-acs-request-id': requestId }).end();
        } else sendJson(res, status, result, requestId);
        finish(status, undefined);
        return;
      }
      sendJson(res, 200, { RequestId: requestId, ...result }, requestId);
      finish(200, undefined);
    } catch (e) {
      const error = e instanceof SandboxApiError ? e : new SandboxApiError(500, 'InternalError', `sandbox: ${(e as Error).message}`);
      const host = product ? `${product.product}.aliyuncs.com` : 'aliyuncs.com';
      const own = product?.errorBody?.(error, requestId);
      if (own) {
        sendJson(res, error.status, own, requestId);
        finish(error.status, error.code);
        return;
      }
      sendJson(
        res,
        error.status,
        {
          RequestId: requestId,
          HostId: host,
          Code: error.code,
          Message: error.message,
          Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product?.product ?? ''}&requestId=${requestId}`,
          ...error.extra,
        },
        requestId,
      );
      finish(error.status, error.code);
    }
  }

  /** Hands a Log Service request (./sls/index.ts) to its emulation; without one answers 501. */
  async handleSls(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const world = this.world;
    world.tick();
    const requestId = world.requestId();
    await this.faults.delay();
    if (!this.opts.sls) {
      sendJson(res, 501, { errorCode: 'NotImplemented', errorMessage: 'The sandbox has no Log Service emulation.' }, requestId);
      return;
    }
    this.opts.sls.handle(req, res, body, {
      world,
      requestId,
      lookupSecret: (id) => lookupSecret(world, id),
      fault: (action, dialect) => this.faults.decide(action, world.now(), dialect),
      denied: (action, region) => this.denials.match('sls', action, region) !== undefined,
      log: (entry) =>
        this.record({
          product: 'sls',
          action: entry.action,
          params: {
            ...(entry.region !== undefined ? { RegionId: entry.region } : {}),
            ...(entry.project !== undefined ? { ProjectName: entry.project } : {}),
          },
          accessKeyId: entry.accessKeyId,
          status: entry.status,
          code: entry.code,
          requestId,
          mutating: isMutatingAction(entry.action),
        }),
    });
  }

  /** Hands a non-RPC request to the OSS emulation; without one (a server built without OSS) answers 501. */
  async handleOss(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const world = this.world;
    world.tick();
    const requestId = world.requestId();
    await this.faults.delay();
    const method = req.method ?? 'GET';
    if (!this.opts.oss) {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented</Code><Message>The sandbox has no OSS emulation.</Message><RequestId>${requestId}</RequestId><HostId>oss.aliyuncs.com</HostId></Error>`;
      res.writeHead(501, { 'content-type': 'application/xml', 'x-oss-request-id': requestId }).end(xml);
      this.record({
        product: 'oss',
        action: `${method} ${(req.url ?? '/').split('?')[0]}`,
        params: {},
        accessKeyId: undefined,
        status: 501,
        code: 'NotImplemented',
        requestId,
        mutating: isMutatingHttpMethod(method),
      });
      return;
    }
    this.opts.oss.handle(req, res, body, {
      world,
      requestId,
      lookupSecret: (id) => lookupSecret(world, id),
      fault: (action, dialect) => this.faults.decide(action, world.now(), dialect),
      log: (entry) =>
        this.record({
          product: 'oss',
          action: entry.action,
          params: {
            ...(entry.bucket !== undefined ? { BucketName: entry.bucket } : {}),
            ...(entry.key !== undefined ? { ObjectName: entry.key } : {}),
          },
          accessKeyId: entry.accessKeyId,
          status: entry.status,
          code: entry.code,
          requestId,
          mutating: isMutatingHttpMethod(method),
        }),
    });
  }

  private record(e: Omit<RequestLogEntry, 'time' | 'params'> & { params: Readonly<Record<string, string>> }): void {
    this.log.add({ ...e, time: this.world.nowIso(), params: keyParams(e.params) });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-acs-request-id': requestId,
  });
  res.end(text);
}
