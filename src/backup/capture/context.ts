/** What capturing one resource's configuration needs and gives back. */
import type { Logger } from 'pino';
import type { CloudClients } from '../../cloud/clients.js';
import type { Resource } from '../../providers/contract.js';
import type { BackupDirectory, BackupFile } from '../directory.js';

export interface CaptureContext {
  /** Read-only clients: a backup never changes anything. */
  readonly clients: CloudClients;
  readonly dir: BackupDirectory;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The backup's time, stamped in the files it writes. */
  readonly now: Date;
}

export interface Captured {
  readonly files: readonly BackupFile[];
}

/** Reads what recreates a resource (beyond the properties the manifest already holds) and writes it. */
export type Capture = (r: Resource, ctx: CaptureContext) => Promise<Captured>;

/** One type's backup: what is read and written, and what no backup can hold. */
export interface TypeBackup {
  /** Files beyond the manifest's properties; absent: the properties are the whole configuration. */
  readonly capture?: Capture | undefined;
  /** Said in the output and the manifest: what is lost with the resource whatever is backed up, and the way to keep it. */
  readonly cannotBackUp?: string | undefined;
}

/** Pretty JSON with a trailing newline: config files are meant to be read and diffed. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
