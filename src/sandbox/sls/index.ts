/**
 * Simple Log Service (SLS, API 2020-12-30): projects, their Logstores and tags, on the wire as
 * the official SDK (@alicloud/sls20201230 with @alicloud/gateway-sls) speaks it:
 *
 * - **Hosts.** The region's endpoint is `<region>.log.aliyuncs.com`; a call about one project
 *   goes to `<project>.<endpoint>` ("Host consists of a project name and a Simple Log Service
 *   endpoint", API docs of GetProject, DeleteProject, ListLogStores). The sandbox reads region
 *   and project from the Host header the same way, whatever follows the region label
 *   (`log.aliyuncs.com`, or `127.0.0.1:<port>` when the tool is pointed at the sandbox). A
 *   host naming no known region is 400 `InvalidHost` "Host header <host> is invalid.".
 * - **Routes** (official metadata, sls/*.json): ListProject `GET /` at the endpoint, GetProject
 *   `GET /` and DeleteProject `DELETE /` at a project's host, ListLogStores `GET /logstores`
 *   (project host), ListTagResources `GET /tags` and TagResources `POST /tag` (endpoint). Query
 *   parameters are checked against the metadata like every product's.
 * - **Signature**: `LOG <key>:<signature>` (./signature.ts), not ACS3.
 * - **Answers** are the operation's JSON as the SDK models name it (Project, ListProjectResponseBody,
 *   ListLogStoresResponseBody, ListTagResourcesResponseBody); request id in `x-log-requestid`.
 *   DeleteProject answers 200 with an empty body (DeleteProjectResponse has no body).
 * - **Errors** are `{"errorCode", "errorMessage"}` with the HTTP status (SLS common error
 *   codes, https://www.alibabacloud.com/help/en/sls/developer-reference/error-codes): an
 *   unknown project `ProjectNotExist` (404) "The Project does not exist : <name>" (the message
 *   the SLS CLI docs show for delete_project), a parameter the metadata does not list
 *   `ParameterInvalid` (400), access denied `Unauthorized` (401) "denied by sts or ram, action:
 *   log:<Action>, resource: acs:log:<region>:<account>:project/<name>". Injected flow control is
 *   500 `ServerBusy` and a transient failure 500 `InternalServerError` (common codes; how SLS
 *   throttles management calls is UNCONFIRMED).
 * - Deleting a project deletes its Logstores and their logs with it (DeleteProject API docs:
 *   "all logs stored in the project and the configurations of the project are deleted and
 *   cannot be restored").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { SandboxApiError, type World } from '../framework.js';
import type { FaultDecision, FaultDialect } from '../faults.js';
import { checkParameters } from '../metadata/index.js';
import { ScenarioFieldError, SectionReader, accountRegions } from '../products/scenario-section.js';
import { verifySlsSignature } from './signature.js';

interface Project {
  readonly name: string;
  readonly region: string;
  readonly description: string;
  readonly createdMs: number;
  readonly resourceGroupId: string;
  readonly logstores: string[];
  /** Tag key → value. */
  readonly tags: Map<string, string>;
}

interface SlsState {
  readonly regions: string[];
  /** `<region>/<name>` → project: names are unique within a region (Project struct docs). */
  readonly projects: Map<string, Project>;
}

export function slsState(world: World): SlsState {
  return world.slice('sls', () => ({ regions: [], projects: new Map<string, Project>() }));
}

const keyOf = (region: string, name: string): string => `${region}/${name}`;

export interface SlsRequestLogEntry {
  readonly action: string;
  readonly project?: string | undefined;
  readonly region?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly status: number;
  readonly code?: string | undefined;
}

export interface SlsRequestContext {
  readonly world: World;
  readonly requestId: string;
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  readonly log: (entry: SlsRequestLogEntry) => void;
  readonly fault?: (action: string, dialect: FaultDialect) => FaultDecision;
  /** Is this action refused on purpose (the sandbox's deny switch)? */
  readonly denied?: (action: string, region: string) => boolean;
}

export const SLS_FAULT_DIALECT: FaultDialect = {
  throttled: () => new SandboxApiError(500, 'ServerBusy', 'The server is busy, please try again later.'),
  unavailable: () => new SandboxApiError(500, 'InternalServerError', 'Internal server error.'),
};

/** SLS requests carry `x-log-apiversion` (a required common header; the SDK always sends it). */
export function isSlsRequest(req: IncomingMessage): boolean {
  return req.headers['x-log-apiversion'] !== undefined;
}

/** Region and project from the Host header: `[<project>.]<region>.<anything>`. */
function addressOf(host: string, regions: readonly string[]): { region: string; project?: string } {
  const labels = host.replace(/:\d+$/, '').split('.');
  const [first = '', second = ''] = labels;
  if (labels.length > 2 && regions.includes(second)) return { region: second, project: first };
  if (labels.length > 1 && regions.includes(first)) return { region: first };
  throw new SandboxApiError(400, 'InvalidHost', `Host header ${host} is invalid.`);
}

/** The action a request names: its method, path and whether the host names a project. */
function actionOf(method: string, pathname: string, hasProject: boolean): string | undefined {
  const route = `${method} ${pathname}`;
  if (hasProject) return { 'GET /': 'GetProject', 'DELETE /': 'DeleteProject', 'GET /logstores': 'ListLogStores' }[route];
  return { 'GET /': 'ListProject', 'GET /tags': 'ListTagResources', 'POST /tag': 'TagResources' }[route];
}

function timeText(ms: number): string {
  // "2021-07-07 14:08:09" (Project struct docs: createTime, lastModifyTime).
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '');
}

function wireProject(world: World, p: Project): Record<string, unknown> {
  return {
    projectName: p.name,
    description: p.description,
    region: p.region,
    owner: world.accountId,
    status: 'Normal',
    createTime: timeText(p.createdMs),
    lastModifyTime: timeText(p.createdMs),
    resourceGroupId: p.resourceGroupId,
    dataRedundancyType: 'LRS',
    recycleBinEnabled: false,
  };
}

function intParam(params: Readonly<Record<string, string>>, name: string, dflt: number, max: number): number {
  const raw = params[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new SandboxApiError(400, 'ParameterInvalid', `Parameter ${name} is invalid: ${raw}`);
  return n;
}

function jsonStrings(params: Readonly<Record<string, string>>, name: string): string[] | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new SandboxApiError(400, 'ParameterInvalid', `Parameter ${name} is not valid JSON: ${raw}`);
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new SandboxApiError(400, 'ParameterInvalid', `Parameter ${name} must be a JSON array of strings`);
  return v;
}

function projectOf(world: World, region: string, name: string | undefined): Project {
  const p = name === undefined ? undefined : slsState(world).projects.get(keyOf(region, name));
  if (!p) throw new SandboxApiError(404, 'ProjectNotExist', `The Project does not exist : ${name ?? ''}`);
  return p;
}

interface SlsCall {
  readonly action: string;
  readonly region: string;
  readonly project: string | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Each action: the answer's status and JSON body (undefined: no body). */
function answer(world: World, call: SlsCall): { status: number; body?: unknown } {
  const state = slsState(world);
  const { params, region } = call;
  switch (call.action) {
    case 'ListProject': {
      // offset from 0; size default 100, at most 500 (ListProject API docs).
      const offset = intParam(params, 'offset', 0, Number.MAX_SAFE_INTEGER);
      const size = intParam(params, 'size', 100, 500);
      const name = params.projectName ?? '';
      const rows = [...state.projects.values()]
        .filter((p) => p.region === region && p.name.includes(name))
        .filter((p) => !params.resourceGroupId || p.resourceGroupId === params.resourceGroupId)
        .sort((a, b) => a.name.localeCompare(b.name));
      const page = rows.slice(offset, offset + size);
      return { status: 200, body: { count: page.length, total: rows.length, projects: page.map((p) => wireProject(world, p)) } };
    }
    case 'GetProject':
      return { status: 200, body: wireProject(world, projectOf(world, region, call.project)) };
    case 'DeleteProject': {
      const p = projectOf(world, region, call.project);
      state.projects.delete(keyOf(p.region, p.name));
      return { status: 200 };
    }
    case 'ListLogStores': {
      const p = projectOf(world, region, call.project);
      // offset from 0; size default 200, at most 500 (ListLogStores API docs).
      const offset = intParam(params, 'offset', 0, Number.MAX_SAFE_INTEGER);
      const size = intParam(params, 'size', 200, 500);
      const rows = p.logstores.filter((s) => s.includes(params.logstoreName ?? '')).sort();
      const page = rows.slice(offset, offset + size);
      return { status: 200, body: { count: page.length, total: rows.length, logstores: page } };
    }
    case 'ListTagResources': {
      // "You must specify at least one of resourceId and tags" (ListTagResources API docs).
      const type = (params.resourceType ?? '').toLowerCase();
      if (type === '') throw new SandboxApiError(400, 'ParameterInvalid', 'Parameter resourceType is required');
      const ids = jsonStrings(params, 'resourceId');
      if (ids === undefined && params.tags === undefined)
        throw new SandboxApiError(400, 'ParameterInvalid', 'At least one of resourceId and tags must be specified');
      if (type !== 'project') return { status: 200, body: { tagResources: [], nextToken: '' } };
      const projects = [...state.projects.values()].filter((p) => p.region === region && (ids === undefined || ids.includes(p.name)));
      const rows = projects.flatMap((p) =>
        [...p.tags].map(([tagKey, tagValue]) => ({ resourceId: p.name, resourceType: 'project', tagKey, tagValue })),
      );
      return { status: 200, body: { tagResources: rows, nextToken: '' } };
    }
    case 'TagResources': {
      // Body {resourceType, resourceId: [..], tags: [{key, value}]}; only projects take tags (API docs).
      let req: { resourceType?: unknown; resourceId?: unknown; tags?: unknown };
      try {
        req = JSON.parse(call.body.toString('utf8')) as typeof req;
      } catch {
        throw new SandboxApiError(400, 'PostBodyInvalid', 'The request body is not valid JSON object.');
      }
      if (String(req.resourceType).toLowerCase() !== 'project' || !Array.isArray(req.resourceId) || !Array.isArray(req.tags))
        throw new SandboxApiError(400, 'ParameterInvalid', 'resourceType must be project, with resourceId and tags');
      for (const id of req.resourceId) {
        const p = projectOf(world, region, typeof id === 'string' ? id : undefined);
        for (const t of req.tags as Array<{ key?: unknown; value?: unknown }>)
          if (typeof t.key === 'string') p.tags.set(t.key, typeof t.value === 'string' ? t.value : '');
      }
      return { status: 200 };
    }
    default:
      throw new SandboxApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
  }
}

export function handleSlsRequest(req: IncomingMessage, res: ServerResponse, body: Buffer, ctx: SlsRequestContext): void {
  const { world, requestId } = ctx;
  const method = req.method ?? 'GET';
  const [pathname = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
  let action = `${method} ${pathname}`;
  let region: string | undefined;
  let project: string | undefined;
  let accessKeyId: string | undefined;
  const send = (status: number, payload: unknown, code?: string) => {
    const text = payload === undefined ? '' : JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-log-requestid': requestId,
      server: 'AliyunSLS',
    });
    res.end(text);
    ctx.log({ action, project, region, accessKeyId, status, code });
  };
  try {
    const address = addressOf(String(req.headers.host ?? ''), slsState(world).regions);
    region = address.region;
    project = address.project;
    const named = actionOf(method, pathname, project !== undefined);
    if (!named) throw new SandboxApiError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    action = named;
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(parseQueryString(rawQuery))) query[k] = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
    accessKeyId = verifySlsSignature({ method, pathname, headers: req.headers, query }, ctx.lookupSecret);
    if (ctx.denied?.(action, region)) {
      const resource = `acs:log:${region}:${world.accountId}:project/${project ?? '*'}`;
      throw new SandboxApiError(401, 'Unauthorized', `denied by sts or ram, action: log:${action}, resource: ${resource}`);
    }
    const fate = ctx.fault?.(action, SLS_FAULT_DIALECT);
    if (fate?.kind === 'drop') {
      ctx.log({ action, project, region, accessKeyId, status: 0, code: 'ConnectionDropped' });
      req.socket.destroy();
      return;
    }
    if (fate?.kind === 'error') throw fate.error;
    const params = { ...query, ...(project !== undefined ? { project } : {}), ...(body.length > 0 ? { body: body.toString('utf8') } : {}) };
    try {
      checkParameters('sls', action, params);
    } catch (e) {
      // The RPC check's InvalidParameter, in SLS's words.
      throw e instanceof SandboxApiError && e.code === 'InvalidParameter' ? new SandboxApiError(400, 'ParameterInvalid', e.message) : e;
    }
    const result = answer(world, { action, region, project, params, body });
    send(result.status, result.body);
  } catch (e) {
    const error = e instanceof SandboxApiError ? e : new SandboxApiError(500, 'InternalServerError', `sandbox: ${(e as Error).message}`);
    send(error.status, { errorCode: error.code, errorMessage: error.message }, error.code);
  }
}

/** The scenario's `sls` section: `projects: [{name, region, description?, logstores?, tags?, createdAt?, resourceGroupId?}]`. */
export const slsSection = {
  product: 'sls',
  seed(world: World, scenario: Readonly<Record<string, unknown>>): void {
    const state = slsState(world);
    state.regions.push(...accountRegions(scenario));
    for (const r of SectionReader.section(scenario, 'sls').list('projects')) {
      const name = r.str('name');
      const region = r.str('region');
      if (!state.regions.includes(region)) throw new ScenarioFieldError(`${r.path}.region`, `${region} is not one of account.regions`);
      const createdAt = r.optStr('createdAt');
      const createdMs = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
      state.projects.set(keyOf(region, name), {
        name,
        region,
        description: r.optStr('description') ?? '',
        createdMs: Number.isNaN(createdMs) ? world.now() : createdMs,
        resourceGroupId: r.optStr('resourceGroupId') ?? '',
        logstores: r.strings('logstores'),
        tags: new Map(r.tags().map((t) => [t.key, t.value])),
      });
    }
  },
  dump: (world: World) => ({
    projects: [...slsState(world).projects.values()].map((p) => ({ ...p, tags: Object.fromEntries(p.tags) })),
  }),
};
