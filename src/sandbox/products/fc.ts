/**
 * Function Compute 3.0 (FC 2023-03-30), a ROA (REST-style) product, regional: ListFunctions,
 * GetFunction, ListTriggers, DeleteTrigger, DeleteFunction, at the methods and paths of the
 * official API metadata (a test holds the routes to it). Fields follow the official model
 * (@alicloud/fc20230330: Function, Trigger, ListFunctionsOutput, ListTriggersOutput).
 *
 * - ListFunctions pages with `limit` (1–100) and `nextToken`; it lists the functions of FC 3.0
 *   and of FC 2.0 alike (API docs: ListFunctions, `fcVersion` left empty), an FC 2.0 function
 *   named `<service>$<function>`.
 * - DeleteFunction refuses a function that still has triggers: FunctionNotEmpty "function '%s'
 *   has active triggers" (FC 2023-03-30 error codes,
 *   https://help.aliyun.com/zh/functioncompute/api-fc-2023-03-30-errorcodes; the page gives no
 *   HTTP status for it: 400 here, UNCONFIRMED). An unknown function is FunctionNotFound (404),
 *   an unknown trigger TriggerNotFound (404), both on the same page.
 * - A deleted function answers 204 No Content (the SDK reads no body: DeleteFunctionResponse).
 * - Errors are `{Code, Message, RequestId}`: the SDK reads `Code` (or `code`) from the body.
 * - A function with a VPC configuration holds network interfaces in its vswitches and security
 *   group: DeleteVSwitch / DeleteSecurityGroup refuse while it exists (occupancy `Function`).
 */
import { SandboxApiError, int, required, type ProductModule, type RpcHandler, type World } from '../framework.js';
import { SectionReader } from './scenario-section.js';

interface Trigger {
  readonly name: string;
  readonly id: string;
  readonly type: string;
  readonly createdTime: string;
}

interface FcFunction {
  readonly name: string;
  readonly id: string;
  readonly region: string;
  readonly runtime: string;
  readonly description: string;
  readonly createdTime: string;
  readonly vpcId: string;
  readonly vSwitchIds: readonly string[];
  readonly securityGroupId: string;
  readonly tags: ReadonlyArray<readonly [string, string]>;
  readonly triggers: Map<string, Trigger>;
}

function functions(world: World): Map<string, FcFunction> {
  return world.slice('fc.functions', () => new Map<string, FcFunction>());
}

/** Functions are named per account and region: the key. */
const keyOf = (region: string, name: string): string => `${region}/${name}`;

/**
 * The region of a request. FC 3.0 names the region only in its endpoint host
 * (`fcv3.<region>.aliyuncs.com`), which the sandbox, one address for every region, cannot see:
 * it reads the `RegionId` the generic call adds (as for ALB and KMS), else cn-hangzhou — the
 * official SDK's own calls, which send none.
 */
function regionOf(params: Readonly<Record<string, string>>): string {
  return params.RegionId ?? 'cn-hangzhou';
}

function functionOf(world: World, params: Readonly<Record<string, string>>): FcFunction {
  const name = required(params, 'functionName');
  const f = functions(world).get(keyOf(regionOf(params), name));
  if (!f) throw new SandboxApiError(404, 'FunctionNotFound', `function '${name}' does not exist.`);
  return f;
}

function wireFunction(world: World, f: FcFunction): Record<string, unknown> {
  return {
    functionName: f.name,
    functionId: f.id,
    functionArn: `acs:fc:${f.region}:${world.accountId}:functions/${f.name}`,
    runtime: f.runtime,
    handler: 'index.handler',
    description: f.description,
    memorySize: 512,
    cpu: 0.35,
    diskSize: 512,
    timeout: 60,
    codeSize: 412,
    codeChecksum: '2825179536350',
    createdTime: f.createdTime,
    lastModifiedTime: f.createdTime,
    internetAccess: true,
    ...(f.vpcId ? { vpcConfig: { vpcId: f.vpcId, vSwitchIds: [...f.vSwitchIds], securityGroupId: f.securityGroupId } } : {}),
    tags: f.tags.map(([Key, Value]) => ({ Key, Value })),
  };
}

/** `limit`/`nextToken` paging over names in order; the token is opaque to callers. */
function page<T>(items: readonly T[], params: Readonly<Record<string, string>>): { page: T[]; nextToken: string | undefined } {
  const limit = int(params.limit, 20, 'limit', 1, 100);
  let start = 0;
  if (params.nextToken) {
    const m = /^fn(\d+)$/.exec(params.nextToken);
    if (!m) throw new SandboxApiError(400, 'InvalidArgument', `nextToken '${params.nextToken}' is not valid`);
    start = Number(m[1]);
  }
  const next = start + limit < items.length ? `fn${start + limit}` : undefined;
  return { page: items.slice(start, start + limit), nextToken: next };
}

const actions: Record<string, RpcHandler> = {
  ListFunctions({ params }, world) {
    const region = regionOf(params);
    const prefix = params.prefix ?? '';
    const rows = [...functions(world).values()]
      .filter((f) => f.region === region && f.name.startsWith(prefix))
      .sort((a, b) => a.name.localeCompare(b.name));
    const p = page(rows, params);
    return { functions: p.page.map((f) => wireFunction(world, f)), ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },

  GetFunction({ params }, world) {
    return { ...wireFunction(world, functionOf(world, params)), state: 'Active', lastUpdateStatus: 'Successful' };
  },

  ListTriggers({ params }, world) {
    const f = functionOf(world, params);
    const rows = [...f.triggers.values()].sort((a, b) => a.name.localeCompare(b.name));
    const p = page(rows, params);
    return {
      triggers: p.page.map((t) => ({
        triggerName: t.name,
        triggerId: t.id,
        triggerType: t.type,
        qualifier: 'LATEST',
        status: 'Ready',
        createdTime: t.createdTime,
        lastModifiedTime: t.createdTime,
      })),
      ...(p.nextToken ? { nextToken: p.nextToken } : {}),
    };
  },

  DeleteTrigger({ params }, world) {
    const f = functionOf(world, params);
    const name = required(params, 'triggerName');
    if (!f.triggers.delete(name))
      throw new SandboxApiError(404, 'TriggerNotFound', `trigger '${name}' does not exist in function '${f.name}'`);
    return {};
  },

  DeleteFunction({ params }, world) {
    const f = functionOf(world, params);
    if (f.triggers.size > 0) throw new SandboxApiError(400, 'FunctionNotEmpty', `function '${f.name}' has active triggers`);
    functions(world).delete(keyOf(f.region, f.name));
    return {};
  },
};

export const fcProduct: ProductModule = {
  product: 'fc',
  version: '2023-03-30',
  actions,
  roa: {
    ListFunctions: { method: 'GET', path: '/2023-03-30/functions' },
    GetFunction: { method: 'GET', path: '/2023-03-30/functions/[functionName]' },
    ListTriggers: { method: 'GET', path: '/2023-03-30/functions/[functionName]/triggers' },
    DeleteTrigger: { method: 'DELETE', path: '/2023-03-30/functions/[functionName]/triggers/[triggerName]', status: 204 },
    DeleteFunction: { method: 'DELETE', path: '/2023-03-30/functions/[functionName]', status: 204 },
  },
  errorBody: (e: SandboxApiError, requestId) => ({ Code: e.code, Message: e.message, RequestId: requestId }),
  seed(world, scenario) {
    const all = functions(world);
    for (const r of SectionReader.section(scenario, 'fc').list('functions')) {
      const name = r.str('name');
      const region = r.str('region');
      const triggers = new Map<string, Trigger>();
      for (const t of r.strings('triggers'))
        triggers.set(t, { name: t, id: world.nextId('trigger'), type: 'timer', createdTime: world.nowIso() });
      all.set(keyOf(region, name), {
        name,
        id: world.nextId('fn'),
        region,
        runtime: r.str('runtime', 'nodejs20'),
        description: r.optStr('description') ?? '',
        createdTime: r.str('createdAt', world.nowIso()),
        vpcId: r.optStr('vpcId') ?? '',
        vSwitchIds: r.strings('vSwitchIds'),
        securityGroupId: r.optStr('securityGroupId') ?? '',
        tags: r.tags().map((t) => [t.key, t.value] as const),
        triggers,
      });
    }
    world.addOccupancy((container, id) =>
      [...functions(world).values()]
        .filter((f) => (container === 'vswitch' ? f.vSwitchIds.includes(id) : container === 'security-group' && f.securityGroupId === id))
        .map((f) => ({ product: 'fc', kind: 'Function', id: f.name })),
    );
  },
  dump: (world) => ({ functions: [...functions(world).values()].map((f) => ({ ...f, triggers: [...f.triggers.keys()] })) }),
};
