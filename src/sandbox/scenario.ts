/**
 * Scenarios: the emulated account's starting state. `'demo'` is the built-in account whose
 * sections live in `scenarios/demo/<section>.ts` (merged by key); a path names a YAML or
 * JSON file; an object is used as is. Each product module seeds its own section
 * (`ProductModule.seed`); this file checks the shape every product relies on (the
 * `account` section) and turns every problem into a one-line error naming the source.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { World, type ProductModule } from './framework.js';

/** Anything that seeds a scenario section: every RPC ProductModule, and the OSS emulation. */
export type SectionSeeder = Pick<ProductModule, 'product' | 'seed' | 'dump'>;
import demoAccount from './scenarios/demo/account.js';
import demoAlidns from './scenarios/demo/alidns.js';
import demoBss from './scenarios/demo/bss.js';
import demoDomain from './scenarios/demo/domain.js';
import demoEcs from './scenarios/demo/ecs.js';
import demoEss from './scenarios/demo/ess.js';
import demoKvstore from './scenarios/demo/kvstore.js';
import demoMongodb from './scenarios/demo/mongodb.js';
import demoNas from './scenarios/demo/nas.js';
import demoSls from './scenarios/demo/sls.js';
import demoRos from './scenarios/demo/ros.js';
import demoPolardb from './scenarios/demo/polardb.js';
import demoOss from './scenarios/demo/oss.js';
import demoRam from './scenarios/demo/ram.js';
import demoRds from './scenarios/demo/rds.js';
import demoResourceCenter from './scenarios/demo/resourcecenter.js';
import demoSlb from './scenarios/demo/slb.js';
import demoVpc from './scenarios/demo/vpc.js';

export type ScenarioData = Readonly<Record<string, unknown>>;
export type ScenarioSource = 'demo' | string | ScenarioData;

export class ScenarioError extends Error {
  constructor(source: string, problem: string) {
    super(`scenario ${source}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

/** The demo sections, one file per product, each `export default { <section>: {...} }`. */
const DEMO_SECTIONS: readonly ScenarioData[] = [
  demoAccount,
  demoEcs,
  demoEss,
  demoVpc,
  demoSlb,
  demoRds,
  demoKvstore,
  demoPolardb,
  demoMongodb,
  demoNas,
  demoSls,
  demoRos,
  demoOss,
  demoRam,
  demoAlidns,
  demoDomain,
  demoBss,
  demoResourceCenter,
];

/** Top-level keys a scenario may have; a typo (`ecss`) would otherwise seed nothing silently. */
export const SCENARIO_SECTIONS = [
  'account',
  'ecs',
  'vpc',
  'slb',
  'rds',
  'ess',
  'kvstore',
  'polardb',
  'mongodb',
  'nas',
  'ros',
  'alb',
  'nlb',
  'cen',
  'kms',
  'cdn',
  'fc',
  'cs',
  'sls',
  'oss',
  'ram',
  'alidns',
  'domain',
  'bss',
  'resourcecenter',
] as const;

export interface AccountSection {
  readonly id: string;
  readonly regions: readonly string[];
  readonly callerAccessKeyId: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergeSections(sections: readonly ScenarioData[]): ScenarioData {
  const merged: Record<string, unknown> = {};
  for (const section of sections)
    for (const [key, value] of Object.entries(section)) {
      if (key in merged) throw new ScenarioError('demo', `section "${key}" is defined by two demo files`);
      merged[key] = value;
    }
  return merged;
}

function readScenarioFile(path: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return extname(path).toLowerCase() === '.json' ? JSON.parse(raw) : parseYaml(raw);
  } catch (e) {
    throw new ScenarioError(
      path,
      `is not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

/** Resolves a scenario source to its data, checked at the top level. */
export function loadScenario(source: ScenarioSource): { data: ScenarioData; name: string } {
  const name = typeof source === 'string' ? source : 'object';
  const data = source === 'demo' ? mergeSections(DEMO_SECTIONS) : typeof source === 'string' ? readScenarioFile(source) : source;
  if (!isRecord(data)) throw new ScenarioError(name, 'must be an object with an "account" section');
  for (const key of Object.keys(data))
    if (!(SCENARIO_SECTIONS as readonly string[]).includes(key))
      throw new ScenarioError(name, `unknown section "${key}" (known: ${SCENARIO_SECTIONS.join(', ')})`);
  accountSection(data, name);
  return { data, name };
}

/** The `account` section: `{id, regions, rootAccessKeys, caller: {accessKeyId}}`. */
export function accountSection(data: ScenarioData, name: string): AccountSection {
  const account = data.account;
  if (!isRecord(account)) throw new ScenarioError(name, 'account must be an object {id, regions, rootAccessKeys, caller}');
  const id = account.id;
  if (typeof id !== 'string' || !/^\d{16}$/.test(id))
    throw new ScenarioError(name, 'account.id must be a 16-digit string (quote it in YAML)');
  const regions = account.regions;
  if (!Array.isArray(regions) || regions.length === 0 || regions.some((r) => typeof r !== 'string' || !/^[a-z]+-[a-z0-9-]+$/.test(r)))
    throw new ScenarioError(name, 'account.regions must be a non-empty list of region ids like cn-hangzhou');
  const caller = account.caller;
  if (!isRecord(caller) || typeof caller.accessKeyId !== 'string' || caller.accessKeyId === '')
    throw new ScenarioError(name, 'account.caller.accessKeyId must name the AccessKey that signs the story');
  return { id, regions: regions as string[], callerAccessKeyId: caller.accessKeyId };
}

export interface SeededWorld {
  readonly world: World;
  readonly account: AccountSection;
}

/** A fresh world for the scenario, every product's section seeded. */
export function seedWorld(
  source: ScenarioSource,
  products: readonly SectionSeeder[],
  opts: { readonly speed?: number; readonly seed?: string } = {},
): SeededWorld {
  const { data, name } = loadScenario(source);
  const account = accountSection(data, name);
  const world = new World(account.id, opts.speed ?? 1, opts.seed ?? 'aliyun-teardown-sandbox');
  for (const product of products) {
    try {
      product.seed?.(world, data);
    } catch (e) {
      throw new ScenarioError(name, (e as Error).message.replace(/^scenario /, ''));
    }
  }
  return { world, account };
}
