import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudApiError } from '../../../src/cloud/errors.js';
import type { Resource } from '../../../src/providers/contract.js';
import { emptyingProgress, ossBucket } from '../../../src/providers/oss/bucket.js';
import { collect, providerHarness } from '../harness.js';

afterEach(() => nock.cleanAll());

const XML = { 'content-type': 'application/xml' };
const OWNER = '<Owner><ID>1234567890123456</ID><DisplayName>1234567890123456</DisplayName></Owner>';
const bucketHost = (name: string) => `http://${name}.cloud.test`;

function bucketXml(name: string, location: string): string {
  return `<Bucket><CreationDate>2024-01-02T03:04:05.000Z</CreationDate><Location>${location}</Location><Name>${name}</Name><Region>${location.slice(4)}</Region><StorageClass>Standard</StorageClass></Bucket>`;
}
function listBucketsXml(buckets: string[], next?: string): string {
  const trunc = next ? `<IsTruncated>true</IsTruncated><NextMarker>${next}</NextMarker>` : '<IsTruncated>false</IsTruncated>';
  return `<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult>${OWNER}${trunc}<Buckets>${buckets.join('')}</Buckets></ListAllMyBucketsResult>`;
}
function ossError(code: string, bucket: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>5C3D9175B6FC201293AD****</RequestId><HostId>${bucket}.oss-cn-hangzhou.aliyuncs.com</HostId><BucketName>${bucket}</BucketName><EC>0015-00000101</EC></Error>`;
}
const has = (key: string) => (q: Record<string, unknown>) => key in q;

/** Stat, versioning and WORM replies for one bucket, as GetBucketStat/GetBucketVersioning/GetBucketWorm send them. */
function describeReplies(
  name: string,
  opts: {
    objects?: number;
    uploads?: number;
    channels?: number;
    versioning?: string;
    worm?: { state: string; days: number };
    /** GetBucketTags: the tags, or an OSS error code (AccessDenied). Default: no tags. */
    tags?: Record<string, string> | { error: string };
  },
) {
  const scope = nock(bucketHost(name))
    .get('/')
    .query(has('stat'))
    .reply(
      200,
      `<?xml version="1.0" encoding="UTF-8"?><BucketStat><Storage>1600</Storage><ObjectCount>${opts.objects ?? 0}</ObjectCount><MultipartUploadCount>${opts.uploads ?? 0}</MultipartUploadCount><LiveChannelCount>${opts.channels ?? 0}</LiveChannelCount><LastModifiedTime>1767225600</LastModifiedTime></BucketStat>`,
      XML,
    )
    .get('/')
    .query(has('versioning'))
    .reply(
      200,
      opts.versioning
        ? `<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration><Status>${opts.versioning}</Status></VersioningConfiguration>`
        : '<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration/>',
      XML,
    );
  if (opts.worm)
    scope
      .get('/')
      .query(has('worm'))
      .reply(
        200,
        `<?xml version="1.0" encoding="UTF-8"?><WormConfiguration><WormId>1666E2CFB2B3418</WormId><State>${opts.worm.state}</State><RetentionPeriodInDays>${opts.worm.days}</RetentionPeriodInDays><CreationDate>2025-10-15T15:50:32</CreationDate></WormConfiguration>`,
        XML,
      );
  else scope.get('/').query(has('worm')).reply(404, ossError('NoSuchWORMConfiguration', name), XML);
  const tags = opts.tags ?? {};
  if ('error' in tags && typeof tags.error === 'string') scope.get('/').query(has('tagging')).reply(403, ossError(tags.error, name), XML);
  else {
    const set = Object.entries(tags)
      .map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`)
      .join('');
    // GetBucketTags docs: an empty Tagging element when the bucket has no tags.
    scope
      .get('/')
      .query(has('tagging'))
      .reply(200, `<?xml version="1.0" encoding="UTF-8"?>${set ? `<Tagging><TagSet>${set}</TagSet></Tagging>` : '<Tagging/>'}`, XML);
  }
  return scope;
}

function bucket(name: string, props: Partial<Resource['properties']> = {}): Resource {
  return {
    type: 'oss.bucket',
    region: 'cn-hangzhou',
    id: name,
    name,
    properties: {
      objectCount: 0,
      multipartUploadCount: 0,
      liveChannelCount: 0,
      versioning: null,
      wormState: null,
      wormRetentionDays: null,
      lastModifiedTime: '2026-01-01T00:00:00.000Z',
      ...props,
    },
  };
}

describe('oss.bucket list', () => {
  it('pages ListBuckets with marker, takes the region from Location and reads stat, versioning and WORM', async () => {
    const h = providerHarness();
    const listing = nock(h.host)
      .get('/')
      .query((q) => q['max-keys'] === '1000' && q.marker === undefined)
      .reply(200, listBucketsXml([bucketXml('demo-assets', 'oss-cn-hangzhou')], 'demo-assets'), XML)
      .get('/')
      .query((q) => q['max-keys'] === '1000' && q.marker === 'demo-assets')
      .reply(200, listBucketsXml([bucketXml('demo-compliance', 'oss-ap-southeast-1')]), XML);
    const a = describeReplies('demo-assets', {
      objects: 2500,
      uploads: 2,
      channels: 1,
      versioning: 'Enabled',
      worm: { state: 'InProgress', days: 1 },
      tags: { keep: 'true', team: 'web' },
    });
    const c = describeReplies('demo-compliance', { objects: 5, worm: { state: 'Locked', days: 3650 } });

    const found = await collect(ossBucket.list(h.scanContext('global')));

    expect(found.map((r) => `${r.type}/${r.region}/${r.id}`)).toEqual([
      'oss.bucket/cn-hangzhou/demo-assets',
      'oss.bucket/ap-southeast-1/demo-compliance',
    ]);
    expect(found[0]?.createdAt).toBe('2024-01-02T03:04:05.000Z');
    expect(found[0]?.properties).toMatchObject({
      objectCount: 2500,
      storageBytes: 1600,
      multipartUploadCount: 2,
      liveChannelCount: 1,
      versioning: 'Enabled',
      wormState: 'InProgress',
      lastModifiedTime: '2026-01-01T00:00:00.000Z',
    });
    expect(found[1]?.properties).toMatchObject({ objectCount: 5, versioning: null, wormState: 'Locked', wormRetentionDays: 3650 });
    // Tags come from GetBucketTags (ListBuckets has none); an empty Tagging is no tags.
    expect(found.map((r) => [r.tags, r.tagsUnreadable])).toEqual([
      [{ keep: 'true', team: 'web' }, undefined],
      [undefined, undefined],
    ]);
    expect(h.calls.every((c) => !c.mutating)).toBe(true);
    expect(listing.isDone() && a.isDone() && c.isDone()).toBe(true);
  });

  it('treats a missing WORM configuration as none', async () => {
    const h = providerHarness({ mode: 'read-only' });
    const listing = nock(h.host)
      .get('/')
      .query(true)
      .reply(200, listBucketsXml([bucketXml('demo-uploads', 'oss-cn-hangzhou')]), XML);
    const d = describeReplies('demo-uploads', { objects: 3 });
    const [found] = await collect(ossBucket.list(h.scanContext('global')));
    expect(found?.properties.wormState).toBeNull();
    expect(ossBucket.steps(found!, h).map((s) => s.action)).toEqual(['empty', 'delete']);
    expect(listing.isDone() && d.isDone()).toBe(true);
  });
});

describe('oss.bucket tags', () => {
  it("reads each bucket's tags with GetBucketTags; a denied read marks them unreadable, not absent", async () => {
    const h = providerHarness({ mode: 'read-only' });
    const listing = nock(h.host)
      .get('/')
      .query(true)
      .reply(200, listBucketsXml([bucketXml('demo-assets', 'oss-cn-hangzhou'), bucketXml('demo-private', 'oss-cn-hangzhou')]), XML);
    const a = describeReplies('demo-assets', { tags: { keep: 'true' } });
    const p = describeReplies('demo-private', { tags: { error: 'AccessDenied' } });
    const found = await collect(ossBucket.list(h.scanContext('global')));
    expect(found.map((r) => [r.id, r.tags, r.tagsUnreadable])).toEqual([
      ['demo-assets', { keep: 'true' }, undefined],
      ['demo-private', undefined, 'AccessDenied: AccessDenied'],
    ]);
    expect(listing.isDone() && a.isDone() && p.isDone()).toBe(true);
  });
});

describe('oss.bucket steps', () => {
  const h = providerHarness();
  it('aborts an unlocked WORM policy first', () => {
    expect(ossBucket.steps(bucket('bbb', { wormState: 'InProgress', wormRetentionDays: 1 }), h).map((s) => s.action)).toEqual([
      'abort-worm',
      'empty',
      'delete',
    ]);
  });
  it('blocks a bucket under a locked WORM policy with the retention end date and the way out', () => {
    const steps = ossBucket.steps(bucket('demo-compliance', { wormState: 'Locked', wormRetentionDays: 36500, objectCount: 5 }), h);
    const blocked = steps.find((s) => s.blocked);
    expect(blocked?.blocked).toContain('until 2125-12-08');
    expect(blocked?.blocked).toContain('run the teardown again, or keep the bucket');
  });
  it('empties a locked bucket whose newest object is past its retention', () => {
    const r = bucket('demo-old-compliance', { wormState: 'Locked', wormRetentionDays: 1, lastModifiedTime: '2020-01-01T00:00:00.000Z' });
    const steps = ossBucket.steps(r, h);
    expect(steps.map((s) => s.action)).toEqual(['empty', 'delete']);
    expect(steps.some((s) => s.blocked)).toBe(false);
  });
  it('decides "still retained" against the planning time, not the wall clock', () => {
    const r = bucket('demo-compliance-2027', { wormState: 'Locked', wormRetentionDays: 365, lastModifiedTime: '2026-06-01T00:00:00.000Z' });
    const before = providerHarness({ now: new Date('2027-05-31T00:00:00Z') });
    const after = providerHarness({ now: new Date('2027-06-02T00:00:00Z') });
    expect(ossBucket.steps(r, before).find((s) => s.blocked)?.blocked).toContain('until 2027-06-01');
    expect(ossBucket.steps(r, after).some((s) => s.blocked)).toBe(false);
  });
  it('describes what emptying removes', () => {
    const [empty] = ossBucket.steps(
      bucket('bbb', { objectCount: 2500, multipartUploadCount: 2, liveChannelCount: 1, versioning: 'Enabled' }),
      h,
    );
    expect(empty?.description).toBe('empty: 2500 objects (every version and delete marker), 2 multipart uploads, 1 live channels');
  });
});

describe('emptying progress', () => {
  it('never says "15 of 13 objects": versions are counted apart, and a grown bucket says so', () => {
    expect(emptyingProgress('logs', 10, 13, false)).toBe('emptying bucket logs: 10 of 13 objects deleted');
    expect(emptyingProgress('logs', 15, 13, false)).toBe('emptying bucket logs: 15 objects deleted (13 when planned)');
    expect(emptyingProgress('logs', 15, 13, true)).toBe('emptying bucket logs: 15 object versions and delete markers deleted');
    expect(emptyingProgress('logs', 1, 13, true)).toBe('emptying bucket logs: 1 object version or delete marker deleted');
  });
});

describe('oss.bucket run', () => {
  it('empties a plain bucket: each listed page goes to one quiet DeleteMultipleObjects, no probes for a small bucket', async () => {
    const h = providerHarness();
    const deletedBodies: string[] = [];
    const keys = (from: number, n: number) => Array.from({ length: n }, (_, i) => `obj-${from + i}`);
    const contents = (ks: string[]) => ks.map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`).join('');
    const host = nock(bucketHost('demo-assets'));
    host
      .get('/')
      .query(has('versioning'))
      .reply(200, '<?xml version="1.0" encoding="UTF-8"?><VersioningConfiguration/>', XML)
      .get('/')
      .query((q) => q['list-type'] === '2' && q['max-keys'] === '1000' && q['continuation-token'] === undefined)
      .reply(
        200,
        `<ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>tok-2</NextContinuationToken>${contents(keys(0, 1000))}</ListBucketResult>`,
        XML,
      )
      .post('/')
      .query(has('delete'))
      .reply(200, (_uri, body) => {
        deletedBodies.push(String(body));
        return '<DeleteResult></DeleteResult>';
      })
      .get('/')
      .query((q) => q['list-type'] === '2' && q['continuation-token'] === 'tok-2')
      .reply(200, `<ListBucketResult><IsTruncated>false</IsTruncated>${contents(keys(1000, 3))}</ListBucketResult>`, XML)
      .post('/')
      .query(has('delete'))
      .reply(200, (_uri, body) => {
        deletedBodies.push(String(body));
        return '<DeleteResult></DeleteResult>';
      })
      .get('/')
      .query((q) => 'uploads' in q && q['max-uploads'] === '1000')
      .reply(200, '<ListMultipartUploadsResult><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>', XML)
      .get('/')
      .query((q) => 'live' in q)
      .reply(200, '<ListLiveChannelResult><IsTruncated>false</IsTruncated></ListLiveChannelResult>', XML);

    const r = bucket('demo-assets', { objectCount: 1003 });
    await ossBucket.run({ action: 'empty', description: '' }, r, h.stepContext());

    expect(deletedBodies).toHaveLength(2);
    expect(deletedBodies[0]).toContain('<Quiet>true</Quiet>');
    expect(deletedBodies[0]!.match(/<Object>/g)).toHaveLength(1000);
    expect(deletedBodies[1]).toContain('<Key>obj-1002</Key>');
    expect(h.progress).toContain('emptying bucket demo-assets: 1000 of 1003 objects deleted');
    expect(h.progress).toContain('emptying bucket demo-assets: 1003 of 1003 objects deleted');
    expect(host.isDone()).toBe(true);
  });

  it('deletes every version and delete marker of a versioned bucket, sweeps once from the start, then uploads and live channels', async () => {
    const h = providerHarness();
    const deletedBodies: string[] = [];
    const version = (k: string, v: string) =>
      `<Version><Key>${k}</Key><VersionId>${v}</VersionId><IsLatest>false</IsLatest><LastModified>2026-01-01T00:00:00.000Z</LastModified><Size>1</Size>${OWNER}</Version>`;
    const marker = (k: string, v: string) =>
      `<DeleteMarker><Key>${k}</Key><VersionId>${v}</VersionId><IsLatest>true</IsLatest><LastModified>2026-01-01T00:00:00.000Z</LastModified>${OWNER}</DeleteMarker>`;
    const host = nock(bucketHost('demo-logs'));
    host
      .get('/')
      .query(has('versioning'))
      .reply(200, '<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>', XML)
      .get('/')
      .query((q) => 'versions' in q && q['max-keys'] === '1000' && q['key-marker'] === undefined)
      .reply(
        200,
        `<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>a.log</NextKeyMarker><NextVersionIdMarker>v2</NextVersionIdMarker>${version('a.log', 'v1')}${marker('a.log', 'v2')}</ListVersionsResult>`,
        XML,
      )
      .get('/')
      .query((q) => 'versions' in q && q['key-marker'] === 'a.log' && q['version-id-marker'] === 'v2')
      .reply(200, `<ListVersionsResult><IsTruncated>false</IsTruncated>${version('b.log', 'v7')}</ListVersionsResult>`, XML)
      // The closing sweep: a listing from the start that finds nothing left.
      .get('/')
      .query((q) => 'versions' in q && q['max-keys'] === '1000' && q['key-marker'] === undefined)
      .reply(200, '<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>', XML)
      .post('/')
      .query(has('delete'))
      .reply(200, (_uri, body) => {
        deletedBodies.push(String(body));
        return '<DeleteResult/>';
      })
      .get('/')
      .query((q) => 'uploads' in q)
      .reply(
        200,
        '<ListMultipartUploadsResult><IsTruncated>false</IsTruncated><Upload><Key>big.bin</Key><UploadId>UP1</UploadId><Initiated>2026-01-01T00:00:00.000Z</Initiated></Upload></ListMultipartUploadsResult>',
        XML,
      )
      .delete('/big.bin')
      .query({ uploadId: 'UP1' })
      .reply(204)
      .get('/')
      .query((q) => 'live' in q)
      .reply(
        200,
        '<ListLiveChannelResult><IsTruncated>false</IsTruncated><LiveChannel><Name>cam1</Name><PublishUrls><Url>rtmp://x/live/cam1</Url></PublishUrls><PlayUrls><Url>http://x/cam1.m3u8</Url></PlayUrls></LiveChannel></ListLiveChannelResult>',
        XML,
      )
      .delete('/cam1')
      .query(has('live'))
      .reply(204);

    await ossBucket.run(
      { action: 'empty', description: '' },
      bucket('demo-logs', { objectCount: 3, versioning: 'Enabled' }),
      h.stepContext(),
    );

    // The first page ends inside a.log (the next one resumes after its version v2): a.log's
    // versions wait for that page, so v2 still exists when it is named as the marker.
    expect(deletedBodies).toHaveLength(1);
    expect(deletedBodies[0]).toMatch(/<Key>a\.log<\/Key><VersionId>v1<\/VersionId>/);
    expect(deletedBodies[0]).toMatch(/<Key>a\.log<\/Key><VersionId>v2<\/VersionId>/);
    expect(deletedBodies[0]).toMatch(/<Key>b\.log<\/Key><VersionId>v7<\/VersionId>/);
    expect(host.isDone()).toBe(true);
  });

  it('treats an already aborted WORM policy as nothing to do', async () => {
    const h = providerHarness();
    const host = nock(bucketHost('demo-worm-pending'))
      .delete('/')
      .query(has('worm'))
      .reply(404, ossError('NoSuchWORMConfiguration', 'demo-worm-pending'), XML);
    await ossBucket.run({ action: 'abort-worm', description: '' }, bucket('demo-worm-pending'), h.stepContext());
    expect(host.isDone()).toBe(true);
  });

  it('aborts the WORM policy and deletes the bucket', async () => {
    const h = providerHarness();
    const host = nock(bucketHost('demo-worm-pending')).delete('/').query(has('worm')).reply(204).delete('/').query(true).reply(204);
    const r = bucket('demo-worm-pending', { wormState: 'InProgress' });
    await ossBucket.run({ action: 'abort-worm', description: '' }, r, h.stepContext());
    await ossBucket.run({ action: 'delete', description: '' }, r, h.stepContext());
    expect(h.calls.map((c) => c.action)).toEqual(['abortBucketWorm', 'deleteBucket']);
    expect(host.isDone()).toBe(true);
  });

  it('surfaces BucketNotEmpty as a dependency error and WORMConfigurationLocked as permanent', async () => {
    const h = providerHarness();
    const host = nock(bucketHost('demo-compliance'))
      .delete('/')
      .query(has('worm'))
      .reply(409, ossError('WORMConfigurationLocked', 'demo-compliance'), XML)
      .delete('/')
      .query(true)
      .reply(409, ossError('BucketNotEmpty', 'demo-compliance'), XML);
    const r = bucket('demo-compliance');
    const worm = await ossBucket.run({ action: 'abort-worm', description: '' }, r, h.stepContext()).catch((e: unknown) => e);
    expect(worm).toBeInstanceOf(CloudApiError);
    expect(worm).toMatchObject({ code: 'WORMConfigurationLocked', kind: 'permanent', statusCode: 409 });
    const del = await ossBucket.run({ action: 'delete', description: '' }, r, h.stepContext()).catch((e: unknown) => e);
    expect(del).toMatchObject({ code: 'BucketNotEmpty', kind: 'dependency', statusCode: 409, service: 'oss', action: 'deleteBucket' });
    expect(ossBucket.hints?.BucketNotEmpty).toBeDefined();
    expect(host.isDone()).toBe(true);
  });

  it('counts a bucket already gone as gone', async () => {
    const h = providerHarness();
    const host = nock(bucketHost('demo-assets')).delete('/').query(true).reply(404, ossError('NoSuchBucket', 'demo-assets'), XML);
    const err = await ossBucket.run({ action: 'delete', description: '' }, bucket('demo-assets'), h.stepContext()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NoSuchBucket', kind: 'gone' });
    expect(host.isDone()).toBe(true);
  });

  it('refuses an unknown step', async () => {
    const h = providerHarness();
    await expect(ossBucket.run({ action: 'explode', description: '' }, bucket('bbb'), h.stepContext())).rejects.toThrow(
      /unknown step explode/,
    );
  });
});

describe('oss.bucket read', () => {
  it('re-reads a bucket by name prefix', async () => {
    const h = providerHarness();
    const listing = nock(h.host)
      .get('/')
      .query((q) => q.prefix === 'demo-assets')
      .reply(200, listBucketsXml([bucketXml('demo-assets', 'oss-cn-hangzhou'), bucketXml('demo-assets-2', 'oss-cn-hangzhou')]), XML);
    const d = describeReplies('demo-assets', { objects: 7 });
    const again = await ossBucket.read(bucket('demo-assets'), h.scanContext());
    expect(again?.properties.objectCount).toBe(7);
    expect(listing.isDone() && d.isDone()).toBe(true);
  });

  it('returns undefined when the bucket is gone', async () => {
    const h = providerHarness();
    const listing = nock(h.host)
      .get('/')
      .query((q) => q.prefix === 'demo-assets')
      .reply(200, listBucketsXml([]), XML);
    expect(await ossBucket.read(bucket('demo-assets'), h.scanContext())).toBeUndefined();
    expect(listing.isDone()).toBe(true);
  });
});
