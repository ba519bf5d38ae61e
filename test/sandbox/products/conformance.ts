/**
 * The conformance harness every product's test file runs: one case per action the sandbox
 * implements, called (1) through the official SDK client's own method with its own request
 * model, which must answer 200 with a RequestId, and (2) as a raw RPC call whose JSON body
 * must use only wire names of the SDK response model (`assertWireKeysMatchModel`). Products
 * without an npm SDK (SLB, Domain, Resource Center) are called through the generic OpenAPI
 * call and their bodies checked for the documented fields instead. Each product file ends
 * with a coverage check: the set of actions with a case equals the module's action table,
 * so adding an action to the sandbox without a conformance case fails CI.
 *
 *   describeConformance({ title: 'ECS', product: ecsProduct, models: $Ecs, client: (sb) => ecsClient, scenario, cases });
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductModule } from '../../../src/sandbox/framework.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { resetSandbox } from '../admin-client.js';
import { assertWireKeysMatchModel, type SdkModelClass } from '../sdk-model.js';
import { genericClient, rpcBody } from './sandbox-rpc.js';

export type WireParams = Readonly<Record<string, string>>;

export interface ConformanceCase {
  readonly action: string;
  /** Request parameters as on the wire (`InstanceId.1`, `Permissions.1.IpProtocol`). */
  readonly params: WireParams;
  /**
   * Calls that make the action possible (detach before delete), run after a reset: action,
   * parameters and, for another product's action, its API version.
   */
  readonly setup?: ReadonlyArray<readonly [string, WireParams] | readonly [string, WireParams, string]>;
  /** Sandbox time to let pass after the setup (an instance Stopping → Stopped). */
  readonly settleMs?: number;
  /**
   * For products without an SDK model: the documented response fields the body must carry,
   * as paths (`LoadBalancers.LoadBalancer[].LoadBalancerId`; `[]` = every item of a non-empty list).
   */
  readonly documented?: readonly string[];
}

type ModelCtor = SdkModelClass & (new (map: Record<string, unknown>) => object);
type SdkMethod = (request?: object) => Promise<{ statusCode?: number; body?: { requestId?: string } }>;

export interface ProductConformance {
  /** Shown in the test names: `ECS`, `SLB`... */
  readonly title: string;
  readonly product: ProductModule;
  /** The SDK package namespace (`import * as $Ecs from '@alicloud/ecs20140526'`); absent for generic-call products. */
  readonly models?: Readonly<Record<string, unknown>>;
  /** The product SDK client for a running sandbox; absent for generic-call products. */
  readonly client?: (sb: RunningSandbox) => object;
  /** Scenario data; the built-in demo by default. */
  readonly scenario?: Record<string, unknown> | 'demo';
  readonly cases: readonly ConformanceCase[];
}

function isModelCtor(t: unknown): t is ModelCtor {
  return (
    typeof t === 'function' &&
    typeof (t as Partial<SdkModelClass>).names === 'function' &&
    typeof (t as Partial<SdkModelClass>).types === 'function'
  );
}

function modelOf(models: Readonly<Record<string, unknown>>, name: string): ModelCtor {
  const m = models[name];
  if (!isModelCtor(m)) throw new Error(`the SDK has no model ${name}`);
  return m;
}

/** A wire scalar as the request model's field type wants it. */
function scalar(type: unknown, raw: string): unknown {
  if (type === 'boolean') return raw === 'true';
  if (type === 'number' || type === 'integer' || type === 'long') return Number(raw);
  return raw;
}

/**
 * The SDK request model for wire parameters, through its names()/types(): `Name` → field,
 * `Name.N` → list item, `Name.N.Sub` → field of a list item model. A wire key no field
 * reads is an error: the case would test a parameter the SDK cannot send.
 */
export function requestFromWire(Request: ModelCtor, wire: WireParams): object {
  const names = Request.names();
  const types = Request.types();
  const used = new Set<string>();
  const fields: Record<string, unknown> = {};
  for (const [prop, wireName] of Object.entries(names)) {
    const type = types[prop];
    const direct = wire[wireName];
    if (direct !== undefined) {
      // A `Json` parameter (RAM's ResourceNames, Tag) is a JSON list on the wire that the SDK
      // builds from a list field (its *Shrink request).
      const itemType = typeof type === 'object' && type !== null ? (type as { itemType?: unknown }).itemType : undefined;
      if (typeof type === 'object' && type !== null && direct.startsWith('[')) {
        const list = JSON.parse(direct) as unknown[];
        fields[prop] = list.map((item) =>
          isModelCtor(itemType) && typeof item === 'object' && item !== null
            ? requestFromWire(itemType, Object.fromEntries(Object.entries(item).map(([k, v]) => [k, String(v)])))
            : item,
        );
        used.add(wireName);
        continue;
      }
      fields[prop] = scalar(type, direct);
      used.add(wireName);
      continue;
    }
    const items = new Map<number, Record<string, string> | string>();
    for (const [key, value] of Object.entries(wire)) {
      const m = new RegExp(`^${wireName.replace(/\./g, '\\.')}\\.(\\d+)(?:\\.(.+))?$`).exec(key);
      if (!m) continue;
      used.add(key);
      const index = Number(m[1]);
      const sub = m[2];
      if (sub === undefined) items.set(index, value);
      else {
        const existing = items.get(index);
        items.set(index, { ...(typeof existing === 'object' ? existing : {}), [sub]: value });
      }
    }
    if (items.size === 0) continue;
    const itemType = typeof type === 'object' && type !== null ? (type as { itemType?: unknown }).itemType : undefined;
    fields[prop] = [...items.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, item]) =>
        typeof item === 'string' ? scalar(itemType, item) : isModelCtor(itemType) ? requestFromWire(itemType, item) : item,
      );
  }
  const unused = Object.keys(wire).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`${Request.name} has no field for wire parameter(s) ${unused.join(', ')}`);
  return new Request(fields);
}

/** The value at a documented path, e.g. `Data.Domain[].DomainName`; throws naming the first missing step. */
export function expectDocumentedField(body: unknown, path: string): void {
  const walk = (value: unknown, steps: readonly string[], at: string): void => {
    const [step, ...rest] = steps;
    if (step === undefined) {
      if (value === undefined || value === null) throw new Error(`documented field ${at} is missing`);
      return;
    }
    const list = step.endsWith('[]');
    const key = list ? step.slice(0, -2) : step;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`documented field ${at}: expected an object`);
    const child = (value as Record<string, unknown>)[key];
    const here = at ? `${at}.${key}` : key;
    if (!list) return walk(child, rest, here);
    if (!Array.isArray(child) || child.length === 0) throw new Error(`documented list ${here} is missing or empty`);
    child.forEach((item, i) => walk(item, rest, `${here}[${i}]`));
  };
  walk(body, path.split('.'), '');
}

/** Defines the conformance tests of one product and its coverage check. */
export function describeConformance(spec: ProductConformance): void {
  const { product, models, client } = spec;
  describe(`${spec.title} conformance: every action the sandbox implements`, () => {
    let sb: RunningSandbox;
    beforeAll(async () => {
      sb = await startSandbox({ scenario: spec.scenario ?? 'demo', speed: 1 });
    });
    afterAll(async () => sb?.close());

    const prepared = async (c: ConformanceCase): Promise<void> => {
      await resetSandbox(sb);
      for (const [action, params, version] of c.setup ?? []) await rpcBody(genericClient(sb), version ?? product.version, action, params);
      if (c.settleMs !== undefined) sb.world.advance(c.settleMs);
    };

    for (const c of spec.cases) {
      it(`${c.action} ${JSON.stringify(c.params)}`, async () => {
        if (models && client) {
          await prepared(c);
          const sdk = client(sb) as Record<string, unknown>;
          const method = sdk[c.action.charAt(0).toLowerCase() + c.action.slice(1)];
          if (typeof method !== 'function') throw new Error(`the ${spec.title} SDK has no method for ${c.action}`);
          const request =
            models[`${c.action}Request`] === undefined ? undefined : requestFromWire(modelOf(models, `${c.action}Request`), c.params);
          const typed = await (method as SdkMethod).call(sdk, request);
          expect(typed.statusCode).toBe(200);
          expect(typed.body?.requestId).toMatch(/^[0-9A-F-]{36}$/);
        }
        await prepared(c);
        const raw = await rpcBody(genericClient(sb), product.version, c.action, c.params);
        expect(raw.RequestId).toMatch(/^[0-9A-F-]{36}$/);
        if (models) assertWireKeysMatchModel(modelOf(models, `${c.action}ResponseBody`), raw);
        for (const path of c.documented ?? []) expectDocumentedField(raw, path);
      });
    }

    it('has a case for every action, and no case for an action it does not implement', () => {
      expect([...new Set(spec.cases.map((c) => c.action))].sort()).toEqual(Object.keys(product.actions).sort());
      if (!models) expect(spec.cases.filter((c) => (c.documented ?? []).length === 0).map((c) => c.action)).toEqual([]);
    });
  });
}
