/**
 * The sandbox's building blocks, shared by every emulated product. The sandbox imports
 * nothing from the tool (src/cloud, src/providers...): if both held the same wrong belief
 * about the cloud, every test would pass and a real account would not be emptied.
 *
 * - `World`: the emulated account. Each product keeps its state in a named slice
 *   (`world.slice('ecs', () => new EcsState())`), so products are independent modules
 *   that may still look at each other's slices for cross-product preconditions
 *   (DeleteVpc refuses while ECS instances sit in it).
 * - The clock: asynchronous transitions (Stopping, Deleting, Releasing...) are scheduled with
 *   `world.after(ms, fn)`; `world.tick()` runs what is due and is called before every
 *   request. `speed` divides every delay, so tests run fast.
 * - Ids are deterministic: `world.nextId('i')` gives the same sequence for the same scenario.
 * - `ProductModule`: one per RPC product (ECS, VPC, SLB, RDS, RAM, STS, Alidns, Domain, BSS,
 *   Resource Center), a table of action handlers plus scenario seeding. A handler gets the
 *   decoded request and returns the response body without RequestId (the server adds it),
 *   or throws `SandboxApiError` with the real status and code.
 */
import { createHash } from 'node:crypto';

export class SandboxApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More top-level fields of the RPC error body (e.g. `AccessDeniedDetail`). */
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'SandboxApiError';
  }
}

/** A decoded RPC request: query and form body merged, all values strings as on the wire. */
export interface RpcCall {
  readonly product: string;
  readonly version: string;
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  /** The AccessKey id that signed the request (already verified). */
  readonly accessKeyId: string;
}

export type RpcHandler = (call: RpcCall, world: World) => Record<string, unknown>;

/**
 * Where a ROA (REST-style) action lives: its HTTP method and path pattern exactly as the API
 * metadata spells it (`DELETE /2023-03-30/functions/[functionName]`). The official SDKs send
 * ROA requests with the same ACS3 headers as RPC ones (`x-acs-action`, `x-acs-version`), the
 * path signed as the canonical URI; the service reads the `[name]` segments as parameters.
 */
export interface RoaRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /** The success status when it is not 200 (FC answers a deletion with 204 No Content). */
  readonly status?: number;
}

export interface ProductModule {
  /** Product code as in the endpoint and metadata folder: `ecs`, `vpc`, `slb`, `rds`, `ram`, `sts`, `alidns`, `domain`, `bssopenapi`, `resourcecenter`. */
  readonly product: string;
  readonly version: string;
  readonly actions: Readonly<Record<string, RpcHandler>>;
  /**
   * ROA products only: every action's route. Their answers are the handler's body as is (the
   * request id travels in the `x-acs-request-id` header, not in the body).
   */
  readonly roa?: Readonly<Record<string, RoaRoute>>;
  /** ROA products answer errors in their own JSON shape; RPC products leave it unset. */
  errorBody?(error: SandboxApiError, requestId: string): Record<string, unknown>;
  /** Loads this product's section of a scenario into the world. */
  seed?(world: World, scenario: Readonly<Record<string, unknown>>): void;
  /** A JSON view of this product's state, for the admin API. */
  dump?(world: World): unknown;
}

/**
 * Something inside a container that blocks the container's deletion: an ECS instance in a
 * vswitch, an SLB in a VPC, an ENI in a security group. Products register a function that
 * answers for their own resources (`world.addOccupancy`); the container's product asks
 * `world.occupantsOf` and picks the real error code from `kind`. A `next-hop` is what a custom
 * route points at (an instance, ENI, HaVip, VPN gateway): its occupants are those routes.
 */
export type Container = 'vpc' | 'vswitch' | 'security-group' | 'next-hop';
export interface Occupant {
  readonly product: string;
  /** e.g. `Instance`, `NetworkInterface`, `LoadBalancer`, `DBInstance`, `NatGateway`, `VSwitch`, `SecurityGroup`. */
  readonly kind: string;
  readonly id: string;
}

export interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

export class World {
  private readonly slices = new Map<string, unknown>();
  private readonly counters = new Map<string, number>();
  private timers: Timer[] = [];
  private timerSeq = 0;
  private readonly startedAt: number;
  /** Virtual time offset, advanced by tests through the admin API. */
  private skewMs = 0;
  private readonly occupancy: Array<(container: Container, id: string) => Occupant[]> = [];
  private readonly listeners = new Map<string, Array<(payload: Record<string, string>) => void>>();

  constructor(
    readonly accountId: string,
    /** Divides every asynchronous delay: 1 = realistic seconds, 1000 = near instant. */
    readonly speed: number = 1,
    /** Seeds deterministic ids. */
    readonly seed: string = 'aliyun-teardown-sandbox',
  ) {
    this.startedAt = Date.now();
  }

  slice<T>(name: string, init: () => T): T {
    if (!this.slices.has(name)) this.slices.set(name, init());
    return this.slices.get(name) as T;
  }

  /**
   * Another product's slice if it exists, without creating it: cross-product reads (BSS
   * billing rows, the Resource Center index) must not plant a placeholder under a name
   * the owning product would later find instead of its own state.
   */
  peekSlice(name: string): unknown {
    return this.slices.get(name);
  }

  addOccupancy(fn: (container: Container, id: string) => Occupant[]): void {
    this.occupancy.push(fn);
  }

  occupantsOf(container: Container, id: string): Occupant[] {
    return this.occupancy.flatMap((fn) => fn(container, id));
  }

  /**
   * Cross-product side effects: ECS emits `ecs.instance.released` {instanceId, regionId};
   * VPC listens to free the EIP bound to it. Event names are `<product>.<thing>.<what>`.
   */
  on(event: string, fn: (payload: Record<string, string>) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
  }

  emit(event: string, payload: Record<string, string>): void {
    for (const fn of this.listeners.get(event) ?? []) fn(payload);
  }

  /** Milliseconds since epoch on the sandbox clock. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Moves the clock forward (tests), running everything that became due. */
  advance(ms: number): void {
    this.skewMs += ms;
    this.tick();
  }

  /** Schedules `fn` after `realisticMs / speed` milliseconds of sandbox time. */
  after(realisticMs: number, fn: () => void): void {
    this.timers.push({ at: this.now() + realisticMs / this.speed, seq: this.timerSeq++, fn });
  }

  /** Runs every timer that is due, in order. Called before each request. */
  tick(): void {
    const now = this.now();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
      if (due.length === 0) return;
      this.timers = this.timers.filter((t) => t.at > now);
      for (const t of due) t.fn();
    }
  }

  /** Deterministic id: `prefix-` + 20 lower-case alphanumerics, like `i-bp1a2b3c...`. */
  nextId(prefix: string, length = 20): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    const hex = createHash('sha256').update(`${this.seed}:${prefix}:${n}`).digest('hex');
    return `${prefix}-${hex.slice(0, length)}`;
  }

  /** A RequestId in the real format (UUID, upper case). */
  requestId(): string {
    const n = (this.counters.get('#request') ?? 0) + 1;
    this.counters.set('#request', n);
    const h = createHash('sha256').update(`${this.seed}:request:${n}`).digest('hex').toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  get createdAt(): number {
    return this.startedAt;
  }
}

// ---- parameter decoding, as the real services read them -------------------------------

/**
 * The path parameters of a ROA request (`/2023-03-30/functions/f1` against
 * `/2023-03-30/functions/[functionName]` gives `{functionName: 'f1'}`), or undefined when the
 * method or path is not this route's.
 */
export function matchRoaRoute(route: RoaRoute, method: string, pathname: string): Record<string, string> | undefined {
  if (method !== route.method) return undefined;
  const want = route.path.split('/');
  const got = pathname.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = got[i] ?? '';
    const name = /^\[(\w+)\]$/.exec(segment)?.[1];
    if (name === undefined) {
      if (segment !== value) return undefined;
      continue;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return undefined;
    }
    if (decoded === '') return undefined;
    params[name] = decoded;
  }
  return params;
}

/** `Name.1`, `Name.2`... (RepeatList) in index order; also accepts a JSON array in `Name`. */
export function repeatList(params: Readonly<Record<string, string>>, name: string): string[] {
  const out: Array<[number, string]> = [];
  for (const [k, v] of Object.entries(params)) {
    const m = new RegExp(`^${name.replace('.', '\\.')}\\.(\\d+)$`).exec(k);
    if (m) out.push([Number(m[1]), v]);
  }
  if (out.length > 0) return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  const raw = params[name];
  return raw === undefined ? [] : jsonList(raw, name);
}

/** A parameter of type JSON array (`InstanceIds='["i-1","i-2"]'`). */
export function jsonList(raw: string | undefined, name: string): string[] {
  if (raw === undefined || raw === '') return [];
  try {
    const v: unknown = JSON.parse(raw);
    if (Array.isArray(v)) return v.map(String);
  } catch {
    // fall through
  }
  throw new SandboxApiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`);
}

export function bool(raw: string | undefined, dflt = false): boolean {
  if (raw === undefined || raw === '') return dflt;
  return raw === 'true' || raw === 'True';
}

export function int(raw: string | undefined, dflt: number, name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new SandboxApiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`);
  return n;
}

export function required(params: Readonly<Record<string, string>>, name: string): string {
  const v = params[name];
  if (v === undefined || v === '')
    throw new SandboxApiError(
      400,
      'MissingParameter',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  return v;
}

// ---- pagination, in each real style ---------------------------------------------------

/** PageNumber/PageSize: returns the page and the wrapper fields (TotalCount, PageNumber, PageSize). */
export function pageByNumber<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
  opts: { defaultSize: number; maxSize: number; numberParam?: string; sizeParam?: string },
): { page: T[]; pageNumber: number; pageSize: number; totalCount: number } {
  const numberParam = opts.numberParam ?? 'PageNumber';
  const sizeParam = opts.sizeParam ?? 'PageSize';
  const pageNumber = int(params[numberParam], 1, numberParam);
  const pageSize = int(params[sizeParam], opts.defaultSize, sizeParam, 1, opts.maxSize);
  const start = (pageNumber - 1) * pageSize;
  return { page: items.slice(start, start + pageSize), pageNumber, pageSize, totalCount: items.length };
}

/** NextToken/MaxResults: the token is the index of the next item, opaque to callers. */
export function pageByToken<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
  opts: { defaultSize: number; maxSize: number; minSize?: number },
): { page: T[]; nextToken: string; totalCount: number; maxResults: number } {
  const maxResults = int(params.MaxResults, opts.defaultSize, 'MaxResults', opts.minSize ?? 1, opts.maxSize);
  let start = 0;
  if (params.NextToken) {
    const m = /^tok(\d+)$/.exec(params.NextToken);
    if (!m) throw new SandboxApiError(400, 'InvalidParameter.NextToken', 'The specified parameter NextToken is not valid.');
    start = Number(m[1]);
  }
  const page = items.slice(start, start + maxResults);
  const next = start + maxResults < items.length ? `tok${start + maxResults}` : '';
  return { page, nextToken: next, totalCount: items.length, maxResults };
}

/** Marker/MaxItems + IsTruncated (RAM). */
export function pageByMarker<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
  opts: { defaultSize: number; maxSize: number },
): { page: T[]; isTruncated: boolean; marker: string } {
  const maxItems = int(params.MaxItems, opts.defaultSize, 'MaxItems', 1, opts.maxSize);
  let start = 0;
  if (params.Marker) {
    const m = /^mk(\d+)$/.exec(params.Marker);
    if (!m) throw new SandboxApiError(400, 'InvalidParameter.Marker', 'The specified parameter Marker is not valid.');
    start = Number(m[1]);
  }
  const page = items.slice(start, start + maxItems);
  const truncated = start + maxItems < items.length;
  return { page, isTruncated: truncated, marker: truncated ? `mk${start + maxItems}` : '' };
}
