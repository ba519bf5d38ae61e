/**
 * An in-memory fake cloud for executor tests: resource types whose read/run mutate a Map,
 * no HTTP. It records every call, measures calls in flight (overall and per service),
 * enforces "delete X only after Y is gone" preconditions with DependencyViolation, and
 * can be scripted to fail a call with a given CloudApiError.
 */
import pino from 'pino';
import { CloudApiError, classifyCode } from '../../src/cloud/errors.js';
import { CloudClients } from '../../src/cloud/clients.js';
import type { CallerIdentity } from '../../src/cloud/identity.js';
import type { ApplyTiming } from '../../src/apply/timing.js';
import { AbortError } from '../../src/errors.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanNode } from '../../src/plan/model.js';
import {
  DEFAULT_SETTINGS,
  resourceAddress,
  type Dependency,
  type Resource,
  type ResourceType,
  type Service,
  type Step,
  type StepContext,
} from '../../src/providers/contract.js';
import { createRegistry } from '../../src/providers/registry.js';

export const CALLER: CallerIdentity = {
  accountId: '1234567890123456',
  identityType: 'RAMUser',
  arn: 'acs:ram::1234567890123456:user/teardown-bot',
  userId: '2001',
  principalId: '2001',
  accessKeyId: 'LTAI5tTestCaller000001',
  ramUserName: 'teardown-bot',
};

export const silentLog = pino({ level: 'silent' });

export function readWriteClients(): CloudClients {
  return new CloudClients({
    credentials: { accessKeyId: CALLER.accessKeyId, accessKeySecret: 'test-secret', source: 'static' },
    mode: 'read-write',
    endpointOverride: 'http://127.0.0.1:9',
  });
}

export function cloudError(code: string, extra: { retryAfterMs?: number; requestId?: string } = {}): CloudApiError {
  return new CloudApiError({ service: 'ecs', action: 'Fake', code, message: `fake ${code}`, kind: classifyCode(code), ...extra });
}

export interface Call {
  readonly op: 'read' | 'run' | 'batch';
  readonly address: string;
  readonly action?: string | undefined;
  readonly size?: number | undefined;
}

export class FakeCloud {
  readonly resources = new Map<string, Resource>();
  readonly calls: Call[] = [];
  /** Address → addresses that must be gone before it can be deleted. */
  readonly mustBeGoneFirst = new Map<string, string[]>();
  /** `address|action` → errors to throw on the next calls, in order. */
  readonly script = new Map<string, CloudApiError[]>();
  /** Address → how many more reads still return it after its delete (async deletion). */
  readonly lingering = new Map<string, number>();
  readonly deletedOrder: string[] = [];
  dependencyViolations = 0;
  inFlight = 0;
  maxInFlight = 0;
  readonly inFlightByService = new Map<string, number>();
  readonly maxByService = new Map<string, number>();
  /** Called at the start of every run/batch call (tests hook aborts here). */
  onRun: ((address: string, action: string) => void) | undefined;

  add(r: Resource, mustBeGoneFirst: string[] = []): Resource {
    this.resources.set(resourceAddress(r), r);
    if (mustBeGoneFirst.length > 0) this.mustBeGoneFirst.set(resourceAddress(r), mustBeGoneFirst);
    return r;
  }

  fail(address: string, action: string, ...errors: CloudApiError[]): void {
    this.script.set(`${address}|${action}`, errors);
  }

  runs(address?: string): Call[] {
    return this.calls.filter((c) => c.op !== 'read' && (address === undefined || c.address === address));
  }

  reads(address: string): Call[] {
    return this.calls.filter((c) => c.op === 'read' && c.address === address);
  }

  async call<T>(service: string, call: Call, body: () => T): Promise<T> {
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const s = (this.inFlightByService.get(service) ?? 0) + 1;
    this.inFlightByService.set(service, s);
    this.maxByService.set(service, Math.max(this.maxByService.get(service) ?? 0, s));
    try {
      // A few turns of the event loop, so that concurrent calls overlap.
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      const scripted = call.action === undefined ? undefined : this.script.get(`${call.address}|${call.action}`)?.shift();
      if (scripted) throw scripted;
      return body();
    } finally {
      this.inFlight--;
      this.inFlightByService.set(service, (this.inFlightByService.get(service) ?? 1) - 1);
    }
  }

  /** The effect of a step; `delete` removes the resource, respecting mustBeGoneFirst. */
  apply(address: string, action: string): void {
    if (action !== 'delete') return;
    if (!this.resources.has(address)) throw cloudError('InvalidResource.NotFound');
    const blockers = (this.mustBeGoneFirst.get(address) ?? []).filter((b) => this.resources.has(b));
    if (blockers.length > 0) {
      this.dependencyViolations++;
      throw cloudError('DependencyViolation');
    }
    if (!this.lingering.has(address)) this.resources.delete(address);
    this.deletedOrder.push(address);
  }

  read(address: string): Resource | undefined {
    const left = this.lingering.get(address);
    if (left !== undefined && this.deletedOrder.includes(address)) {
      if (left <= 0) this.resources.delete(address);
      else this.lingering.set(address, left - 1);
    }
    return this.resources.get(address);
  }
}

export interface FakeTypeOptions {
  readonly type: string;
  readonly service: Service;
  readonly batch?: boolean;
  readonly hints?: Record<string, string>;
  readonly deleteTimeoutMs?: number;
  /** The type's attachmentProperties (apply compares them with the plan). */
  readonly attachmentProperties?: readonly string[];
  /** Extra behaviour of run() for a step, e.g. a waitUntil. */
  readonly onStep?: (step: Step, r: Resource, ctx: StepContext) => Promise<void>;
}

export function fakeType(cloud: FakeCloud, o: FakeTypeOptions): ResourceType {
  const t: ResourceType = {
    type: o.type,
    service: o.service,
    scope: 'regional',
    tags: { source: 'the fake listing' },
    stepSummary: ['delete'],
    description: `fake ${o.type}`,
    dependsOn: [],
    attachmentProperties: o.attachmentProperties,
    hints: o.hints,
    deleteTimeoutMs: o.deleteTimeoutMs,
    async *list() {},
    dependencies: () => [],
    steps: () => [{ action: 'delete', description: 'delete it' }],
    run: async (step, r, ctx) => {
      const address = resourceAddress(r);
      cloud.onRun?.(address, step.action);
      await cloud.call(o.service, { op: 'run', address, action: step.action }, () => undefined);
      await o.onStep?.(step, r, ctx);
      cloud.apply(address, step.action);
    },
    read: async (r) => {
      const address = resourceAddress(r);
      return cloud.call(o.service, { op: 'read', address }, () => cloud.read(address));
    },
  };
  if (!o.batch) return t;
  return {
    ...t,
    runBatch: async (step, rs) => {
      const first = rs[0] ? resourceAddress(rs[0]) : '';
      cloud.onRun?.(first, step.action);
      return cloud.call(o.service, { op: 'batch', address: first, action: step.action, size: rs.length }, () => {
        const errors = new Map<string, Error>();
        for (const r of rs) {
          const address = resourceAddress(r);
          try {
            cloud.apply(address, step.action);
          } catch (err) {
            errors.set(address, err as Error);
          }
        }
        return errors;
      });
    },
  };
}

export function resource(type: string, id: string, region = 'cn-hangzhou', extra: Partial<Resource> = {}): Resource {
  return { type, region, id, properties: {}, ...extra };
}

export interface NodeSpec {
  readonly r: Resource;
  readonly dependsOn?: readonly string[];
  readonly steps?: readonly Step[];
  readonly caller?: boolean;
  /** Blocking-only dependencies (`touches` / `keptWith`), carried in dependsOn as the planner does. */
  readonly guards?: readonly Dependency[];
}

export function makePlan(specs: readonly NodeSpec[], extra: Partial<Plan> = {}): Plan {
  const resources: PlanNode[] = specs.map(({ r, dependsOn = [], steps, caller, guards = [] }) => ({
    address: resourceAddress(r),
    type: r.type,
    service: r.type.split('.')[0] ?? '',
    region: r.region,
    id: r.id,
    name: r.name,
    resource: r,
    steps: steps ?? [{ action: 'delete', description: `delete ${r.id}` }],
    dependsOn: [...dependsOn.map((address) => ({ address, reason: 'test edge' })), ...guards],
    fingerprint: 'f',
    caller,
  }));
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: '0.0.0-test',
    createdAt: '2026-01-01T00:00:00.000Z',
    account: { id: CALLER.accountId, callerArn: CALLER.arn, identityType: CALLER.identityType, accessKeyId: CALLER.accessKeyId },
    scope: { regions: ['cn-hangzhou'], types: [] },
    settings: DEFAULT_SETTINGS,
    resources,
    kept: [],
    blocked: [],
    gaps: [],
    summary: { toDestroy: resources.length, kept: 0, blocked: 0, gaps: 0 },
    ...extra,
  };
}

/** Timing with a fake clock: sleeps advance it and yield one macrotask; nothing really waits. */
export function fastTiming(overrides: Partial<ApplyTiming> = {}): Partial<ApplyTiming> & { clock: { now: number } } {
  const clock = { now: 0 };
  return {
    clock,
    now: () => clock.now,
    random: () => 0.5,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new AbortError();
      clock.now += ms;
      await new Promise((r) => setImmediate(r));
      if (signal?.aborted) throw new AbortError();
    },
    batchWindowMs: 5,
    ...overrides,
  };
}

export { createRegistry };
