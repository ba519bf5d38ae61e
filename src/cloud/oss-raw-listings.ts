/**
 * Object listings whose XML body the caller parses itself. ali-oss's `listV2` and
 * `getBucketVersions` parse every page with xml2js and build an object per entry (with a URL
 * each): ≈ 50 ms of CPU for a 1,000-key page (≈ 75–80 ms for versions), which caps one listing
 * stream near 12k objects/s whatever the network. These methods send the very same signed
 * requests through ali-oss (its `_objectRequestParams` and `request`, as its own `listV2` and
 * `getBucketVersions` do in lib/object.js and lib/common/object/getBucketVersions.js: the same
 * sub-resources, so the same V1/V4 signature) but hand back the raw body; error replies
 * still become ali-oss errors (status, `Code`, `RequestId`), normalised like any other call.
 */
import type OSS from 'ali-oss';

/** The methods added to a bucket-bound ali-oss client (read calls, see OSS_READ_METHODS). */
export interface OssRawListings {
  /** ListObjectsV2 (`GET /?list-type=2`): `query` holds prefix, delimiter, start-after, max-keys, continuation-token. */
  listObjectsV2Xml(query: Readonly<Record<string, string>>): Promise<string>;
  /** ListObjectVersions (`GET /?versions`): `query` holds prefix, delimiter, key-marker, version-id-marker, max-keys. */
  listObjectVersionsXml(query: Readonly<Record<string, string>>): Promise<string>;
}

interface AliOssInternals {
  _objectRequestParams(method: string, name: string, options: { subres?: Record<string, string> }): Record<string, unknown>;
  request(params: Record<string, unknown>): Promise<{ data: unknown }>;
}

function bodyText(data: unknown): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (typeof data === 'string') return data;
  throw new Error('OSS listing: the response has no body');
}

export function addRawListings(client: OSS): OSS & OssRawListings {
  const internals = client as unknown as AliOssInternals & OssRawListings;
  internals.listObjectsV2Xml = async (query) => {
    // listV2 signs continuation-token as a sub-resource and sends the rest as plain query.
    const { 'continuation-token': token, ...rest } = query;
    const params = internals._objectRequestParams('GET', '', token ? { subres: { 'continuation-token': token } } : {});
    params.query = { 'list-type': '2', ...rest };
    params.successStatuses = [200];
    return bodyText((await internals.request(params)).data);
  };
  internals.listObjectVersionsXml = async (query) => {
    const params = internals._objectRequestParams('GET', '', { subres: { versions: '' } });
    params.query = { ...query };
    params.successStatuses = [200];
    return bodyText((await internals.request(params)).data);
  };
  return internals as unknown as OSS & OssRawListings;
}
