/**
 * The sandbox's public entry: `startSandbox` starts a local emulated Alibaba Cloud account
 * on one port (every RPC product, OSS, Log Service and the admin API), seeded from a scenario.
 *
 *   const sb = await startSandbox({ scenario: 'demo', speed: 1000 });
 *   // point the SDKs at sb.url (endpoint '127.0.0.1:<port>', protocol 'http'), sign with sb.callerAccessKey
 *   await sb.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { World } from './framework.js';
import { handleAdmin, isAdminRequest } from './admin.js';
import type { FaultSettings } from './faults.js';
import type { DenyRule } from './denials.js';
import { PRODUCTS } from './products/index.js';
import type { RequestLogEntry } from './request-log.js';
import type { ScenarioSource } from './scenario.js';
import { handleOssRequest, ossProduct } from './oss/index.js';
import { handleSlsRequest, isSlsRequest, slsSection } from './sls/index.js';
import { SandboxServer } from './server.js';
import { lookupSecret } from './signature.js';

export interface SandboxOptions {
  /** `'demo'` (built in), a YAML/JSON file path, or scenario data. @default 'demo' */
  readonly scenario?: ScenarioSource;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Divides every asynchronous delay (1 = realistic). @default 1 */
  readonly speed?: number;
  /** Latency added to every request, ms. @default 0 */
  readonly latencyMs?: number;
  /** Probability (0..1) that a request is throttled. @default 0 */
  readonly throttleRate?: number;
  /** Seeds ids and fault dice. @default 'aliyun-teardown-sandbox' */
  readonly seed?: string | number;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The current emulated account (replaced by a reset). */
  readonly world: World;
  readonly accountId: string;
  /** The AccessKey named by the scenario's `account.caller`. */
  readonly callerAccessKey: { readonly id: string; readonly secret: string };
  requestLog(): RequestLogEntry[];
  /** Replaces the fault settings (as POST /__sandbox/faults). */
  setFaults(settings: FaultSettings): void;
  /** Refuses these actions with the real access-denied error (as POST /__sandbox/deny). */
  deny(rules: readonly DenyRule[]): void;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const faults: FaultSettings = {
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.throttleRate !== undefined ? { throttleRate: options.throttleRate } : {}),
  };
  const server = new SandboxServer({
    scenario: options.scenario ?? 'demo',
    products: PRODUCTS,
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.seed !== undefined ? { seed: String(options.seed) } : {}),
    faults,
    oss: { handle: handleOssRequest, section: ossProduct },
    sls: { handle: handleSlsRequest, section: slsSection },
  });
  const callerId = server.account.callerAccessKeyId;
  const callerSecret = lookupSecret(server.world, callerId);
  if (callerSecret === undefined)
    throw new Error(`scenario: account.caller.accessKeyId ${callerId} is not an active AccessKey of the scenario`);

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> | void => {
    if (isAdminRequest(req)) return handleAdmin(server, req, res, body);
    if (isSlsRequest(req)) return server.handleSls(req, res, body);
    if (server.isRpcRequest(req)) return server.handleRpc(req, res, body);
    return server.handleOss(req, res, body);
  };

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve(handle(req, res, Buffer.concat(chunks))).catch((e: unknown) => {
        // A bug in a handler must not take the whole sandbox down; answer and carry on.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`sandbox internal error: ${(e as Error).message}`);
      });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    get world() {
      return server.world;
    },
    accountId: server.account.id,
    callerAccessKey: { id: callerId, secret: callerSecret },
    requestLog: () => server.log.all(),
    setFaults: (settings) => server.faults.configure(settings),
    deny: (rules) => server.denials.configure(rules),
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

export type { RequestLogEntry } from './request-log.js';
export type { FaultSettings } from './faults.js';
export type { DenyRule } from './denials.js';
export type { ScenarioSource } from './scenario.js';
