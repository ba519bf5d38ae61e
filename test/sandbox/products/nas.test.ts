// NAS through the generic OpenAPI call with RegionId (the SDK's requests carry no region), as the
// tool calls it; the bodies are checked against the official SDK's response models too.
import * as $Nas from '@alicloud/nas20170626';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { nasProduct } from '../../../src/sandbox/products/nas.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { resetSandbox } from '../admin-client.js';
import { assertWireKeysMatchModel } from '../sdk-model.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const V = '2017-06-26';
const HZ = 'cn-hangzhou';
const DOMAIN = '0a1b2c-m1.cn-hangzhou.nas.aliyuncs.com';

function scenario(): Record<string, unknown> {
  return demoScenario({
    ...demoVpc,
    nas: {
      fileSystems: [
        { id: '0a1b2c', region: HZ, mountTargetVSwitchIds: ['vsw-hz-web'], createdAt: '2024-03-01T00:00:00Z' },
        { id: '9z8y7x', region: 'cn-shanghai', createdAt: '2024-03-02T00:00:00Z' },
      ],
    },
  });
}

const FS = 'FileSystems.FileSystem[]';
describeConformance({
  title: 'NAS',
  product: nasProduct,
  scenario: scenario(),
  cases: [
    {
      action: 'DescribeFileSystems',
      params: { RegionId: HZ, PageNumber: '1', PageSize: '100' },
      documented: [
        'TotalCount',
        'PageNumber',
        'PageSize',
        ...[
          'FileSystemId',
          'Description',
          'Status',
          'ChargeType',
          'FileSystemType',
          'CreateTime',
          'MountTargets.MountTarget[].MountTargetDomain',
          'MountTargets.MountTarget[].VswId',
        ].map((f) => `${FS}.${f}`),
      ],
    },
    {
      action: 'DescribeMountTargets',
      params: { RegionId: HZ, FileSystemId: '0a1b2c', MountTargetDomain: DOMAIN },
      documented: [
        'TotalCount',
        'MountTargets.MountTarget[].MountTargetDomain',
        'MountTargets.MountTarget[].Status',
        'MountTargets.MountTarget[].VpcId',
      ],
    },
    { action: 'DeleteMountTarget', params: { RegionId: HZ, FileSystemId: '0a1b2c', MountTargetDomain: DOMAIN }, documented: ['RequestId'] },
    { action: 'DeleteFileSystem', params: { RegionId: 'cn-shanghai', FileSystemId: '9z8y7x' }, documented: ['RequestId'] },
  ],
});

describe('NAS sandbox', () => {
  let sb: RunningSandbox;
  let api: RawRpcClient;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: scenario(), speed: 1 });
    api = genericClient(sb);
  });
  beforeEach(async () => resetSandbox(sb));
  afterAll(async () => sb?.close());

  it('answers with the keys of the official SDK models, per region', async () => {
    const hz = await rpcBody(api, V, 'DescribeFileSystems', { RegionId: HZ });
    assertWireKeysMatchModel($Nas.DescribeFileSystemsResponseBody, hz);
    expect(hz.TotalCount).toBe(1);
    const sh = await rpcBody(api, V, 'DescribeFileSystems', { RegionId: 'cn-shanghai' });
    expect((sh.FileSystems as { FileSystem: Array<{ FileSystemId: string }> }).FileSystem.map((f) => f.FileSystemId)).toEqual(['9z8y7x']);
    const mts = await rpcBody(api, V, 'DescribeMountTargets', { RegionId: HZ, FileSystemId: '0a1b2c' });
    assertWireKeysMatchModel($Nas.DescribeMountTargetsResponseBody, mts);
  });

  it('a mount target keeps its file system and vswitch; it goes asynchronously, then the file system can', async () => {
    const delFs = () => rpcBody(api, V, 'DeleteFileSystem', { RegionId: HZ, FileSystemId: '0a1b2c' });
    expect(await refusal(delFs())).toEqual({ code: 'OperationDenied.InvalidState', statusCode: 403 });
    await rpcBody(api, V, 'DeleteMountTarget', { RegionId: HZ, FileSystemId: '0a1b2c', MountTargetDomain: DOMAIN });
    expect((await refusal(rpcBody(api, '2016-04-28', 'DeleteVSwitch', { RegionId: HZ, VSwitchId: 'vsw-hz-web' }))).code).toBe(
      'DependencyViolation',
    );
    sb.world.advance(21_000);
    expect(
      await refusal(rpcBody(api, V, 'DescribeMountTargets', { RegionId: HZ, FileSystemId: '0a1b2c', MountTargetDomain: DOMAIN })),
    ).toEqual({
      code: 'InvalidMountTarget.NotFound',
      statusCode: 404,
    });
    await delFs();
    sb.world.advance(11_000);
    expect(await refusal(delFs())).toEqual({ code: 'InvalidFileSystem.NotFound', statusCode: 404 });
  });
});
