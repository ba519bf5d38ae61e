/**
 * The listing walks of OSS: ListObjects (marker), ListObjectsV2 (continuation-token /
 * start-after), ListObjectVersions (key-marker + version-id-marker). All three walk the
 * bucket's keys in order from a seek point, group keys under `prefix` by `delimiter` into
 * CommonPrefixes (a group counts once toward max-keys and is skipped by seeking past it),
 * and stop after `max-keys` entries, reporting whether more remain.
 */
import type { Bucket, KeyVersions, ObjectVersion } from './state.js';

export type ListedItem = { readonly kind: 'key'; readonly entry: KeyVersions } | { readonly kind: 'prefix'; readonly prefix: string };

/** Keys `>= prefix` satisfying `start`, grouped by delimiter; ends when the prefix block ends. */
export function* walkKeys(bucket: Bucket, start: (key: string) => boolean, prefix: string, delimiter: string): Generator<ListedItem> {
  let keys = bucket.keysFrom((k) => start(k) && k >= prefix);
  for (;;) {
    const next = keys.next();
    if (next.done) return;
    const { key } = next.value;
    if (!key.startsWith(prefix)) return;
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (cut < 0) {
      yield { kind: 'key', entry: next.value };
      continue;
    }
    const common = key.slice(0, cut + delimiter.length);
    yield { kind: 'prefix', prefix: common };
    keys = bucket.keysFrom((k) => k > common && !k.startsWith(common));
  }
}

export interface ObjectPage {
  readonly contents: ReadonlyArray<{ readonly key: string; readonly version: ObjectVersion }>;
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  readonly lastReturned?: string;
}

/** Current objects (a key whose latest version is a delete marker is hidden) after `after`. */
export function listCurrentObjects(
  bucket: Bucket,
  opts: { after: string; prefix: string; delimiter: string; maxKeys: number },
): ObjectPage {
  const contents: Array<{ key: string; version: ObjectVersion }> = [];
  const commonPrefixes: string[] = [];
  let lastReturned: string | undefined;
  let isTruncated = false;
  for (const item of walkKeys(bucket, (k) => k > opts.after, opts.prefix, opts.delimiter)) {
    if (item.kind === 'key') {
      const latest = item.entry.versions[0];
      if (!latest || latest.deleteMarker) continue;
    }
    if (contents.length + commonPrefixes.length >= opts.maxKeys) {
      isTruncated = true;
      break;
    }
    if (item.kind === 'key') {
      contents.push({ key: item.entry.key, version: item.entry.versions[0] as ObjectVersion });
      lastReturned = item.entry.key;
    } else {
      commonPrefixes.push(item.prefix);
      lastReturned = item.prefix;
    }
  }
  return { contents, commonPrefixes, isTruncated, ...(lastReturned === undefined ? {} : { lastReturned }) };
}

export interface VersionPage {
  readonly entries: ReadonlyArray<{ readonly key: string; readonly version: ObjectVersion; readonly isLatest: boolean }>;
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
}

/**
 * Every version and delete marker, key by key (newest first within a key). With a
 * version-id-marker the walk resumes inside `keyMarker` after that version; without one it
 * starts after `keyMarker`.
 */
export function listVersions(
  bucket: Bucket,
  opts: { keyMarker: string; versionIdMarker: string; prefix: string; delimiter: string; maxKeys: number },
): VersionPage {
  const entries: Array<{ key: string; version: ObjectVersion; isLatest: boolean }> = [];
  const commonPrefixes: string[] = [];
  const resumeInside = opts.versionIdMarker !== '' && opts.keyMarker !== '';
  const start = resumeInside ? (k: string) => k >= opts.keyMarker : (k: string) => k > opts.keyMarker;
  let isTruncated = false;
  let nextKeyMarker: string | undefined;
  let nextVersionIdMarker: string | undefined;
  const full = (): boolean => entries.length + commonPrefixes.length >= opts.maxKeys;
  walk: for (const item of walkKeys(bucket, start, opts.prefix, opts.delimiter)) {
    if (item.kind === 'prefix') {
      if (full()) {
        isTruncated = true;
        break;
      }
      commonPrefixes.push(item.prefix);
      nextKeyMarker = item.prefix;
      nextVersionIdMarker = '';
      continue;
    }
    const { key, versions } = item.entry;
    let from = 0;
    if (resumeInside && key === opts.keyMarker) {
      const at = versions.findIndex((v) => v.versionId === opts.versionIdMarker);
      from = at < 0 ? versions.length : at + 1;
    }
    for (let i = from; i < versions.length; i++) {
      if (full()) {
        isTruncated = true;
        break walk;
      }
      const version = versions[i] as ObjectVersion;
      entries.push({ key, version, isLatest: i === 0 });
      nextKeyMarker = key;
      nextVersionIdMarker = version.versionId;
    }
  }
  return {
    entries,
    commonPrefixes,
    isTruncated,
    ...(isTruncated && nextKeyMarker !== undefined ? { nextKeyMarker, nextVersionIdMarker: nextVersionIdMarker ?? '' } : {}),
  };
}
