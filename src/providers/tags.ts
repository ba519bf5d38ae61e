/**
 * Reading tags from the APIs that carry them, when that is a call of its own (RDS
 * ListTagResources, OSS GetBucketTags, RAM ListTagResources). A tag read that fails does not
 * fail the scan: the resource is listed with `tagsUnreadable`, and the planner blocks it if a
 * keep rule uses tags — unknown tags are never taken for "no tags".
 */
import { CloudApiError } from '../cloud/errors.js';
import type { Resource } from './contract.js';

/** What one tag read found: the tags (possibly none), or why they could not be read. */
export type TagRead = { readonly tags: Readonly<Record<string, string>> } | { readonly failed: string };

/** `Code: message` of a failed tag read; anything but a cloud error (a bug, an abort) is rethrown. */
export function tagReadFailure(err: unknown): { readonly failed: string } {
  if (!(err instanceof CloudApiError)) throw err;
  return { failed: `${err.code}: ${err.message}` };
}

/** The resource with what the tag read found. */
export function withTags(r: Resource, read: TagRead): Resource {
  if ('failed' in read) return { ...r, tags: undefined, tagsUnreadable: read.failed };
  return { ...r, tags: Object.keys(read.tags).length > 0 ? { ...read.tags } : undefined, tagsUnreadable: undefined };
}
