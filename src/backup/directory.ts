/**
 * The backup folder on disk. Every file is written to `.incomplete/` first and renamed into
 * place only once it is whole (and, for objects, verified): an interrupted run, a full disk
 * or a failed download never leaves a file at its final path that looks complete. A run
 * starts by clearing `.incomplete/`, so what an earlier run left half-written goes away.
 *
 * File-system failures become one-line `UserError`s naming the path and the way out.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';

/** One file of the backup, as the manifest lists it. */
export interface BackupFile {
  /** Relative to the backup folder, with `/`. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

const INCOMPLETE = '.incomplete';

export class BackupDirectory {
  private constructor(readonly root: string) {}

  /** A backup folder that is only read (apply --require-backup). */
  static existing(root: string): BackupDirectory {
    return new BackupDirectory(root);
  }

  /** Creates the folder if needed and proves it writable before anything is scanned or downloaded. */
  static async open(dir: string): Promise<BackupDirectory> {
    const root = resolve(dir);
    try {
      await mkdir(root, { recursive: true });
      await rm(join(root, INCOMPLETE), { recursive: true, force: true });
      await mkdir(join(root, INCOMPLETE));
      const probe = join(root, INCOMPLETE, 'probe');
      await writeFile(probe, '');
      await rm(probe);
    } catch (err) {
      throw fileSystemError(err, root, 'cannot write the backup');
    }
    return new BackupDirectory(root);
  }

  /** The absolute path of `path` (relative, `/`-separated); refuses anything that would leave the folder. */
  absolute(path: string): string {
    const full = resolve(this.root, ...path.split('/'));
    const rel = relative(this.root, full);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
      throw new Error(`backup path ${JSON.stringify(path)} leaves the backup folder`);
    return full;
  }

  /** A fresh temporary file name under `.incomplete/`. */
  temporary(): string {
    return join(this.root, INCOMPLETE, `${randomUUID()}.part`);
  }

  /** Moves a finished temporary file to its final place. */
  async commit(temporary: string, path: string): Promise<void> {
    const target = this.absolute(path);
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(temporary, target);
    } catch (err) {
      await rm(temporary, { force: true });
      throw fileSystemError(err, target, 'cannot write the backup');
    }
  }

  /** Writes a whole file atomically; returns its manifest entry. */
  async writeFile(path: string, content: string | Buffer): Promise<BackupFile> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const temporary = this.temporary();
    try {
      await writeFile(temporary, bytes, { mode: 0o600 });
    } catch (err) {
      await rm(temporary, { force: true });
      throw fileSystemError(err, this.absolute(path), 'cannot write the backup');
    }
    await this.commit(temporary, path);
    return { path, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** Size of a file of the backup, or undefined when it is not there. */
  async sizeOf(path: string): Promise<number | undefined> {
    try {
      const s = await stat(this.absolute(path));
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  }

  /** sha256 of a file of the backup, streamed. */
  async sha256Of(path: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(this.absolute(path))) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  async close(): Promise<void> {
    await rm(join(this.root, INCOMPLETE), { recursive: true, force: true });
  }
}

/** One line for a failed write: the path, the cause, and what to do. */
export function fileSystemError(err: unknown, path: string, what: string): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full: free some space or choose another --out folder, then run backup again (it resumes)',
    EDQUOT: 'the disk quota is exhausted: free some space or choose another --out folder, then run backup again (it resumes)',
    EACCES: 'permission denied: choose a folder you can write to with --out',
    EPERM: 'permission denied: choose a folder you can write to with --out',
    EROFS: 'the file system is read-only: choose another --out folder',
    ENOTDIR: 'a file stands where a folder is needed: choose another --out folder',
    EEXIST: 'a file stands where a folder is needed: choose another --out folder',
  };
  return new UserError(`${what} at ${path} (${code}): ${why[code] ?? 'check the --out folder, then run backup again'}`, { cause: err });
}
