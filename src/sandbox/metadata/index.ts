/**
 * The official parameter lists (see README.md here for their origin), and the check that
 * refuses any request parameter an action does not declare. The real services ignore
 * unknown parameters; the sandbox refuses them on purpose so that a misspelt parameter in
 * the tool's calls (`InstanceID` for `InstanceId`) fails a test instead of being ignored.
 */
import { SandboxApiError } from '../framework.js';
import alb from './alb.json' with { type: 'json' };
import alidns from './alidns.json' with { type: 'json' };
import cbn from './cbn.json' with { type: 'json' };
import cdn from './cdn.json' with { type: 'json' };
import cs from './cs.json' with { type: 'json' };
import fc from './fc.json' with { type: 'json' };
import bssopenapi from './bssopenapi.json' with { type: 'json' };
import domain from './domain.json' with { type: 'json' };
import ecs from './ecs.json' with { type: 'json' };
import ess from './ess.json' with { type: 'json' };
import kms from './kms.json' with { type: 'json' };
import nlb from './nlb.json' with { type: 'json' };
import ram from './ram.json' with { type: 'json' };
import rds from './rds.json' with { type: 'json' };
import resourcecenter from './resourcecenter.json' with { type: 'json' };
import slb from './slb.json' with { type: 'json' };
import sts from './sts.json' with { type: 'json' };
import vpc from './vpc.json' with { type: 'json' };
import rkvstore from './r-kvstore.json' with { type: 'json' };
import polardb from './polardb.json' with { type: 'json' };
import dds from './dds.json' with { type: 'json' };
import nas from './nas.json' with { type: 'json' };
import ros from './ros.json' with { type: 'json' };
import sls from './sls.json' with { type: 'json' };

export interface ParameterSpec {
  readonly type: string;
  readonly position?: string;
  /** Sub-parameter names of a RepeatList/Struct/Json parameter (`Tag.1.Key`). */
  readonly sub?: readonly string[];
}

export interface ProductMetadata {
  readonly product: string;
  readonly version: string;
  readonly actions: Readonly<Record<string, Readonly<Record<string, string | ParameterSpec>>>>;
  /** ROA (REST-style) products: each action's `METHOD /path/[param]` as the metadata gives it. */
  readonly routes?: Readonly<Record<string, string>>;
}

const ALL: readonly ProductMetadata[] = [
  ecs,
  vpc,
  slb,
  rds,
  ram,
  sts,
  alidns,
  domain,
  bssopenapi,
  resourcecenter,
  ess,
  alb,
  nlb,
  cbn,
  kms,
  cdn,
  fc,
  cs,
  rkvstore,
  polardb,
  dds,
  nas,
  ros,
  sls,
];

export function productMetadata(product: string): ProductMetadata | undefined {
  return ALL.find((m) => m.product === product);
}

/**
 * Parameters the SDKs add to every RPC request, which the metadata does not list:
 * RPC v1 signature fields (openapi-core `doRPCRequest`: Action, Format, Version, Timestamp,
 * SignatureNonce, SignatureMethod, SignatureVersion, AccessKeyId, Signature, SecurityToken,
 * and SignatureType/BearerToken for bearer credentials).
 */
const SIGNATURE_PARAMS = new Set([
  'Action',
  'Format',
  'Version',
  'Timestamp',
  'SignatureNonce',
  'SignatureMethod',
  'SignatureVersion',
  'AccessKeyId',
  'Signature',
  'SecurityToken',
  'SignatureType',
  'BearerToken',
]);

/**
 * `RegionId` is accepted everywhere: the SDK request models of regional products carry it
 * even where an action's metadata omits it, and the endpoint routing of the real gateway
 * reads it for every product.
 */
const COMMON_PARAMS = new Set(['RegionId']);

type Spec = string | ParameterSpec;

function specType(spec: Spec): string {
  return typeof spec === 'string' ? spec : spec.type;
}

/** Does wire key `key` (`Tag.2.Key`, `InstanceId.3`, `Filter.1.Value`) belong to a declared parameter? */
function declares(params: Readonly<Record<string, Spec>>, key: string): boolean {
  if (key in params) return true;
  const indexless = (name: string) => name.replace(/\.\d+(?=\.|$)/g, '.N');
  const wanted = indexless(key);
  // Names the metadata spells with an index (`Filter.1.Key`) match any index.
  if (Object.keys(params).some((name) => name.includes('.') && indexless(name) === wanted)) return true;
  const dot = key.indexOf('.');
  if (dot < 0) return false;
  const spec = params[key.slice(0, dot)];
  if (spec === undefined) return false;
  const type = specType(spec);
  if (!['RepeatList', 'Array', 'Struct', 'Json', 'Object'].includes(type)) return false;
  // `Name.1` (a list of scalars), `Name.1.Sub` / `Name.Sub` (sub-parameters).
  const rest = key.slice(dot + 1).replace(/^\d+(\.|$)/, '');
  if (rest === '') return true;
  const sub = typeof spec === 'string' ? undefined : spec.sub;
  return sub === undefined || sub.some((s) => s === rest || rest.startsWith(`${s}.`) || indexless(rest) === indexless(s));
}

/** Throws `InvalidParameter` (400) naming the first parameter the action does not declare. */
export function checkParameters(product: string, action: string, params: Readonly<Record<string, string>>): void {
  const meta = productMetadata(product);
  const declared = meta?.actions[action];
  if (declared === undefined)
    // A sandbox module implements an action the extracted metadata lacks: regenerate it
    // (scripts/extract-sandbox-metadata.mjs) rather than let the action go unchecked.
    throw new SandboxApiError(500, 'InternalError', `sandbox: no API metadata for ${product} ${action}`);
  for (const key of Object.keys(params).sort()) {
    if (SIGNATURE_PARAMS.has(key) || COMMON_PARAMS.has(key)) continue;
    if (!declares(declared, key))
      throw new SandboxApiError(
        400,
        'InvalidParameter',
        `The parameter "${key}" is not a parameter of ${action} (the sandbox refuses parameters the API metadata does not list).`,
      );
  }
}
