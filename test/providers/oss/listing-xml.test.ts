import { describe, expect, it } from 'vitest';
import { ListingXmlError, parseListObjectVersions, parseListObjectsV2 } from '../../../src/providers/oss/listing-xml.js';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const OWNER = '<Owner><ID>1234567890123456</ID><DisplayName>1234567890123456</DisplayName></Owner>';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function contents(key: string): string {
  return `<Contents><Key>${escapeXml(key)}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"5B3C1A2E053D763E1B002CC607C5A0FE"</ETag><Type>Normal</Type><Size>344606</Size><StorageClass>Standard</StorageClass>${OWNER}</Contents>`;
}

describe('ListObjectsV2 pages', () => {
  it('reads keys with entities, unicode, slashes and spaces verbatim, and the continuation', () => {
    const keys = ['a&b<c>"d\'e', 'dir//x', '日本語/😀.txt', ' lead and trail ', 'tab\there'];
    const xml = `${DECL}<ListBucketResult><Name>b</Name><Prefix></Prefix><StartAfter>a&amp;</StartAfter><MaxKeys>1000</MaxKeys><Delimiter></Delimiter><IsTruncated>true</IsTruncated><NextContinuationToken>CgJiYw--</NextContinuationToken><KeyCount>5</KeyCount>${keys.map(contents).join('\n')}</ListBucketResult>`;
    expect(parseListObjectsV2(xml)).toEqual({ keys, isTruncated: true, nextContinuationToken: 'CgJiYw--' });
  });

  it('decodes numeric character references and CDATA', () => {
    const xml = `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a&#13;b&#x1F600;</Key></Contents><Contents><Key><![CDATA[x&amp;<y>]]></Key></Contents></ListBucketResult>`;
    expect(parseListObjectsV2(xml).keys).toEqual(['a\rb😀', 'x&amp;<y>']);
  });

  it("keeps a key's text around comments and CDATA, and reads tags whose quoted attributes hold '>'", () => {
    const xml = `${DECL}<!-- before --><ListBucketResult xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com" note='a>b'>
  <IsTruncated>false</IsTruncated>
  <Contents><Key>a<!-- c -->b<?pi x?><![CDATA[&c]]>d&amp;e</Key><ETag>&quot;5B3C&quot;</ETag></Contents>
  <Contents ><Key >f</Key ></Contents >
</ListBucketResult>\n<!-- after -->`;
    expect(parseListObjectsV2(xml)).toEqual({ keys: ['ab&cd&e', 'f'], isTruncated: false });
  });

  it('reads only the elements emptying needs: an odd entity in an ETag does not stop the page', () => {
    const xml = `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key><ETag>&weird;</ETag></Contents></ListBucketResult>`;
    expect(parseListObjectsV2(xml).keys).toEqual(['k']);
  });

  it('reads an empty last page', () => {
    expect(
      parseListObjectsV2(
        `${DECL}<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>`,
      ),
    ).toEqual({
      keys: [],
      isTruncated: false,
    });
  });

  it.each([
    ['an error document', '<Error><Code>AccessDenied</Code></Error>', 'expected <ListBucketResult>, got <Error>'],
    ['a missing IsTruncated', '<ListBucketResult><Contents><Key>a</Key></Contents></ListBucketResult>', 'IsTruncated is missing'],
    ['a bad IsTruncated', '<ListBucketResult><IsTruncated>yes</IsTruncated></ListBucketResult>', "IsTruncated is 'yes'"],
    [
      'a truncated page without token',
      '<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>',
      'without NextContinuationToken',
    ],
    ['a cut-off body', '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key>', 'not closed'],
    ['crossed elements', '<ListBucketResult><Contents><Key>a</Contents></Key></ListBucketResult>', '</Contents> closes <Key>'],
    [
      'text beside elements',
      '<ListBucketResult><IsTruncated>false</IsTruncated><Contents>x<Key>a</Key></Contents></ListBucketResult>',
      '<Contents> mixes text and elements',
    ],
    ['text after the root', '<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>x', 'text outside the root element'],
    ['a second root', '<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult><ListBucketResult/>', 'more than one root'],
    [
      'an entry without Key',
      '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Size>1</Size></Contents></ListBucketResult>',
      'without Key',
    ],
    [
      'an unknown entity',
      '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>&nbsp;</Key></Contents></ListBucketResult>',
      'unknown entity',
    ],
    [
      'a bare ampersand',
      '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a & b</Key></Contents></ListBucketResult>',
      'unterminated entity',
    ],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e "k">]><ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>', 'DOCTYPE'],
    [
      'URL-encoded keys',
      '<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated></ListBucketResult>',
      'EncodingType',
    ],
    [
      'grouped keys',
      '<ListBucketResult><IsTruncated>false</IsTruncated><CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes></ListBucketResult>',
      'CommonPrefixes',
    ],
    ['an empty body', '', 'no <ListBucketResult>'],
  ])('refuses %s rather than reading it as fewer keys', (_what, xml, message) => {
    expect(() => parseListObjectsV2(xml)).toThrow(ListingXmlError);
    expect(() => parseListObjectsV2(xml)).toThrow(message);
  });
});

describe('ListObjectVersions pages', () => {
  it('reads every version and delete marker with its version id, and both markers', () => {
    const xml = `${DECL}<ListVersionsResult><Name>b</Name><Prefix/><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><Delimiter></Delimiter><IsTruncated>true</IsTruncated><NextKeyMarker>x&amp;y</NextKeyMarker><NextVersionIdMarker>CAEQ</NextVersionIdMarker>
<DeleteMarker><Key>a&lt;1</Key><VersionId>CAEQMxiBgMDNoP2D0BYiIDE3MWUxNzgxZDQxNTRiODI5OGYwZGMwNGY3MzZjNDVk</VersionId><IsLatest>true</IsLatest><LastModified>2019-04-09T07:27:28.000Z</LastModified>${OWNER}</DeleteMarker>
<Version><Key>a&lt;1</Key><VersionId>CAEQMxiBgICAof2D0BYiIDJhMGE3N2M1YTI1NDQzOGY5NTkyNTI3MGYyMzJmZjcz</VersionId><IsLatest>false</IsLatest><LastModified>2019-04-09T07:27:28.000Z</LastModified><ETag>"250F8A0AE989679A22926A875F0A2****"</ETag><Type>Normal</Type><Size>93731</Size><StorageClass>Standard</StorageClass>${OWNER}</Version>
<Version><Key>x&amp;y</Key><VersionId>null</VersionId><IsLatest>true</IsLatest></Version></ListVersionsResult>`;
    expect(parseListObjectVersions(xml)).toEqual({
      entries: [
        { key: 'a<1', versionId: 'CAEQMxiBgMDNoP2D0BYiIDE3MWUxNzgxZDQxNTRiODI5OGYwZGMwNGY3MzZjNDVk' },
        { key: 'a<1', versionId: 'CAEQMxiBgICAof2D0BYiIDJhMGE3N2M1YTI1NDQzOGY5NTkyNTI3MGYyMzJmZjcz' },
        { key: 'x&y', versionId: 'null' },
      ],
      isTruncated: true,
      nextKeyMarker: 'x&y',
      nextVersionIdMarker: 'CAEQ',
    });
  });

  it('refuses an entry without version id and a truncated page without key marker', () => {
    expect(() =>
      parseListObjectVersions('<ListVersionsResult><IsTruncated>false</IsTruncated><Version><Key>a</Key></Version></ListVersionsResult>'),
    ).toThrow('without Key or VersionId');
    expect(() => parseListObjectVersions('<ListVersionsResult><IsTruncated>true</IsTruncated></ListVersionsResult>')).toThrow(
      'without NextKeyMarker',
    );
    expect(() => parseListObjectVersions('<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>')).toThrow(
      'expected <ListVersionsResult>',
    );
  });
});
