/**
 * The admin API, on the sandbox's own port under `/__sandbox/` (not signed, loopback only
 * by default): what tests and benchmarks use to look inside and steer the emulated account.
 *
 *   GET  /__sandbox/requests        the request log (RequestLogEntry[])
 *   GET  /__sandbox/state           every product's dump(), plus account id and clock
 *   POST /__sandbox/reset           reload the scenario into a fresh world, clear the log
 *   POST /__sandbox/advance?ms=N    move the sandbox clock forward (runs due transitions)
 *   GET  /__sandbox/faults          the fault settings in force
 *   POST /__sandbox/faults          replace them: JSON {latencyMs, throttleRate, rateLimits, errorRate5xx, dropRate}
 *   GET  /__sandbox/deny            the actions refused as access denied
 *   POST /__sandbox/deny            replace them: JSON {rules: [{action, product?, region?}]} (see denials.ts)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateFaultSettings } from './faults.js';
import { validateDenyRules } from './denials.js';
import type { SandboxServer } from './server.js';

export const ADMIN_PREFIX = '/__sandbox/';

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}

export function isAdminRequest(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith(ADMIN_PREFIX);
}

export function handleAdmin(server: SandboxServer, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const route = `${req.method ?? 'GET'} ${url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET requests':
        return reply(res, 200, server.log.all());
      case 'GET state': {
        const world = server.world;
        world.tick();
        const products: Record<string, unknown> = {};
        for (const p of server.sections) if (p.dump) products[p.product] = p.dump(world);
        return reply(res, 200, { accountId: world.accountId, now: world.nowIso(), products });
      }
      case 'POST reset':
        server.reset();
        return reply(res, 200, { reset: true, accountId: server.world.accountId });
      case 'POST advance': {
        const ms = Number(url.searchParams.get('ms'));
        if (!Number.isFinite(ms) || ms < 0) return reply(res, 400, { error: 'advance needs ?ms=<milliseconds ≥ 0>' });
        server.world.advance(ms);
        return reply(res, 200, { now: server.world.nowIso() });
      }
      case 'GET faults':
        return reply(res, 200, server.faults.current());
      case 'POST faults': {
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          return reply(res, 400, { error: 'faults must be a JSON object' });
        }
        server.faults.configure(validateFaultSettings(input));
        return reply(res, 200, server.faults.current());
      }
      case 'GET deny':
        return reply(res, 200, { rules: server.denials.current() });
      case 'POST deny': {
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8') || '{}');
        } catch {
          return reply(res, 400, { error: 'deny needs a JSON object {"rules": [...]}' });
        }
        server.denials.configure(validateDenyRules(input));
        return reply(res, 200, { rules: server.denials.current() });
      }
      default:
        return reply(res, 404, { error: `no admin route ${route}; see docs/sandbox.md` });
    }
  } catch (e) {
    return reply(res, 400, { error: (e as Error).message });
  }
}
