// CEN (documented fields), KMS (documented fields of the current model) and CDN (through its
// official SDK) against a running sandbox.
import Cdn, * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { cbnProduct } from '../../../src/sandbox/products/cbn.js';
import { cdnProduct } from '../../../src/sandbox/products/cdn.js';
import { kmsProduct } from '../../../src/sandbox/products/kms.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, sdkClass, sdkConfig, type RawRpcClient } from './sandbox-rpc.js';

const HZ = 'cn-hangzhou';
const scenario = (): Record<string, unknown> => ({
  ...demoScenario(),
  ...demoVpc,
  cen: {
    instances: [
      {
        id: 'cen-1',
        name: 'backbone',
        attachments: [
          { id: 'vpc-hz-main', region: HZ },
          { id: 'vbr-1', type: 'VBR', region: HZ },
        ],
      },
      { id: 'cen-empty' },
    ],
  },
  kms: {
    keys: [
      { id: 'key-1', region: HZ, tags: { keep: 'true' } },
      { id: 'key-protected', region: HZ, deletionProtection: true },
    ],
  },
  cdn: {
    domains: [
      { name: 'static.example.com', tags: { keep: 'true' } },
      { name: 'img.example.com', status: 'offline' },
    ],
  },
});

describeConformance({
  title: 'CEN',
  product: cbnProduct,
  scenario: scenario(),
  cases: [
    {
      action: 'DescribeCens',
      params: { PageSize: '50' },
      documented: ['Cens.Cen[].CenId', 'Cens.Cen[].Status', 'Cens.Cen[].CenBandwidthPackageIds', 'TotalCount'],
    },
    {
      action: 'DescribeCenAttachedChildInstances',
      params: { CenId: 'cen-1', ChildInstanceRegionId: HZ, PageSize: '50' },
      documented: [
        'ChildInstances.ChildInstance[].ChildInstanceId',
        'ChildInstances.ChildInstance[].ChildInstanceType',
        'ChildInstances.ChildInstance[].Status',
        'TotalCount',
      ],
    },
    {
      action: 'DetachCenChildInstance',
      params: { CenId: 'cen-1', ChildInstanceId: 'vpc-hz-main', ChildInstanceType: 'VPC', ChildInstanceRegionId: HZ },
      documented: ['RequestId'],
    },
    { action: 'DeleteCen', params: { CenId: 'cen-empty' }, documented: ['RequestId'] },
  ],
});

describeConformance({
  title: 'KMS',
  product: kmsProduct,
  scenario: scenario(),
  cases: [
    { action: 'ListKeys', params: { RegionId: HZ, PageSize: '100' }, documented: ['Keys.Key[].KeyId', 'Keys.Key[].KeyArn', 'TotalCount'] },
    {
      action: 'DescribeKey',
      params: { RegionId: HZ, KeyId: 'key-1' },
      documented: ['KeyMetadata.KeyId', 'KeyMetadata.Arn', 'KeyMetadata.KeyState', 'KeyMetadata.Creator', 'KeyMetadata.DeletionProtection'],
    },
    {
      action: 'ListResourceTags',
      params: { RegionId: HZ, KeyId: 'key-1' },
      documented: ['Tags.Tag[].KeyId', 'Tags.Tag[].TagKey', 'Tags.Tag[].TagValue'],
    },
    {
      action: 'SetDeletionProtection',
      params: {
        RegionId: HZ,
        ProtectedResourceArn: 'acs:kms:cn-hangzhou:1234567890123456:key/key-protected',
        EnableDeletionProtection: 'false',
      },
      documented: ['RequestId'],
    },
    { action: 'ScheduleKeyDeletion', params: { RegionId: HZ, KeyId: 'key-1', PendingWindowInDays: '7' }, documented: ['RequestId'] },
  ],
});

describeConformance({
  title: 'CDN',
  product: cdnProduct,
  models: $Cdn,
  client: (s) => new (sdkClass<InstanceType<typeof Cdn.default>>(Cdn))(sdkConfig(s)),
  scenario: scenario(),
  cases: [
    { action: 'DescribeUserDomains', params: { PageSize: '500' } },
    { action: 'DescribeUserDomains', params: { DomainName: 'static.example.com', DomainSearchType: 'full_match' } },
    {
      action: 'DescribeTagResources',
      params: { ResourceType: 'DOMAIN', 'ResourceId.1': 'static.example.com', 'ResourceId.2': 'img.example.com' },
    },
    { action: 'DeleteCdnDomain', params: { DomainName: 'img.example.com' } },
  ],
});

describe('CEN, KMS and CDN behaviour', () => {
  let sb: RunningSandbox;
  let client: RawRpcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1 });
    client = genericClient(sb);
  });
  afterAll(async () => sb?.close());

  it('CEN: an attached VPC keeps its VPC and the CEN instance; detaching frees both', async () => {
    expect(await refusal(rpcBody(client, '2017-09-12', 'DeleteCen', { CenId: 'cen-1' }))).toEqual({
      code: 'InvalidOperation.CenInstanceStatus',
      statusCode: 400,
    });
    expect(sb.world.occupantsOf('vpc', 'vpc-hz-main').map((o) => o.kind)).toContain('CenAttachment');
    for (const [id, type] of [
      ['vpc-hz-main', 'VPC'],
      ['vbr-1', 'VBR'],
    ] as const)
      await rpcBody(client, '2017-09-12', 'DetachCenChildInstance', {
        CenId: 'cen-1',
        ChildInstanceId: id,
        ChildInstanceType: type,
        ChildInstanceRegionId: HZ,
      });
    expect(
      await refusal(
        rpcBody(client, '2017-09-12', 'DetachCenChildInstance', {
          CenId: 'cen-1',
          ChildInstanceId: 'vpc-hz-main',
          ChildInstanceType: 'VPC',
          ChildInstanceRegionId: HZ,
        }),
      ),
    ).toEqual({
      code: 'Operation.Blocking',
      statusCode: 400,
    });
    sb.world.advance(60_000);
    expect(sb.world.occupantsOf('vpc', 'vpc-hz-main').map((o) => o.kind)).not.toContain('CenAttachment');
    await rpcBody(client, '2017-09-12', 'DeleteCen', { CenId: 'cen-1' });
    sb.world.advance(60_000);
    expect(await refusal(rpcBody(client, '2017-09-12', 'DeleteCen', { CenId: 'cen-1' }))).toEqual({
      code: 'ParameterCenInstanceId',
      statusCode: 400,
    });
  });

  it('KMS: a protected key refuses; a scheduled key is PendingDeletion with its DeleteDate, then gone after the window', async () => {
    expect(
      await refusal(
        rpcBody(client, '2016-01-20', 'ScheduleKeyDeletion', { RegionId: HZ, KeyId: 'key-protected', PendingWindowInDays: '7' }),
      ),
    ).toEqual({
      code: 'Forbidden.ResourceProtected',
      statusCode: 403,
    });
    expect(
      await refusal(rpcBody(client, '2016-01-20', 'ScheduleKeyDeletion', { RegionId: HZ, KeyId: 'key-1', PendingWindowInDays: '6' })),
    ).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
    const before = sb.world.now();
    await rpcBody(client, '2016-01-20', 'ScheduleKeyDeletion', { RegionId: HZ, KeyId: 'key-1', PendingWindowInDays: '7' });
    const meta = (await rpcBody(client, '2016-01-20', 'DescribeKey', { RegionId: HZ, KeyId: 'key-1' })).KeyMetadata as {
      KeyState: string;
      DeleteDate: string;
    };
    expect(meta.KeyState).toBe('PendingDeletion');
    expect(Date.parse(meta.DeleteDate) - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
    sb.world.advance(7 * 86_400_000 + 1000);
    expect(await refusal(rpcBody(client, '2016-01-20', 'DescribeKey', { RegionId: HZ, KeyId: 'key-1' }))).toEqual({
      code: 'Forbidden.KeyNotFound',
      statusCode: 404,
    });
  });

  it('CDN: a deleted domain reads deleting, then is gone; an unknown one answers InvalidDomain.NotFound', async () => {
    await rpcBody(client, '2018-05-10', 'DeleteCdnDomain', { DomainName: 'static.example.com' });
    const rows = (
      await rpcBody(client, '2018-05-10', 'DescribeUserDomains', { DomainName: 'static.example.com', DomainSearchType: 'full_match' })
    ).Domains as {
      PageData: Array<{ DomainStatus: string }>;
    };
    expect(rows.PageData.map((d) => d.DomainStatus)).toEqual(['deleting']);
    sb.world.advance(120_000);
    expect(await refusal(rpcBody(client, '2018-05-10', 'DeleteCdnDomain', { DomainName: 'static.example.com' }))).toEqual({
      code: 'InvalidDomain.NotFound',
      statusCode: 404,
    });
  });
});
