/**
 * The scenario's `oss` section (documented in docs/sandbox-oss.md), validated with one-line
 * errors that name the path, and loaded into the world's OSS slice.
 */
import type { World } from '../framework.js';
import { GeneratedObjects } from './generated-objects.js';
import { ObjectBody } from './object-body.js';
import { Bucket, NULL_VERSION_ID, newVersionId, type BucketAcl, type OssState, type VersioningStatus, type WormState } from './state.js';

export interface OssObjectScenario {
  readonly key: string;
  /** Bytes per version; default 1024 (or the length of `content`). */
  readonly size?: number;
  /** The object's bytes as UTF-8 text (every version holds it); default: `size` seeded pseudo-random bytes. */
  readonly content?: string;
  /** How many versions the key has; default 1. More than one needs a versioned bucket. */
  readonly versions?: number;
  /** Whether a delete marker sits on top (the key is hidden from plain listings). */
  readonly deleteMarker?: boolean;
}

export interface OssGeneratedScenario {
  readonly generate: { readonly count: number; readonly prefix?: string; readonly size?: number };
}

export interface OssBucketScenario {
  readonly name: string;
  readonly region: string;
  readonly versioning?: VersioningStatus;
  readonly objects?: readonly OssObjectScenario[] | OssGeneratedScenario;
  readonly multipartUploads?: ReadonlyArray<{ readonly key: string }>;
  readonly liveChannels?: readonly string[];
  readonly worm?: { readonly state: WormState; readonly days: number };
  /** Served by GetBucketTags only (ListBuckets carries no tags). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Canned ACL; default private. */
  readonly acl?: BucketAcl;
  /** A bucket policy (any JSON object), served by GetBucketPolicy. */
  readonly policy?: Readonly<Record<string, unknown>>;
}

export interface OssScenario {
  readonly buckets: readonly OssBucketScenario[];
}

const DEFAULT_OBJECT_SIZE = 1024;
/** Seeded versions of one key are spaced one minute apart, newest at seeding time. */
const VERSION_SPACING_MS = 60_000;

export function seedOss(world: World, state: OssState, section: unknown): void {
  if (section === undefined) return;
  const scenario = parseOssScenario(section);
  const now = world.now();
  for (const spec of scenario.buckets) {
    const bucket = new Bucket(spec.name, spec.region, now);
    bucket.versioning = spec.versioning;
    bucket.tags = { ...spec.tags };
    if (spec.acl) bucket.acl = spec.acl;
    if (spec.policy) bucket.policy = JSON.stringify(spec.policy);
    const objects = spec.objects;
    if (objects && 'generate' in objects) {
      bucket.generated = new GeneratedObjects(
        { count: objects.generate.count, prefix: objects.generate.prefix ?? '', size: objects.generate.size ?? DEFAULT_OBJECT_SIZE },
        now,
      );
    } else {
      for (const o of objects ?? []) seedObject(world, bucket, o, now);
    }
    for (const u of spec.multipartUploads ?? [])
      bucket.addUpload({ key: u.key, uploadId: world.nextId('oss-upload', 32).slice('oss-upload-'.length).toUpperCase(), initiated: now });
    for (const name of spec.liveChannels ?? []) bucket.addChannel({ name, description: '', status: 'enabled', lastModified: now });
    if (spec.worm)
      bucket.worm = {
        wormId: world.nextId('oss-worm', 20).slice('oss-worm-'.length).toUpperCase(),
        state: spec.worm.state,
        days: spec.worm.days,
        creationDate: now,
      };
    state.addBucket(bucket);
  }
}

function seedObject(world: World, bucket: Bucket, o: OssObjectScenario, now: number): void {
  const count = o.versions ?? 1;
  const markers = o.deleteMarker ? 1 : 0;
  const steps = count + markers;
  for (let i = 0; i < count; i++) {
    const lastModified = now - (steps - 1 - i) * VERSION_SPACING_MS;
    const versionId = bucket.versioning ? newVersionId(world) : NULL_VERSION_ID;
    // Each version has its own bytes; the ETag (MD5 of them) is computed when first asked for.
    const body =
      o.content !== undefined
        ? ObjectBody.ofContent(Buffer.from(o.content, 'utf8'))
        : ObjectBody.seeded(`${bucket.name}/${o.key}#${i}`, o.size ?? DEFAULT_OBJECT_SIZE);
    bucket.pushVersion(o.key, {
      versionId,
      deleteMarker: false,
      size: body.size,
      lastModified,
      body,
      get etag() {
        return body.etag;
      },
    });
  }
  if (o.deleteMarker)
    bucket.pushVersion(o.key, { versionId: newVersionId(world), deleteMarker: true, size: 0, lastModified: now, etag: '' });
}

// ---- validation -------------------------------------------------------------------------

class ScenarioError extends Error {
  constructor(path: string, problem: string) {
    super(`scenario ${path}: ${problem}`);
    this.name = 'ScenarioError';
  }
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2,}-[a-z0-9-]+$/;

export function parseOssScenario(section: unknown): OssScenario {
  const root = record(section, 'oss');
  const buckets = list(root.buckets ?? [], 'oss.buckets').map((b, i) => parseBucket(b, `oss.buckets[${i}]`));
  const seen = new Set<string>();
  buckets.forEach((b, i) => {
    if (seen.has(b.name)) throw new ScenarioError(`oss.buckets[${i}].name`, `duplicate bucket name "${b.name}" (names are global)`);
    seen.add(b.name);
  });
  return { buckets };
}

function parseBucket(raw: unknown, path: string): OssBucketScenario {
  const b = record(raw, path);
  const name = text(b.name, `${path}.name`);
  if (!BUCKET_NAME.test(name)) throw new ScenarioError(`${path}.name`, `"${name}" is not a valid bucket name (3-63 of a-z, 0-9, -)`);
  const region = text(b.region, `${path}.region`);
  if (!REGION.test(region) || region.startsWith('oss-'))
    throw new ScenarioError(`${path}.region`, `"${region}" is not a region id like cn-hangzhou`);
  const versioning = b.versioning === undefined ? undefined : oneOf(b.versioning, ['Enabled', 'Suspended'] as const, `${path}.versioning`);
  const worm =
    b.worm === undefined
      ? undefined
      : (() => {
          const w = record(b.worm, `${path}.worm`);
          // OSS retention: 1 day to 70 years (25550 days).
          return {
            state: oneOf(w.state, ['InProgress', 'Locked'] as const, `${path}.worm.state`),
            days: integer(w.days, `${path}.worm.days`, 1, 25_550),
          };
        })();
  const tags = b.tags === undefined ? undefined : record(b.tags, `${path}.tags`);
  for (const [k, v] of Object.entries(tags ?? {}))
    if (typeof v !== 'string') throw new ScenarioError(`${path}.tags.${k}`, 'must be a string');
  return {
    name,
    region,
    ...(tags ? { tags: tags as Record<string, string> } : {}),
    ...(versioning ? { versioning } : {}),
    ...(b.objects === undefined ? {} : { objects: parseObjects(b.objects, `${path}.objects`, versioning) }),
    multipartUploads: list(b.multipartUploads ?? [], `${path}.multipartUploads`).map((u, i) => ({
      key: text(record(u, `${path}.multipartUploads[${i}]`).key, `${path}.multipartUploads[${i}].key`),
    })),
    liveChannels: list(b.liveChannels ?? [], `${path}.liveChannels`).map((c, i) => text(c, `${path}.liveChannels[${i}]`)),
    ...(worm ? { worm } : {}),
    ...(b.acl === undefined ? {} : { acl: oneOf(b.acl, ['private', 'public-read', 'public-read-write'] as const, `${path}.acl`) }),
    ...(b.policy === undefined ? {} : { policy: record(b.policy, `${path}.policy`) }),
  };
}

function parseObjects(raw: unknown, path: string, versioning: VersioningStatus | undefined): OssBucketScenario['objects'] {
  if (!Array.isArray(raw)) {
    const g = record(record(raw, path).generate, `${path}.generate`);
    return {
      generate: {
        count: integer(g.count, `${path}.generate.count`, 0, Number.MAX_SAFE_INTEGER),
        ...(g.prefix === undefined ? {} : { prefix: text(g.prefix, `${path}.generate.prefix`, true) }),
        ...(g.size === undefined ? {} : { size: integer(g.size, `${path}.generate.size`, 0, Number.MAX_SAFE_INTEGER) }),
      },
    };
  }
  return raw.map((entry, i) => {
    const p = `${path}[${i}]`;
    const o = record(entry, p);
    const versions = o.versions === undefined ? undefined : integer(o.versions, `${p}.versions`, 1, 10_000);
    const deleteMarker = o.deleteMarker === undefined ? undefined : bool(o.deleteMarker, `${p}.deleteMarker`);
    if (!versioning && ((versions ?? 1) > 1 || deleteMarker))
      throw new ScenarioError(p, 'several versions or a delete marker need versioning: Enabled or Suspended on the bucket');
    const content = o.content === undefined ? undefined : text(o.content, `${p}.content`, true);
    if (content !== undefined && o.size !== undefined && o.size !== Buffer.byteLength(content, 'utf8'))
      throw new ScenarioError(`${p}.size`, 'differs from the length of content: give one or the other');
    return {
      key: text(o.key, `${p}.key`),
      ...(content === undefined ? {} : { content }),
      ...(o.size === undefined ? {} : { size: integer(o.size, `${p}.size`, 0, Number.MAX_SAFE_INTEGER) }),
      ...(versions === undefined ? {} : { versions }),
      ...(deleteMarker === undefined ? {} : { deleteMarker }),
    };
  });
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ScenarioError(path, 'expected an object');
  return v as Record<string, unknown>;
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ScenarioError(path, 'expected a list');
  return v;
}

function text(v: unknown, path: string, allowEmpty = false): string {
  if (typeof v !== 'string' || (!allowEmpty && v === '')) throw new ScenarioError(path, 'expected a non-empty string');
  return v;
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new ScenarioError(path, `expected an integer from ${min} to ${max}`);
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw new ScenarioError(path, 'expected true or false');
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw new ScenarioError(path, `expected one of ${allowed.join(', ')}`);
  return v as T;
}
