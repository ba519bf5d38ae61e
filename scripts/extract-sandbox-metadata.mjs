#!/usr/bin/env node
// Extracts the sandbox's parameter metadata from the official Alibaba Cloud OpenAPI metadata
// (aliyun/aliyun-openapi-meta, Apache-2.0) into small JSON files, one per product:
//
//   node scripts/extract-sandbox-metadata.mjs [<meta>/en-US] [src/sandbox/metadata]
//
// Only actions the sandbox implements or may implement are kept (reads and teardown
// verbs, by name prefix). A parameter is written as its type name when it is a plain query
// parameter, or as {type, position?, sub?} when it sits in the body or has sub-parameters
// (RepeatList `Tag` with `Key`/`Value` is sent as `Tag.1.Key`, `Tag.1.Value`). ROA (REST-style)
// products also get `routes`: each kept action's `METHOD /path/[param]`.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const source = process.argv[2] ?? '../shared/aliyun-openapi-meta/en-US';
const target = process.argv[3] ?? 'src/sandbox/metadata';
const PRODUCTS = [
  'ecs',
  'vpc',
  'slb',
  'rds',
  'ram',
  'sts',
  'alidns',
  'domain',
  'bssopenapi',
  'resourcecenter',
  'ess',
  'alb',
  'nlb',
  'cbn',
  'kms',
  'cdn',
  'fc',
  'cs',
  'r-kvstore',
  'polardb',
  'dds',
  'nas',
  'ros',
  'sls',
];
const KEPT_PREFIXES = [
  'Describe',
  'List',
  'Get',
  'Query',
  'Search',
  'Check',
  'Delete',
  'Release',
  'Modify',
  'Detach',
  'Unassociate',
  'Revoke',
  'Remove',
  'Unbind',
  'Unassign',
  'Abort',
  'Transform',
  'Set',
  'Refund',
  'Stop',
  'Cancel',
  'Disable',
  'Untag',
  'Execute',
];
// Teardown actions whose names fit no verb prefix (VPC `DeletionProtection` toggles EIP/NAT protection,
// NLB `UpdateLoadBalancerProtection` turns deletion protection off, KMS `ScheduleKeyDeletion`),
// `TagResources`: how tests tag a resource after a plan was made, as a user would; and STS
// `AssumeRole`, which gives a RamRoleArn profile its temporary key.
const KEPT_ACTIONS = new Set(['DeletionProtection', 'UpdateLoadBalancerProtection', 'ScheduleKeyDeletion', 'TagResources', 'AssumeRole']);

function subNames(param) {
  return (param.sub_parameters ?? []).flatMap((s) => [s.name, ...subNames(s).map((n) => `${s.name}.${n}`)]);
}

function compactParam(p) {
  const sub = [...new Set(subNames(p))];
  if (p.position === 'Query' && sub.length === 0) return p.type;
  return { type: p.type, ...(p.position !== 'Query' ? { position: p.position } : {}), ...(sub.length ? { sub } : {}) };
}

// Optional product names after the two paths regenerate only those (`... en-US src/sandbox/metadata kms cdn`).
const only = process.argv.slice(4);

mkdirSync(target, { recursive: true });
for (const product of only.length > 0 ? PRODUCTS.filter((p) => only.includes(p)) : PRODUCTS) {
  const dir = join(source, product);
  const { version, style } = JSON.parse(readFileSync(join(dir, 'version.json'), 'utf8'));
  const actions = {};
  // ROA (REST-style) products: each action's method and path pattern, which the sandbox's routes must equal.
  const routes = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'version.json')
    .sort()) {
    const meta = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const name = meta.name;
    if (!KEPT_ACTIONS.has(name) && !KEPT_PREFIXES.some((p) => name.startsWith(p))) continue;
    const params = {};
    for (const p of [...meta.parameters].sort((a, b) => a.name.localeCompare(b.name))) params[p.name] = compactParam(p);
    actions[name] = params;
    if (style === 'restful') routes[name] = `${meta.method} ${meta.pathPattern}`;
  }
  // One action per line: small, and a regenerated file diffs by action.
  const lines = Object.entries(actions).map(([name, params]) => `    ${JSON.stringify(name)}: ${JSON.stringify(params)}`);
  const header = `  "product": ${JSON.stringify(product)},\n  "version": ${JSON.stringify(version)},\n  "source": "aliyun/aliyun-openapi-meta@2563691c2 (Apache-2.0)",\n`;
  const routeLines = Object.entries(routes).map(([name, route]) => `    ${JSON.stringify(name)}: ${JSON.stringify(route)}`);
  const routeBlock = routeLines.length > 0 ? `,\n  "routes": {\n${routeLines.join(',\n')}\n  }` : '';
  writeFileSync(join(target, `${product}.json`), `{\n${header}  "actions": {\n${lines.join(',\n')}\n  }${routeBlock}\n}\n`);
  console.log(`${product}: ${Object.keys(actions).length} actions`);
}
