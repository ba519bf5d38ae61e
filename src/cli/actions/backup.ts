/** The work of `backup` (loaded on demand). */
import { join } from 'node:path';
import { BackupDirectory, backupPlan, type Manifest } from '../../backup/index.js';
import { PLAN_FILE } from '../../backup/index.js';
import { renderPlanHuman } from '../../plan/index.js';
import { AbortError } from '../../errors.js';
import { backupProgressReporter, formatBytes } from '../backup-progress.js';
import { interruptSignal } from '../interrupt.js';
import { EXIT, type CommandResult } from '../exit-codes.js';
import { openSession } from '../session.js';
import { TOOL_VERSION } from '../version.js';
import type { BackupArgs } from '../commands/backup.js';
import { makePlan } from './plan.js';

export async function runBackup(args: BackupArgs, result: CommandResult): Promise<void> {
  // The folder is checked before credentials are resolved or anything is scanned.
  const dir = await BackupDirectory.open(args.out);
  const session = await openSession(args, 'backup');
  const interrupt = interruptSignal();
  try {
    // Same selection, config and keep rules as `plan`, with the same read-only clients.
    const plan = await makePlan(session, args, interrupt.signal);
    if (!args.json) process.stdout.write(renderPlanHuman(plan, { color: args.color }));
    const progress = backupProgressReporter(process.stderr, args.quiet || args.json);
    let manifest: Manifest;
    try {
      manifest = await backupPlan({
        plan,
        clients: session.readOnlyClients,
        dir,
        objects: args.objects || args.allVersions,
        allVersions: args.allVersions,
        concurrency: session.config.concurrency.global,
        toolVersion: TOOL_VERSION,
        now: new Date(),
        signal: interrupt.signal,
        log: session.log,
        onProgress: progress.handle,
      });
    } catch (err) {
      // Ctrl-C: no manifest was written, so this folder is not (yet) a backup; verified files stay.
      if (interrupt.signal.aborted)
        throw new AbortError(`backup interrupted; the objects saved so far are kept: run the same backup command again to resume`);
      throw err;
    } finally {
      progress.close();
    }
    await dir.close();
    process.stdout.write(args.json ? `${JSON.stringify(backupJson(manifest, args.out), null, 2)}\n` : renderBackup(manifest, args.out));
    result.exitCode = manifest.complete ? EXIT.ok : EXIT.incomplete;
  } finally {
    interrupt.dispose();
    await session.close();
  }
}

function backupJson(m: Manifest, out: string) {
  return {
    manifest: join(out, 'manifest.json'),
    plan: join(out, PLAN_FILE),
    account: m.account.id,
    complete: m.complete,
    resources: m.resources.length,
    incomplete: m.resources.filter((r) => r.status !== 'complete').map((r) => ({ address: r.address, missing: r.missing })),
    cannotBackUp: m.resources.filter((r) => r.cannotBackUp).map((r) => ({ address: r.address, cannotBackUp: r.cannotBackUp })),
  };
}

function renderBackup(m: Manifest, out: string): string {
  const lines: string[] = [''];
  const complete = m.resources.filter((r) => r.status === 'complete').length;
  const files = m.resources.reduce((n, r) => n + r.files.length, 0);
  lines.push(`Backup of account ${m.account.id} in ${out}: ${complete} of ${m.resources.length} resources complete, ${files} files.`);
  for (const r of m.resources)
    if (r.objects)
      lines.push(
        `  ${r.id}: ${r.objects.objects} objects (${formatBytes(r.objects.bytes)})${r.objects.deleteMarkers ? `, ${r.objects.deleteMarkers} delete markers` : ''}${r.objects.failed ? `, ${r.objects.failed} FAILED` : ''}`,
      );
  const incomplete = m.resources.filter((r) => r.status !== 'complete');
  if (incomplete.length > 0) {
    lines.push('', `Incomplete (${incomplete.length}):`);
    for (const r of incomplete) lines.push(`  ${r.address}: ${r.missing ?? 'incomplete'}`);
  }
  // Grouped by what is lost: the same sentence for every instance would drown the rest.
  const cannot = new Map<string, string[]>();
  for (const r of m.resources) if (r.cannotBackUp) cannot.set(r.cannotBackUp, [...(cannot.get(r.cannotBackUp) ?? []), r.address]);
  if (cannot.size > 0) {
    lines.push('', 'What no backup can hold — keep it another way before the teardown:');
    for (const [what, addresses] of cannot) {
      const shown = addresses.slice(0, 3).join(', ') + (addresses.length > 3 ? ` and ${addresses.length - 3} more` : '');
      lines.push(`  ${shown}: ${what}`);
    }
  }
  lines.push('');
  if (m.complete) {
    lines.push(`Review the plan above (saved as ${join(out, PLAN_FILE)}), then apply exactly it, only while the backup covers it:`);
    lines.push(`  aliyun-teardown apply ${join(out, PLAN_FILE)} --confirm --require-backup ${out}`);
  } else {
    lines.push(`The backup is incomplete: apply --require-backup ${out} will refuse until a rerun completes it (a rerun resumes).`);
  }
  return `${lines.join('\n')}\n`;
}
