/**
 * Function Compute functions, through the FC 3.0 API (2023-03-30, REST style).
 *
 * Why 3.0 and not the FC 2.0 API (fc-open 2021-04-06, services holding functions): 3.0's
 * ListFunctions lists the functions of both versions — "By default, this parameter [fcVersion]
 * is left empty and functions in both Function Compute 3.0 and Function Compute 2.0 are listed"
 * (official API metadata, fc/ListFunctions; API docs:
 * https://www.alibabacloud.com/help/en/functioncompute/fc/developer-reference/api-fc-2023-03-30-listfunctions).
 * An FC 2.0 function appears there as `<service>$<function>`. FC 2.0 services themselves, empty
 * containers without charges, are not listed by this version.
 *
 * - ListFunctions (GET /2023-03-30/functions, `limit` ≤ 100, `nextToken`) returns each function
 *   with its `tags` and `vpcConfig` (the operation leaves out only state and last-update fields,
 *   per its docs), so tags are read from the listing.
 * - DeleteFunction (DELETE /2023-03-30/functions/{functionName}) refuses while the function has
 *   triggers: FunctionNotEmpty "function '%s' has active triggers" (FC 2023-03-30 error codes,
 *   https://help.aliyun.com/zh/functioncompute/api-fc-2023-03-30-errorcodes). So the triggers,
 *   listed with ListTriggers, are deleted first (DeleteTrigger), as terraform's fcv3 resources
 *   keep them apart.
 * - An unknown function answers FunctionNotFound (404): gone (terraform-provider-alicloud
 *   alicloud/resource_alicloud_fcv3_function.go treats it so on delete).
 * - A function with a VPC configuration holds network interfaces in its vswitches and security
 *   group: vpc.vswitch and ecs.security-group wait for it.
 */
import type { GenericRoaClient } from '../../cloud/clients.js';
import { CloudApiError } from '../../cloud/errors.js';
import type { Resource, ResourceType, ScanContext } from '../contract.js';
import { detailConcurrency, eachItem, mapConcurrently } from '../concurrency.js';
import { nextTokenPages } from '../pagination.js';
import { isoTime, listProperty } from '../references.js';

const TYPE = 'fc.function';
/** ListFunctions and ListTriggers `limit`: 1–100 (API docs). */
const PAGE_SIZE = 100;

/** One `functions[]` entry of ListFunctions (model Function of @alicloud/fc20230330). */
interface FunctionWire {
  readonly functionName?: unknown;
  readonly functionId?: unknown;
  readonly runtime?: unknown;
  readonly description?: unknown;
  readonly createdTime?: unknown;
  readonly vpcConfig?: { readonly vpcId?: unknown; readonly vSwitchIds?: unknown; readonly securityGroupId?: unknown };
  /** Model Tag: wire names `Key`, `Value`. */
  readonly tags?: unknown;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : []);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** The path of a function, its name percent-encoded as the official SDK does (`svc$fn` → `svc%24fn`). */
const functionPath = (name: string): string => `/2023-03-30/functions/${encodeURIComponent(name)}`;

function tagsOf(v: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const t of list<{ Key?: unknown; Value?: unknown }>(v)) {
    const key = text(t.Key);
    if (key) out[key] = typeof t.Value === 'string' ? t.Value : '';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

async function triggerNames(fc: GenericRoaClient, name: string): Promise<string[]> {
  const names: string[] = [];
  const pages = nextTokenPages(async (nextToken) => {
    const body = await fc.call('ListTriggers', {
      method: 'GET',
      pathname: `${functionPath(name)}/triggers`,
      query: { limit: PAGE_SIZE, nextToken },
    });
    return { page: list<{ triggerName?: unknown }>(body.triggers), nextToken: text(body.nextToken) ?? undefined };
  });
  for await (const t of eachItem(pages)) {
    const n = text(t.triggerName);
    if (n) names.push(n);
  }
  return names;
}

function toResource(f: FunctionWire, region: string, triggers: readonly string[]): Resource {
  const name = text(f.functionName) ?? '';
  return {
    type: TYPE,
    region,
    id: name,
    name,
    createdAt: isoTime(text(f.createdTime) ?? undefined),
    tags: tagsOf(f.tags),
    properties: {
      functionId: text(f.functionId),
      runtime: text(f.runtime),
      // FC 2.0 functions are listed as `<service>$<function>` (see the header).
      fcVersion: name.includes('$') ? 'v2' : 'v3',
      vpcId: text(f.vpcConfig?.vpcId),
      vSwitchIds: texts(f.vpcConfig?.vSwitchIds),
      securityGroupId: text(f.vpcConfig?.securityGroupId),
      triggerNames: [...triggers],
    },
  };
}

async function describeFunction(name: string, ctx: ScanContext): Promise<Resource | undefined> {
  const fc = ctx.clients.roa('fc', ctx.region);
  let body: Record<string, unknown>;
  try {
    body = await fc.call('GetFunction', { method: 'GET', pathname: functionPath(name) });
  } catch (err) {
    if (err instanceof CloudApiError && err.code === 'FunctionNotFound') return undefined;
    throw err;
  }
  return toResource(body as FunctionWire, ctx.region, await triggerNames(fc, name));
}

export const fcFunction: ResourceType = {
  type: TYPE,
  service: 'fc',
  scope: 'regional',
  resourceCenterTypes: ['ACS::FC::Function'],
  tags: { source: "ListFunctions (each function's tags)" },
  description:
    'Function Compute functions, of FC 3.0 and FC 2.0 alike (the FC 3.0 API lists both), their triggers first; FC 2.0 services are left, empty',
  stepSummary: ['delete-triggers', 'delete'],
  dependsOn: [],
  attachmentProperties: ['triggerNames', 'vSwitchIds', 'securityGroupId'],
  hints: {
    FunctionNotEmpty: 'the function still has triggers (one was added since the plan?): plan again, which deletes them first',
    ConcurrentUpdateError: 'the function is being updated; it is retried',
  },

  async *list(ctx) {
    const fc = ctx.clients.roa('fc', ctx.region);
    const pages = nextTokenPages(async (nextToken) => {
      const body = await fc.call('ListFunctions', {
        method: 'GET',
        pathname: '/2023-03-30/functions',
        query: { limit: PAGE_SIZE, nextToken },
      });
      return { page: list<FunctionWire>(body.functions), nextToken: text(body.nextToken) ?? undefined };
    });
    const named = async function* () {
      for await (const f of eachItem(pages)) if (text(f.functionName)) yield f;
    };
    // One ListTriggers per function, several at once (the scan's call caps hold).
    yield* mapConcurrently(named(), detailConcurrency(ctx), async (f) =>
      toResource(f, ctx.region, await triggerNames(fc, text(f.functionName) ?? '')),
    );
  },

  dependencies: () => [],

  steps(r) {
    const triggers = listProperty(r, 'triggerNames');
    return [
      ...(triggers.length > 0
        ? [
            {
              action: 'delete-triggers',
              description: `delete its ${triggers.length} trigger${triggers.length === 1 ? '' : 's'} (${triggers.join(', ')})`,
            },
          ]
        : []),
      { action: 'delete', description: 'delete the function' },
    ];
  },

  async run(step, r, ctx) {
    const fc = ctx.clients.roa('fc', ctx.region);
    switch (step.action) {
      case 'delete-triggers':
        // `r` is the function as just re-read, with the triggers it has now.
        for (const t of listProperty(r, 'triggerNames')) {
          try {
            await fc.call('DeleteTrigger', { method: 'DELETE', pathname: `${functionPath(r.id)}/triggers/${encodeURIComponent(t)}` });
          } catch (err) {
            // Already gone: what this step wanted.
            if (!(err instanceof CloudApiError && err.code === 'TriggerNotFound')) throw err;
          }
        }
        return;
      case 'delete':
        await fc.call('DeleteFunction', { method: 'DELETE', pathname: functionPath(r.id) });
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  read: (r, ctx) => describeFunction(r.id, ctx),
};
