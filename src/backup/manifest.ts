/**
 * The backup manifest, `<backup>/manifest.json` (schema: docs/backup.md). The only module
 * that knows its format. Like a plan file it carries `checksum` = sha256 of its canonical
 * JSON without the checksum, so `apply --require-backup` can tell an edited or truncated
 * manifest from the one `backup` wrote. It is written last, atomically: a backup folder
 * without one is not a backup.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { canonicalJson, sha256Hex } from '../plan/canonical-json.js';
import type { PlanAccount, PlanSummary } from '../plan/model.js';
import type { PropertyValue } from '../providers/contract.js';
import type { BackupDirectory, BackupFile } from './directory.js';

export const MANIFEST_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';

/** What a backup holds of one resource the plan destroys. */
export type BackupStatus =
  /** Everything the tool can save of it is saved (see `cannotBackUp` for what no backup can hold). */
  | 'complete'
  /** Something it could save is missing (`missing` says what, and how to get it). */
  | 'incomplete';

/** The objects of one bucket (`--objects`). */
export interface ObjectsSummary {
  /** The object index (JSON lines, one per object version or delete marker); also in `files`. */
  readonly index: string;
  /** Folder (relative to the backup) under which the objects' files are. */
  readonly folder: string;
  /** `current`: current versions; `all`: every version and delete marker. */
  readonly versions: 'current' | 'all';
  readonly objects: number;
  readonly bytes: number;
  readonly deleteMarkers: number;
  /** Downloads that failed (the resource is then incomplete). */
  readonly failed: number;
}

export interface ManifestResource {
  readonly address: string;
  readonly type: string;
  readonly region: string;
  readonly id: string;
  readonly name?: string | undefined;
  readonly createdAt?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** The resource as scanned: every property the plan holds. */
  readonly properties: Readonly<Record<string, PropertyValue>>;
  /** The plan node's fingerprint: `apply --require-backup` refuses a resource changed since. */
  readonly fingerprint: string;
  readonly status: BackupStatus;
  /** The files holding its configuration (and object index), with checksums. */
  readonly files: readonly BackupFile[];
  readonly objects?: ObjectsSummary | undefined;
  /** What no backup by this tool can hold, said plainly, with the way to keep it. */
  readonly cannotBackUp?: string | undefined;
  /** Why the status is incomplete, and how to complete it. */
  readonly missing?: string | undefined;
}

export interface Manifest {
  readonly formatVersion: typeof MANIFEST_FORMAT_VERSION;
  readonly toolVersion: string;
  readonly createdAt: string;
  readonly account: PlanAccount;
  /** The plan this backup covers, saved beside it as a plan file. */
  readonly plan: {
    readonly file: string;
    readonly sha256: string;
    readonly createdAt: string;
    readonly summary: PlanSummary;
  };
  readonly options: { readonly objects: boolean; readonly allVersions: boolean };
  /** Every resource of the plan has status `complete`. */
  readonly complete: boolean;
  readonly resources: readonly ManifestResource[];
}

export async function writeManifest(dir: BackupDirectory, manifest: Manifest): Promise<BackupFile> {
  const checksum = sha256Hex(canonicalJson(manifest));
  return dir.writeFile(MANIFEST_FILE, `${JSON.stringify({ ...manifest, checksum }, null, 2)}\n`);
}

/** Reads and checks `<dir>/manifest.json`; every refusal is one line with the way out. */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  const again = `make one with: aliyun-teardown backup --out ${dir}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${dir} holds no backup (${path}: ${code === 'ENOENT' ? 'not found' : (code ?? 'unreadable')}); ${again}`, {
      cause: err,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${path} is not valid JSON (truncated or edited); ${again}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UserError(`${path} is not a backup manifest; ${again}`);
  const { checksum, ...manifest } = data as Record<string, unknown>;
  if (manifest.formatVersion !== MANIFEST_FORMAT_VERSION)
    throw new UserError(
      `${path} has format version ${JSON.stringify(manifest.formatVersion)} but this aliyun-teardown reads version ${MANIFEST_FORMAT_VERSION}; ${again}`,
    );
  if (typeof checksum !== 'string' || checksum !== sha256Hex(canonicalJson(manifest)))
    throw new UserError(`${path} was modified after backup wrote it (checksum mismatch); ${again}`);
  if (!looksLikeManifest(manifest)) throw new UserError(`${path} is not a backup manifest; ${again}`);
  return manifest;
}

function looksLikeManifest(m: Record<string, unknown>): m is Record<string, unknown> & Manifest {
  const account = m.account as { id?: unknown } | undefined;
  return typeof account === 'object' && account !== null && typeof account.id === 'string' && Array.isArray(m.resources);
}
