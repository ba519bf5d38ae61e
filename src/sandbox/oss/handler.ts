/**
 * OSS operations, routed by method, bucket/object level and sub-resource the way the real
 * service does. Each operation reads its state slice and returns an `OssResponse`, or throws
 * a `SandboxApiError` with the real status and code; index.ts writes either to the wire.
 */
import { createHash } from 'node:crypto';
import type { World } from '../framework.js';
import { listCurrentObjects, listVersions } from './listing.js';
import { hasQuery, queryValue, type OssAddress, type QueryParam } from './request.js';
import {
  type Bucket,
  type ObjectVersion,
  type OssState,
  type WormPolicy,
  WORM_IN_PROGRESS_VALIDITY_MS,
  lowerBound,
  newVersionId,
} from './state.js';
import { OssApiError, isoMillis, unescapeXml, xmlDocument, xmlTextDocument, type XmlChildren } from './xml.js';

export interface OssResponse {
  readonly status: number;
  readonly body?: string;
  /** An object's bytes (GetObject; HeadObject sends only their length). */
  readonly stream?: { readonly length: number; readonly chunks: () => Iterable<Buffer> };
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OssOperation {
  /** The API name as in the OSS docs, for the request log. */
  readonly action: string;
  /** Runs against a bucket that exists and was addressed through its own region. */
  readonly run: (call: OssCall) => OssResponse;
}

export interface OssCall {
  readonly world: World;
  readonly state: OssState;
  readonly address: OssAddress;
  readonly bucket: Bucket;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** DeleteMultipleObjects accepts at most 1000 keys (OSS API reference: DeleteMultipleObjects). */
export const DELETE_MULTIPLE_LIMIT = 1000;
const MAX_PAGE = 1000;

/** Names the operation a bucket-level or object-level request asks for, or undefined. */
export function routeOperation(address: OssAddress): OssOperation | undefined {
  const { method, key, query } = address;
  const has = (name: string): boolean => hasQuery(query, name);
  if (key === '') {
    if (method === 'GET') {
      if (has('bucketInfo')) return { action: 'GetBucketInfo', run: getBucketInfo };
      if (has('stat')) return { action: 'GetBucketStat', run: getBucketStat };
      if (has('worm')) return { action: 'GetBucketWorm', run: getBucketWorm };
      if (has('tagging')) return { action: 'GetBucketTags', run: getBucketTags };
      if (has('versioning')) return { action: 'GetBucketVersioning', run: getBucketVersioning };
      if (has('location')) return { action: 'GetBucketLocation', run: getBucketLocation };
      if (has('acl')) return { action: 'GetBucketAcl', run: getBucketAcl };
      if (has('policy')) return { action: 'GetBucketPolicy', run: getBucketPolicy };
      if (has('lifecycle')) return { action: 'GetBucketLifecycle', run: getBucketLifecycle };
      if (has('cors')) return { action: 'GetBucketCors', run: getBucketCors };
      if (has('versions')) return { action: 'ListObjectVersions', run: listObjectVersions };
      if (has('uploads')) return { action: 'ListMultipartUploads', run: listMultipartUploads };
      if (has('live')) return { action: 'ListLiveChannel', run: listLiveChannel };
      if (queryValue(query, 'list-type') === '2') return { action: 'ListObjectsV2', run: listObjectsV2 };
      if (!query.some((p) => SUBRESOURCE_LIKE.has(p.name))) return { action: 'ListObjects', run: listObjects };
      return undefined;
    }
    if (method === 'DELETE') {
      if (has('worm')) return { action: 'AbortBucketWorm', run: abortBucketWorm };
      if (query.length === 0) return { action: 'DeleteBucket', run: deleteBucket };
      return undefined;
    }
    if (method === 'POST' && has('delete')) return { action: 'DeleteMultipleObjects', run: deleteMultipleObjects };
    return undefined;
  }
  // Object sub-resources (acl, tagging, symlink, objectMeta...) are not emulated.
  const plainObjectRequest = query.every((p) => p.name === 'versionId');
  if (method === 'GET' && plainObjectRequest) return { action: 'GetObject', run: getObject };
  if (method === 'HEAD' && plainObjectRequest) return { action: 'HeadObject', run: headObject };
  if (method === 'DELETE') {
    if (has('uploadId')) return { action: 'AbortMultipartUpload', run: abortMultipartUpload };
    if (has('live')) return { action: 'DeleteLiveChannel', run: deleteLiveChannel };
    return { action: 'DeleteObject', run: deleteObject };
  }
  return undefined;
}

/** Bucket sub-resources the sandbox does not emulate: a GET naming one is not a listing. */
const SUBRESOURCE_LIKE = new Set([
  'acl',
  'cors',
  'logging',
  'website',
  'referer',
  'lifecycle',
  'policy',
  'tagging',
  'encryption',
  'replication',
  'inventory',
  'requestPayment',
  'transferAcceleration',
  'qos',
  'cname',
]);

// ---- ListBuckets (no bucket) ----------------------------------------------------------

export function listBuckets(state: OssState, query: readonly QueryParam[]): OssResponse {
  const prefix = queryValue(query, 'prefix') ?? '';
  const marker = queryValue(query, 'marker') ?? '';
  const maxKeys = pageSize(queryValue(query, 'max-keys'), 100, 'max-keys');
  const matching = state.buckets.filter((b) => b.name.startsWith(prefix));
  const from = lowerBound(matching, (b) => b.name > marker);
  const page = matching.slice(from, from + maxKeys);
  const truncated = from + maxKeys < matching.length;
  const wrapper: Array<readonly [string, XmlChildren[number][1]]> = [];
  if (queryValue(query, 'prefix') !== undefined) wrapper.push(['Prefix', prefix]);
  if (queryValue(query, 'marker') !== undefined) wrapper.push(['Marker', marker]);
  if (queryValue(query, 'max-keys') !== undefined) wrapper.push(['MaxKeys', maxKeys]);
  wrapper.push(['IsTruncated', truncated]);
  if (truncated) wrapper.push(['NextMarker', (page[page.length - 1] as Bucket).name]);
  return xmlOk('ListAllMyBucketsResult', [
    ...wrapper,
    ['Owner', owner(state)],
    [
      'Buckets',
      page.map(
        (b) =>
          [
            'Bucket',
            [
              ['Comment', ''],
              ['CreationDate', isoMillis(b.creationDate)],
              ['ExtranetEndpoint', `oss-${b.region}.aliyuncs.com`],
              ['IntranetEndpoint', `oss-${b.region}-internal.aliyuncs.com`],
              ['Location', `oss-${b.region}`],
              ['Name', b.name],
              ['Region', b.region],
              ['StorageClass', 'Standard'],
            ],
          ] as const,
      ),
    ],
  ]);
}

// ---- bucket facts ---------------------------------------------------------------------

function getBucketInfo({ state, bucket }: OssCall): OssResponse {
  return xmlOk('BucketInfo', [
    [
      'Bucket',
      [
        ['AccessMonitor', 'Disabled'],
        ['CreationDate', isoMillis(bucket.creationDate)],
        ['ExtranetEndpoint', `oss-${bucket.region}.aliyuncs.com`],
        ['IntranetEndpoint', `oss-${bucket.region}-internal.aliyuncs.com`],
        ['Location', `oss-${bucket.region}`],
        ['StorageClass', 'Standard'],
        ['TransferAcceleration', 'Disabled'],
        ['CrossRegionReplication', 'Disabled'],
        ['Name', bucket.name],
        ['ResourceGroupId', 'rg-default'],
        ['Owner', owner(state)],
        ['AccessControlList', [['Grant', 'private']]],
        ['ServerSideEncryptionRule', [['SSEAlgorithm', 'None']]],
        [
          'BucketPolicy',
          [
            ['LogBucket', ''],
            ['LogPrefix', ''],
          ],
        ],
        ...(bucket.versioning ? ([['Versioning', bucket.versioning]] as const) : []),
        ['DataRedundancyType', 'LRS'],
        ['Comment', ''],
      ],
    ],
  ]);
}

function getBucketLocation({ bucket }: OssCall): OssResponse {
  return { status: 200, body: xmlTextDocument('LocationConstraint', `oss-${bucket.region}`) };
}

function getBucketStat({ bucket }: OssCall): OssResponse {
  const s = bucket.stat();
  return xmlOk('BucketStat', [
    ['Storage', s.storage],
    ['ObjectCount', s.objectCount],
    ['MultipartUploadCount', s.multipartUploadCount],
    ['LiveChannelCount', s.liveChannelCount],
    ['LastModifiedTime', Math.floor(s.lastModified / 1000)],
    ['StandardStorage', s.storage],
    ['StandardObjectCount', s.objectCount],
    ['InfrequentAccessStorage', 0],
    ['InfrequentAccessRealStorage', 0],
    ['InfrequentAccessObjectCount', 0],
    ['ArchiveStorage', 0],
    ['ArchiveRealStorage', 0],
    ['ArchiveObjectCount', 0],
    ['ColdArchiveStorage', 0],
    ['ColdArchiveRealStorage', 0],
    ['ColdArchiveObjectCount', 0],
    ['MultipartPartCount', s.multipartUploadCount],
    ['DeleteMarkerCount', s.deleteMarkerCount],
  ]);
}

function getBucketVersioning({ bucket }: OssCall): OssResponse {
  // A bucket that never had versioning answers an empty configuration (no Status).
  return xmlOk('VersioningConfiguration', bucket.versioning ? [['Status', bucket.versioning]] : []);
}

/**
 * GetBucketTags, `GET /?tagging` (https://www.alibabacloud.com/help/en/oss/developer-reference/getbuckettags):
 * Tagging > TagSet > Tag (Key, Value); a bucket without tags answers an empty Tagging element.
 */
function getBucketTags({ bucket }: OssCall): OssResponse {
  const tags = Object.entries(bucket.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (tags.length === 0) return xmlOk('Tagging', []);
  return xmlOk('Tagging', [
    [
      'TagSet',
      tags.map(
        ([key, value]) =>
          [
            'Tag',
            [
              ['Key', key],
              ['Value', value],
            ],
          ] as const,
      ),
    ],
  ]);
}

// ---- bucket configuration (OSS API reference: GetBucketAcl, GetBucketPolicy,
// GetBucketLifecycle, GetBucketCors). The sandbox holds an ACL and a policy; no lifecycle
// rules or CORS rules, which those APIs answer with their documented 404 codes.

function getBucketAcl({ state, bucket }: OssCall): OssResponse {
  return xmlOk('AccessControlPolicy', [
    ['Owner', owner(state)],
    ['AccessControlList', [['Grant', bucket.acl]]],
  ]);
}

function getBucketPolicy({ bucket }: OssCall): OssResponse {
  if (bucket.policy === undefined)
    throw new OssApiError(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist.', { BucketName: bucket.name });
  return { status: 200, body: bucket.policy, headers: { 'Content-Type': 'application/json' } };
}

function getBucketLifecycle({ bucket }: OssCall): OssResponse {
  throw new OssApiError(404, 'NoSuchLifecycle', 'No Row found in Lifecycle Table.', { BucketName: bucket.name });
}

function getBucketCors({ bucket }: OssCall): OssResponse {
  throw new OssApiError(404, 'NoSuchCORSConfiguration', 'The CORS Configuration does not exist.', { BucketName: bucket.name });
}

// ---- GetObject / HeadObject (OSS API reference: GetObject, HeadObject) -------------------

/**
 * The version a GET or HEAD names: the current one, or `?versionId=`. A current delete
 * marker is 404 NoSuchKey with `x-oss-delete-marker: true`; naming a delete marker by its
 * version id is 405 MethodNotAllowed; an unknown version id is 404 NoSuchVersion.
 */
function requestedVersion({ bucket, address }: OssCall): ObjectVersion {
  const versionId = queryValue(address.query, 'versionId');
  const versions = bucket.versionsOf(address.key);
  if (versionId === undefined) {
    const top = versions[0];
    if (!top) throw new OssApiError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: address.key });
    if (top.deleteMarker)
      throw new OssApiError(
        404,
        'NoSuchKey',
        'The specified key does not exist.',
        { Key: address.key },
        {
          'x-oss-delete-marker': 'true',
          'x-oss-version-id': top.versionId,
        },
      );
    return top;
  }
  const v = versions.find((x) => x.versionId === versionId);
  if (!v) throw new OssApiError(404, 'NoSuchVersion', 'The specified version does not exist.', { Key: address.key, VersionId: versionId });
  if (v.deleteMarker)
    throw new OssApiError(
      405,
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      { Method: address.method },
      {
        'x-oss-delete-marker': 'true',
        'x-oss-version-id': v.versionId,
      },
    );
  return v;
}

function objectHeaders(bucket: Bucket, v: ObjectVersion): Record<string, string> {
  return {
    'Content-Type': 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    ETag: v.etag,
    'Last-Modified': new Date(v.lastModified).toUTCString(),
    'x-oss-object-type': v.body?.objectType ?? 'Normal',
    'x-oss-storage-class': 'Standard',
    ...(v.body ? { 'x-oss-hash-crc64ecma': v.body.crc64 } : {}),
    ...(bucket.versioning ? { 'x-oss-version-id': v.versionId } : {}),
  };
}

function getObject(call: OssCall): OssResponse {
  const v = requestedVersion(call);
  const body = v.body;
  return {
    status: 200,
    headers: objectHeaders(call.bucket, v),
    stream: { length: v.size, chunks: () => (body ? body.chunks() : []) },
  };
}

function headObject(call: OssCall): OssResponse {
  const v = requestedVersion(call);
  return { status: 200, headers: objectHeaders(call.bucket, v), stream: { length: v.size, chunks: () => [] } };
}

// ---- WORM -------------------------------------------------------------------------------

function requireWorm(bucket: Bucket): WormPolicy {
  if (!bucket.worm)
    throw new OssApiError(404, 'NoSuchWORMConfiguration', 'The WORM Configuration does not exist.', { BucketName: bucket.name });
  return bucket.worm;
}

function getBucketWorm({ bucket }: OssCall): OssResponse {
  const worm = requireWorm(bucket);
  return xmlOk('WormConfiguration', [
    ['WormId', worm.wormId],
    ['State', worm.state],
    ['RetentionPeriodInDays', worm.days],
    ['CreationDate', isoMillis(worm.creationDate)],
    // When an unlocked policy lapses (24 h after creation); a locked one has no such date.
    ...(worm.state === 'InProgress' ? ([['ExpirationDate', isoMillis(worm.creationDate + WORM_IN_PROGRESS_VALIDITY_MS)]] as const) : []),
  ]);
}

function abortBucketWorm({ bucket }: OssCall): OssResponse {
  const worm = requireWorm(bucket);
  // "Locked retention policies cannot be deleted" (OSS error codes: WORMConfigurationLocked).
  // The HTTP status is not documented; 409 like the other state conflicts (UNCONFIRMED).
  if (worm.state === 'Locked') throw new OssApiError(409, 'WORMConfigurationLocked', 'The WORM Configuration is locked.');
  bucket.worm = undefined;
  return { status: 204 };
}

// ---- listings ---------------------------------------------------------------------------

function listObjects({ state, bucket, address }: OssCall): OssResponse {
  const q = address.query;
  const prefix = queryValue(q, 'prefix') ?? '';
  const marker = queryValue(q, 'marker') ?? '';
  const delimiter = queryValue(q, 'delimiter') ?? '';
  const maxKeys = pageSize(queryValue(q, 'max-keys'), 100, 'max-keys');
  const page = listCurrentObjects(bucket, { after: marker, prefix, delimiter, maxKeys });
  return xmlOk('ListBucketResult', [
    ['Name', bucket.name],
    ['Prefix', prefix],
    ['Marker', marker],
    ['MaxKeys', maxKeys],
    ['Delimiter', delimiter],
    ['IsTruncated', page.isTruncated],
    ...(page.isTruncated && page.lastReturned !== undefined ? ([['NextMarker', page.lastReturned]] as const) : []),
    // ListObjects (v1) always carries the Owner; ali-oss list() reads obj.Owner.ID unguarded.
    ...page.contents.map(({ key, version }) => ['Contents', objectEntry(key, version, owner(state))] as const),
    ...page.commonPrefixes.map((p) => ['CommonPrefixes', [['Prefix', p]]] as const),
  ]);
}

function listObjectsV2({ state, bucket, address }: OssCall): OssResponse {
  const q = address.query;
  const prefix = queryValue(q, 'prefix') ?? '';
  const delimiter = queryValue(q, 'delimiter') ?? '';
  const startAfter = queryValue(q, 'start-after');
  const token = queryValue(q, 'continuation-token');
  const maxKeys = pageSize(queryValue(q, 'max-keys'), 100, 'max-keys');
  const fetchOwner = queryValue(q, 'fetch-owner') === 'true';
  const after = token !== undefined && token !== '' ? decodeContinuationToken(token) : (startAfter ?? '');
  const page = listCurrentObjects(bucket, { after, prefix, delimiter, maxKeys });
  return xmlOk('ListBucketResult', [
    ['Name', bucket.name],
    ['Prefix', prefix],
    ...(token !== undefined ? ([['ContinuationToken', token]] as const) : []),
    ...(startAfter !== undefined ? ([['StartAfter', startAfter]] as const) : []),
    ['MaxKeys', maxKeys],
    ['Delimiter', delimiter],
    ['IsTruncated', page.isTruncated],
    ...(page.isTruncated && page.lastReturned !== undefined
      ? ([['NextContinuationToken', encodeContinuationToken(page.lastReturned)]] as const)
      : []),
    ['KeyCount', page.contents.length + page.commonPrefixes.length],
    // V2 sends Owner only when asked with fetch-owner=true.
    ...page.contents.map(({ key, version }) => ['Contents', objectEntry(key, version, fetchOwner ? owner(state) : undefined)] as const),
    ...page.commonPrefixes.map((p) => ['CommonPrefixes', [['Prefix', p]]] as const),
  ]);
}

function listObjectVersions({ state, bucket, address }: OssCall): OssResponse {
  const q = address.query;
  const prefix = queryValue(q, 'prefix') ?? '';
  const delimiter = queryValue(q, 'delimiter') ?? '';
  const keyMarker = queryValue(q, 'key-marker') ?? '';
  const versionIdMarker = queryValue(q, 'version-id-marker') ?? '';
  const maxKeys = pageSize(queryValue(q, 'max-keys'), 100, 'max-keys');
  const page = listVersions(bucket, { keyMarker, versionIdMarker, prefix, delimiter, maxKeys });
  const who = owner(state);
  return xmlOk('ListVersionsResult', [
    ['Name', bucket.name],
    ['Prefix', prefix],
    ['KeyMarker', keyMarker],
    ['VersionIdMarker', versionIdMarker],
    ['MaxKeys', maxKeys],
    ['Delimiter', delimiter],
    ['IsTruncated', page.isTruncated],
    ...(page.nextKeyMarker !== undefined
      ? ([
          ['NextKeyMarker', page.nextKeyMarker],
          ['NextVersionIdMarker', page.nextVersionIdMarker ?? ''],
        ] as const)
      : []),
    // Every entry carries <Owner>: ali-oss getBucketVersions() reads obj.Owner.ID unguarded.
    ...page.entries.map(({ key, version, isLatest }) =>
      version.deleteMarker
        ? ([
            'DeleteMarker',
            [
              ['Key', key],
              ['VersionId', version.versionId],
              ['IsLatest', isLatest],
              ['LastModified', isoMillis(version.lastModified)],
              ['Owner', who],
            ],
          ] as const)
        : ([
            'Version',
            [
              ['Key', key],
              ['VersionId', version.versionId],
              ['IsLatest', isLatest],
              ['LastModified', isoMillis(version.lastModified)],
              ['ETag', version.etag],
              ['Type', version.body?.objectType ?? 'Normal'],
              ['Size', version.size],
              ['StorageClass', 'Standard'],
              ['Owner', who],
            ],
          ] as const),
    ),
    ...page.commonPrefixes.map((p) => ['CommonPrefixes', [['Prefix', p]]] as const),
  ]);
}

function listMultipartUploads({ bucket, address }: OssCall): OssResponse {
  const q = address.query;
  const prefix = queryValue(q, 'prefix') ?? '';
  const keyMarker = queryValue(q, 'key-marker') ?? '';
  const uploadIdMarker = queryValue(q, 'upload-id-marker') ?? '';
  const maxUploads = pageSize(queryValue(q, 'max-uploads'), 1000, 'max-uploads');
  // upload-id-marker only counts together with key-marker: then uploads of key-marker after
  // that id come first; otherwise the listing starts after key-marker.
  const after = (u: { key: string; uploadId: string }): boolean =>
    u.key > keyMarker || (keyMarker !== '' && uploadIdMarker !== '' && u.key === keyMarker && u.uploadId > uploadIdMarker);
  const matching = bucket.uploads.filter((u) => u.key.startsWith(prefix) && after(u));
  const page = matching.slice(0, maxUploads);
  const truncated = matching.length > maxUploads;
  const last = page[page.length - 1];
  return xmlOk('ListMultipartUploadsResult', [
    ['Bucket', bucket.name],
    ['KeyMarker', keyMarker],
    ['UploadIdMarker', uploadIdMarker],
    ['NextKeyMarker', truncated && last ? last.key : ''],
    ['NextUploadIdMarker', truncated && last ? last.uploadId : ''],
    ['Delimiter', ''],
    ['Prefix', prefix],
    ['MaxUploads', maxUploads],
    ['IsTruncated', truncated],
    ...page.map(
      (u) =>
        [
          'Upload',
          [
            ['Key', u.key],
            ['UploadId', u.uploadId],
            ['StorageClass', 'Standard'],
            ['Initiated', isoMillis(u.initiated)],
          ],
        ] as const,
    ),
  ]);
}

function listLiveChannel({ bucket, address }: OssCall): OssResponse {
  const q = address.query;
  const prefix = queryValue(q, 'prefix') ?? '';
  const marker = queryValue(q, 'marker') ?? '';
  const maxKeys = pageSize(queryValue(q, 'max-keys'), 100, 'max-keys');
  const matching = bucket.channels.filter((c) => c.name.startsWith(prefix) && c.name > marker);
  const page = matching.slice(0, maxKeys);
  const truncated = matching.length > maxKeys;
  const host = `${bucket.name}.oss-${bucket.region}.aliyuncs.com`;
  return xmlOk('ListLiveChannelResult', [
    ['Prefix', prefix],
    ['Marker', marker],
    ['MaxKeys', maxKeys],
    ['IsTruncated', truncated],
    ['NextMarker', truncated ? (page[page.length - 1]?.name ?? '') : ''],
    ...page.map(
      (c) =>
        [
          'LiveChannel',
          [
            ['Name', c.name],
            ['Description', c.description],
            ['Status', c.status],
            ['LastModified', isoMillis(c.lastModified)],
            // ali-oss listChannels() reads PublishUrls.Url and PlayUrls.Url unguarded.
            ['PublishUrls', [['Url', `rtmp://${host}/live/${c.name}`]]],
            ['PlayUrls', [['Url', `http://${host}/${c.name}/playlist.m3u8`]]],
          ],
        ] as const,
    ),
  ]);
}

// ---- deletions --------------------------------------------------------------------------

function deleteBucket({ state, bucket }: OssCall): OssResponse {
  // 409 BucketNotEmpty while objects, parts of unfinished multipart uploads or LiveChannels
  // remain (OSS "HTTP status code 409": BucketNotEmpty); a WORM policy on an empty bucket
  // goes with it (OSS AbortBucketWorm usage notes).
  const reason = bucket.whyNotEmpty();
  if (reason !== undefined)
    throw new OssApiError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty.', { BucketName: bucket.name });
  state.removeBucket(bucket.name);
  return { status: 204 };
}

function deleteObject({ world, bucket, address }: OssCall): OssResponse {
  const versionId = queryValue(address.query, 'versionId');
  refuseRetained(bucket, [{ key: address.key, versionId }], world.now());
  const outcome = bucket.deleteObject(address.key, versionId, world.now(), () => newVersionId(world));
  const headers: Record<string, string> = {};
  if (outcome.deleteMarker) headers['x-oss-delete-marker'] = 'true';
  const shownVersion = outcome.deleteMarkerVersionId ?? outcome.versionId;
  if (shownVersion !== undefined) headers['x-oss-version-id'] = shownVersion;
  return { status: 204, headers };
}

function deleteMultipleObjects({ world, bucket, headers, body }: OssCall): OssResponse {
  const md5 = headers['content-md5'];
  if (md5 === undefined || md5 === '') throw new OssApiError(400, 'MissingContentMD5', 'Missing Content-MD5 header.');
  if (createHash('md5').update(body).digest('base64') !== md5)
    throw new OssApiError(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
  const request = parseDeleteRequest(body.toString('utf8'));
  refuseRetained(bucket, request.objects, world.now());
  const outcomes = request.objects.map((o) => bucket.deleteObject(o.key, o.versionId, world.now(), () => newVersionId(world)));
  // Quiet mode answers only failures; OSS reports none per key, so the result is empty.
  return xmlOk(
    'DeleteResult',
    request.quiet
      ? []
      : outcomes.map(
          (o) =>
            [
              'Deleted',
              [
                ['Key', o.key],
                ...(o.versionId !== undefined ? ([['VersionId', o.versionId]] as const) : []),
                ...(o.deleteMarker ? ([['DeleteMarker', true]] as const) : []),
                ...(o.deleteMarkerVersionId !== undefined ? ([['DeleteMarkerVersionId', o.deleteMarkerVersionId]] as const) : []),
              ],
            ] as const,
        ),
  );
}

function abortMultipartUpload({ bucket, address }: OssCall): OssResponse {
  bucket.abortUpload(address.key, queryValue(address.query, 'uploadId') ?? '');
  return { status: 204 };
}

function deleteLiveChannel({ bucket, address }: OssCall): OssResponse {
  bucket.deleteChannel(address.key);
  return { status: 204 };
}

/**
 * Objects under retention cannot be deleted: 409 FileImmutable ("The object you specified
 * is immutable", OSS "HTTP status code 409"). The whole request is refused before anything
 * is deleted, as OSS's DeleteResult has no per-key error entries.
 */
function refuseRetained(bucket: Bucket, targets: ReadonlyArray<{ key: string; versionId?: string | undefined }>, now: number): void {
  for (const t of targets)
    if (bucket.isRetained(t.key, t.versionId, now))
      throw new OssApiError(409, 'FileImmutable', 'The object you specified is immutable.', { Key: t.key });
}

interface DeleteRequest {
  readonly quiet: boolean;
  readonly objects: ReadonlyArray<{ key: string; versionId?: string }>;
}

const MALFORMED_XML = 'The XML you provided was not well-formed or did not validate against our published schema.';

/** `<Delete><Quiet>true</Quiet><Object><Key>k</Key><VersionId>v</VersionId></Object>…</Delete>` */
export function parseDeleteRequest(xml: string): DeleteRequest {
  const root = /^\s*(?:<\?xml[^>]*\?>)?\s*<Delete>([\s\S]*)<\/Delete>\s*$/.exec(xml);
  if (!root) throw new OssApiError(400, 'MalformedXML', MALFORMED_XML);
  const inner = root[1] as string;
  const quietMatch = /<Quiet>\s*(true|false)\s*<\/Quiet>/.exec(inner);
  const objects: Array<{ key: string; versionId?: string }> = [];
  for (const m of inner.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const body = m[1] as string;
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(body);
    if (!key || key[1] === '') throw new OssApiError(400, 'MalformedXML', MALFORMED_XML);
    const version = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(body);
    objects.push({ key: unescapeXml(key[1] as string), ...(version ? { versionId: unescapeXml(version[1] as string) } : {}) });
  }
  // 1 to 1000 keys per request (OSS DeleteMultipleObjects); anything else is MalformedXML.
  if (objects.length === 0 || objects.length > DELETE_MULTIPLE_LIMIT) throw new OssApiError(400, 'MalformedXML', MALFORMED_XML);
  return { quiet: quietMatch?.[1] === 'true', objects };
}

// ---- helpers ----------------------------------------------------------------------------

function xmlOk(root: string, children: XmlChildren): OssResponse {
  return { status: 200, body: xmlDocument(root, children) };
}

function owner(state: OssState): XmlChildren {
  return [
    ['ID', state.ownerId],
    ['DisplayName', state.ownerId],
  ];
}

function objectEntry(key: string, version: ObjectVersion, who: XmlChildren | undefined): XmlChildren {
  return [
    ['Key', key],
    ['LastModified', isoMillis(version.lastModified)],
    ['ETag', version.etag],
    ['Type', version.body?.objectType ?? 'Normal'],
    ['Size', version.size],
    ['StorageClass', 'Standard'],
    ...(who ? ([['Owner', who]] as const) : []),
  ];
}

function pageSize(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new OssApiError(400, 'InvalidArgument', `Argument ${name} must be an integer between 1 and ${MAX_PAGE}.`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  return n;
}

/** Continuation tokens are opaque to clients; the sandbox's says "after this key". */
function encodeContinuationToken(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

function decodeContinuationToken(token: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token))
    throw new OssApiError(400, 'InvalidArgument', 'The continuation token provided is incorrect.', {
      ArgumentName: 'continuation-token',
      ArgumentValue: token,
    });
  return Buffer.from(token, 'base64url').toString('utf8');
}
