/**
 * `apply --require-backup DIR`: before anything is confirmed or changed, the backup in DIR
 * must be a complete backup of this account covering every resource the plan destroys:
 * - its manifest reads back intact (format version, checksum) and is of this account;
 * - every resource of the plan is in it, unchanged since (same fingerprint), and complete;
 * - every file it lists is there with its size and sha256, and every object the object
 *   indexes list is there with its size.
 * Otherwise one line says what is missing, and apply stops with nothing changed.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Plan } from '../plan/model.js';
import { BackupDirectory } from './directory.js';
import { readManifest, type Manifest, type ManifestResource } from './manifest.js';
import type { ObjectIndexEntry } from './objects.js';

export interface BackupGap {
  readonly address: string;
  readonly problem: string;
}

async function fileProblem(dir: BackupDirectory, entry: ManifestResource): Promise<string | undefined> {
  for (const f of entry.files) {
    const size = await dir.sizeOf(f.path);
    if (size === undefined) return `${f.path} is missing`;
    if (size !== f.bytes || (await dir.sha256Of(f.path)) !== f.sha256) return `${f.path} was changed after the backup`;
  }
  if (!entry.objects) return undefined;
  const lines = createInterface({ input: createReadStream(dir.absolute(entry.objects.index)), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const o = JSON.parse(line) as ObjectIndexEntry;
    if (o.path === undefined) continue;
    const size = await dir.sizeOf(o.path);
    if (size === undefined) return `object ${JSON.stringify(o.key)} is missing (${o.path})`;
    if (size !== o.size) return `object ${JSON.stringify(o.key)} has ${size} bytes on disk, ${o.size} in the backup`;
  }
  return undefined;
}

/** What the backup in `dir` lacks for `plan`; empty when it covers it. */
export async function backupGaps(manifest: Manifest, folder: string, plan: Plan): Promise<BackupGap[]> {
  const dir = BackupDirectory.existing(resolve(folder));
  const byAddress = new Map(manifest.resources.map((r) => [r.address, r]));
  const gaps: BackupGap[] = [];
  for (const node of plan.resources) {
    const entry = byAddress.get(node.address);
    let problem: string | undefined;
    if (!entry) problem = 'not in the backup';
    else if (entry.fingerprint !== node.fingerprint) problem = 'changed since the backup';
    else if (entry.status !== 'complete') problem = entry.missing ?? 'incomplete';
    else problem = await fileProblem(dir, entry);
    if (problem) gaps.push({ address: node.address, problem });
  }
  return gaps;
}

/** Refuses (UserError, one line) unless the backup in `folder` covers every resource `plan` destroys. */
export async function requireBackup(folder: string, plan: Plan, accountId: string): Promise<Manifest> {
  const manifest = await readManifest(folder);
  const nothingChanged = 'nothing was changed';
  if (manifest.account.id !== accountId)
    throw new UserError(
      `--require-backup ${folder} is a backup of account ${manifest.account.id}, not of ${accountId}; back this account up with: aliyun-teardown backup --out <folder>; ${nothingChanged}`,
    );
  const gaps = await backupGaps(manifest, folder, plan);
  if (gaps.length > 0) {
    const shown = gaps
      .slice(0, 3)
      .map((g) => `${g.address}: ${g.problem}`)
      .join('; ');
    const more = gaps.length > 3 ? `; and ${gaps.length - 3} more` : '';
    throw new UserError(
      `--require-backup ${folder}: the backup does not cover ${gaps.length} of the ${plan.resources.length} resources the plan destroys — ${shown}${more}; ${nothingChanged}. Back up again with: aliyun-teardown backup --out ${folder} --objects (add --all-versions for versioned buckets)`,
    );
  }
  return manifest;
}
