/**
 * Where a backup stores an OSS object. Object keys are not paths: `../../x`, `/abs`,
 * `a//b`, `C:\x`, control characters, 1023-byte names, `Photo.JPG` next to `photo.jpg` (one
 * file on a case-insensitive disk) and `a` next to `a/b` (a file where a folder must go) are
 * all valid keys. Every key gets a path that stays inside the objects folder and that no
 * other key of the same backup gets; the manifest's object index records the original key.
 *
 * - The key is split on `/`; each segment keeps `A-Z a-z 0-9 . _ -` and percent-encodes every
 *   other UTF-8 byte (`%2F`-free by construction, so no segment contains a separator).
 * - A segment of dots only (`.`, `..`) has its dots encoded (`%2E%2E`); an empty segment
 *   (a leading, doubled or trailing `/`) is `%` — never produced otherwise, since every
 *   other `%` is followed by two hex digits.
 * - A segment longer than 200 bytes once encoded is cut, and ends `~` + a hash of the whole
 *   segment (`~` is always encoded otherwise).
 * - An older version (`--all-versions`) is the object's path + `@` + its encoded version id
 *   (`@` is always encoded otherwise).
 * - A path that would clash, ignoring case, with a file or folder already given to another
 *   key goes to `%collision/<sha256 of key and version>` instead. Keys are handed out in
 *   listing order, so a rerun over the same objects gives the same paths.
 */
import { createHash } from 'node:crypto';

const KEEP = /^[A-Za-z0-9._-]$/;
const MAX_SEGMENT = 200;
export const COLLISION_FOLDER = '%collision';

export function encodeSegment(segment: string): string {
  if (segment === '') return '%';
  if (/^\.+$/.test(segment)) return '%2E'.repeat(segment.length);
  let out = '';
  for (const ch of segment) {
    if (KEEP.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.length <= MAX_SEGMENT) return out;
  let cut = MAX_SEGMENT - 17;
  // Never cut through a %XX escape.
  const lastPercent = out.lastIndexOf('%', cut - 1);
  if (lastPercent >= cut - 2) cut = lastPercent;
  return `${out.slice(0, cut)}~${sha256Hex(segment).slice(0, 16)}`;
}

/** The relative path (with `/`) of `key`, or of one of its older versions. Stateless: no collision check. */
export function encodeObjectPath(key: string, olderVersionId?: string): string {
  const segments = key.split('/').map(encodeSegment);
  if (olderVersionId !== undefined) segments[segments.length - 1] += `@${encodeSegment(olderVersionId)}`;
  return segments.join('/');
}

/** Hands out collision-free paths for the objects of one bucket. */
export class ObjectPaths {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  pathFor(key: string, olderVersionId?: string): string {
    const wanted = encodeObjectPath(key, olderVersionId);
    const path = this.clashes(wanted) ? `${COLLISION_FOLDER}/${sha256Hex(`${key}\u0000${olderVersionId ?? ''}`).slice(0, 40)}` : wanted;
    this.claim(path);
    return path;
  }

  private clashes(path: string): boolean {
    const lower = path.toLowerCase();
    if (this.files.has(lower) || this.folders.has(lower)) return true;
    const parts = lower.split('/');
    for (let i = 1; i < parts.length; i++) if (this.files.has(parts.slice(0, i).join('/'))) return true;
    return false;
  }

  private claim(path: string): void {
    const parts = path.toLowerCase().split('/');
    this.files.add(parts.join('/'));
    for (let i = 1; i < parts.length; i++) this.folders.add(parts.slice(0, i).join('/'));
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
