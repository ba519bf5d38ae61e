/**
 * `backup` as a library call: given a plan (made with read-only clients, like `plan`), save
 * into a folder what can recreate every resource the plan destroys, and a manifest saying
 * what was saved, with checksums, and what cannot be. Read-only clients only: a backup never
 * changes the account (the client guard refuses any mutating call before it is sent).
 *
 * Layout of the folder (docs/backup.md):
 *   manifest.json                       written last; without it the folder is not a backup
 *   plan.json                           the plan it covers (a plan file: apply can run it)
 *   dns/<zone>.zone                     BIND zone files
 *   ram/{policies,roles,users,groups}/<name>.json
 *   ecs/security-groups/<region>/<id>.json
 *   slb/<region>/<id>.json
 *   oss/<bucket>/configuration.json     ACL, policy, lifecycle, CORS, versioning, WORM
 *   oss/<bucket>/objects.jsonl          object index (with --objects)
 *   oss/<bucket>/objects/...            the objects (keys encoded, see object-paths.ts)
 */
import type { Logger } from 'pino';
import type { CloudClients } from '../cloud/clients.js';
import { CloudApiError } from '../cloud/errors.js';
import type { Plan } from '../plan/model.js';
import { writePlanFile } from '../plan/planfile.js';
import { createPool } from '../plan/pool.js';
import type { PlanNode } from '../plan/model.js';
import { TYPE_BACKUPS, type CaptureContext } from './capture/index.js';
import type { BackupDirectory, BackupFile } from './directory.js';
import { MANIFEST_FORMAT_VERSION, writeManifest, type Manifest, type ManifestResource, type ObjectsSummary } from './manifest.js';
import { backupBucketObjects, type ObjectProgress } from './objects.js';

export const PLAN_FILE = 'plan.json';

export type BackupProgress =
  { readonly kind: 'configuration'; readonly done: number; readonly total: number } | ({ readonly kind: 'objects' } & ObjectProgress);

export interface BackupOptions {
  readonly plan: Plan;
  /** Read-only clients. */
  readonly clients: CloudClients;
  readonly dir: BackupDirectory;
  /** Download the objects of every bucket the plan destroys. */
  readonly objects: boolean;
  /** With `objects`: every version and delete marker, not only current versions. */
  readonly allVersions: boolean;
  /** Calls (reads, downloads) in flight at once. */
  readonly concurrency: number;
  readonly toolVersion: string;
  readonly now: Date;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly onProgress?: ((p: BackupProgress) => void) | undefined;
}

function describeFailure(err: CloudApiError): string {
  return `${err.service}:${err.action} failed with ${err.code}: ${err.message}`;
}

const count = (v: unknown): number => (typeof v === 'number' ? v : 0);
const isVersioned = (node: PlanNode): boolean =>
  node.resource.properties.versioning === 'Enabled' || node.resource.properties.versioning === 'Suspended';

/** What a backup without objects leaves out of a bucket, or undefined when it holds none. */
function bucketObjectsLeftOut(node: PlanNode, opts: BackupOptions): string | undefined {
  const p = node.resource.properties;
  const holdsObjects = count(p.objectCount) > 0 || isVersioned(node);
  if (!opts.objects && holdsObjects) return `its ${count(p.objectCount)} objects were not downloaded: run backup with --objects`;
  if (opts.objects && !opts.allVersions && isVersioned(node))
    return 'it is versioned, and only current versions were downloaded: run backup with --objects --all-versions to keep every version and delete marker';
  return undefined;
}

function bucketCannotBackUp(node: PlanNode): string | undefined {
  const p = node.resource.properties;
  const lost: string[] = [];
  if (count(p.multipartUploadCount) > 0)
    lost.push(`${count(p.multipartUploadCount)} unfinished multipart uploads (their parts are discarded)`);
  if (count(p.liveChannelCount) > 0) lost.push(`${count(p.liveChannelCount)} LiveChannels (their configuration is not read)`);
  return lost.length > 0 ? lost.join('; ') : undefined;
}

async function backupNode(node: PlanNode, ctx: CaptureContext): Promise<{ files: BackupFile[]; missing: string[] }> {
  const capture = TYPE_BACKUPS[node.type]?.capture;
  if (!capture) return { files: [], missing: [] };
  try {
    return { files: [...(await capture(node.resource, ctx)).files], missing: [] };
  } catch (err) {
    // A read the cloud refused leaves this resource incomplete; the backup goes on with the rest.
    if (!(err instanceof CloudApiError)) throw err;
    ctx.log.warn({ address: node.address, code: err.code }, 'backup read failed');
    return { files: [], missing: [`could not read its configuration (${describeFailure(err)}); fix that and run backup again`] };
  }
}

export async function backupPlan(opts: BackupOptions): Promise<Manifest> {
  const { plan, dir } = opts;
  await writePlanFile(dir.absolute(PLAN_FILE), plan);
  const planSha = await dir.sha256Of(PLAN_FILE);
  const ctx: CaptureContext = { clients: opts.clients.readOnly(), dir, signal: opts.signal, log: opts.log, now: opts.now };

  const pool = createPool(Math.max(1, opts.concurrency));
  let done = 0;
  const captured = await Promise.all(
    plan.resources.map((node) =>
      pool.run(async () => {
        opts.signal.throwIfAborted();
        const result = await backupNode(node, ctx);
        opts.onProgress?.({ kind: 'configuration', done: ++done, total: plan.resources.length });
        return result;
      }),
    ),
  );

  // Objects, one bucket after another (each downloads `concurrency` objects at a time).
  const objectResults = new Map<string, { files: readonly BackupFile[]; summary: ObjectsSummary; failures: readonly string[] }>();
  if (opts.objects)
    for (const node of plan.resources)
      if (node.type === 'oss.bucket')
        objectResults.set(
          node.address,
          await backupBucketObjects(node.resource, ctx, {
            allVersions: opts.allVersions,
            concurrency: opts.concurrency,
            onProgress: (p) => opts.onProgress?.({ kind: 'objects', ...p }),
          }),
        );

  const resources: ManifestResource[] = plan.resources.map((node, i) => {
    const r = node.resource;
    const { files, missing } = captured[i] as { files: BackupFile[]; missing: string[] };
    const objects = objectResults.get(node.address);
    const cannot = [TYPE_BACKUPS[node.type]?.cannotBackUp, node.type === 'oss.bucket' ? bucketCannotBackUp(node) : undefined].filter(
      (x): x is string => x !== undefined,
    );
    const gaps = [...missing];
    if (node.type === 'oss.bucket') {
      const leftOut = bucketObjectsLeftOut(node, opts);
      if (leftOut) gaps.push(leftOut);
      if (objects && objects.failures.length > 0)
        gaps.push(
          `${objects.failures.length} objects could not be downloaded (first: ${objects.failures[0]}); run backup again, it resumes`,
        );
    }
    if (!TYPE_BACKUPS[node.type]) gaps.push(`this tool has no backup for ${node.type}`);
    return {
      address: node.address,
      type: node.type,
      region: node.region,
      id: node.id,
      name: r.name,
      createdAt: r.createdAt,
      tags: r.tags,
      properties: r.properties,
      fingerprint: node.fingerprint,
      status: gaps.length === 0 ? 'complete' : 'incomplete',
      files: [...files, ...(objects?.files ?? [])],
      objects: objects?.summary,
      cannotBackUp: cannot.length > 0 ? cannot.join('; ') : undefined,
      missing: gaps.length > 0 ? gaps.join('; ') : undefined,
    };
  });

  const manifest: Manifest = {
    formatVersion: MANIFEST_FORMAT_VERSION,
    toolVersion: opts.toolVersion,
    createdAt: opts.now.toISOString(),
    account: plan.account,
    plan: { file: PLAN_FILE, sha256: planSha, createdAt: plan.createdAt, summary: plan.summary },
    options: { objects: opts.objects, allVersions: opts.allVersions },
    complete: resources.every((r) => r.status === 'complete'),
    resources,
  };
  await writeManifest(dir, manifest);
  return manifest;
}

export { BackupDirectory } from './directory.js';
export { readManifest, type Manifest, type ManifestResource } from './manifest.js';
export { requireBackup, backupGaps, type BackupGap } from './require.js';
