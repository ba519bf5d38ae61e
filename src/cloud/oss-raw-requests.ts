/**
 * The requests of emptying a bucket, sent through ali-oss but with XML the tool reads and
 * writes itself: ali-oss's `listV2` and `getBucketVersions` parse every page with xml2js and
 * build an object per entry (with a URL each): ≈ 50 ms of CPU for a 1,000-key page (≈ 75–80 ms
 * for versions), which caps one listing stream near 12k objects/s whatever the network; its
 * `deleteMulti` builds the 1,000-key request body through a generic object-to-XML converter
 * (≈ 5 ms a call, as much as parsing the page that listed the keys).
 *
 * These methods send the very same signed requests through ali-oss (its `_objectRequestParams`
 * and `request`, as its own `listV2`, `getBucketVersions` and `deleteMulti` do in lib/object.js,
 * lib/common/object/getBucketVersions.js and lib/common/object/deleteMulti.js: the same
 * sub-resources, so the same V1/V4 signature, and ali-oss adds the Content-MD5 of the body) but
 * hand back the raw body, or build the body directly; error replies still become ali-oss errors
 * (status, `Code`, `RequestId`), normalised like any other call.
 */
import type OSS from 'ali-oss';

/** One entry of a DeleteMultipleObjects call: a key, or a key and one of its versions. */
export type DeleteEntry = string | { readonly key: string; readonly versionId: string };

/** The methods added to a bucket-bound ali-oss client (the listings are read calls, see OSS_READ_METHODS; the deletion is not). */
export interface OssRawRequests {
  /** ListObjectsV2 (`GET /?list-type=2`): `query` holds prefix, delimiter, start-after, max-keys, continuation-token. */
  listObjectsV2Xml(query: Readonly<Record<string, string>>): Promise<string>;
  /** ListObjectVersions (`GET /?versions`): `query` holds prefix, delimiter, key-marker, version-id-marker, max-keys. */
  listObjectVersionsXml(query: Readonly<Record<string, string>>): Promise<string>;
  /**
   * DeleteMultipleObjects (`POST /?delete`) of 1–1,000 entries in quiet mode, ali-oss's
   * `deleteMulti(entries, { quiet: true })` with the body written directly. In quiet mode "OSS
   * does not return a response body" (OSS error 0016-00000610, on the Quiet element:
   * https://help.aliyun.com/en/oss/user-guide/0016-00000610), so nothing is returned.
   */
  deleteMultipleObjectsQuiet(entries: readonly DeleteEntry[]): Promise<void>;
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

const XML_SPECIAL = /["&'<>]/;
const XML_ESCAPES: Readonly<Record<string, string>> = { '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' };

/** Text escaped as ali-oss's deleteMulti escapes keys (escape-html: the five characters XML reserves). */
function xmlText(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(/["&'<>]/g, (c) => XML_ESCAPES[c] ?? c) : text;
}

/**
 * The DeleteMultipleObjects body, as ali-oss's deleteMulti writes it (obj2xml with headers):
 * `<Delete><Quiet>true</Quiet><Object><Key>…</Key>[<VersionId>…</VersionId>]</Object>…</Delete>`.
 * One difference: ali-oss strips leading slashes from a key (`_objectName`); OSS refuses such
 * keys ("cannot start with a forward slash", object naming rules), so a listed key never has
 * one, and the key is sent as listed.
 */
export function deleteMultipleObjectsBody(entries: readonly DeleteEntry[]): string {
  let body = '<?xml version="1.0" encoding="UTF-8"?>\n<Delete><Quiet>true</Quiet>';
  for (const e of entries) {
    body +=
      typeof e === 'string'
        ? `<Object><Key>${xmlText(e)}</Key></Object>`
        : `<Object><Key>${xmlText(e.key)}</Key><VersionId>${xmlText(e.versionId)}</VersionId></Object>`;
  }
  return `${body}</Delete>`;
}

export function addRawRequests(client: OSS): OSS & OssRawRequests {
  const internals = client as unknown as AliOssInternals & OssRawRequests;
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
  internals.deleteMultipleObjectsQuiet = async (entries) => {
    // DeleteMultipleObjects takes 1–1,000 objects (OSS API reference); more would be MalformedXML.
    if (entries.length === 0 || entries.length > 1000)
      throw new RangeError(`DeleteMultipleObjects takes 1 to 1000 entries, got ${entries.length}`);
    const params = internals._objectRequestParams('POST', '', { subres: { delete: '' } });
    params.mime = 'xml';
    params.content = deleteMultipleObjectsBody(entries);
    params.successStatuses = [200];
    await internals.request(params);
  };
  return internals as unknown as OSS & OssRawRequests;
}
