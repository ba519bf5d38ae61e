// ECS through the official SDK against a running sandbox: each response parses into its
// model with no unknown keys, each precondition reaches the tool with its real code and
// status, pagination walks several pages, and asynchronous states progress on the clock.
import Ecs, * as $Ecs from '@alicloud/ecs20140526';
import * as $Vpc from '@alicloud/vpc20160428';
import Vpc from '@alicloud/vpc20160428';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import demoAccount from '../../../src/sandbox/scenarios/demo/account.js';
import demoEcs from '../../../src/sandbox/scenarios/demo/ecs.js';
import demoRam from '../../../src/sandbox/scenarios/demo/ram.js';
import demoVpc from '../../../src/sandbox/scenarios/demo/vpc.js';
import { ecsProduct } from '../../../src/sandbox/products/ecs.js';
import { describeConformance } from './conformance.js';
import { demoScenario, refusal, sdkClass, sdkConfig } from './sandbox-rpc.js';

type EcsClient = InstanceType<typeof Ecs.default>;
type VpcClient = InstanceType<typeof Vpc.default>;
const HZ = 'cn-hangzhou';

let sb: RunningSandbox;
let ecs: EcsClient;
let vpc: VpcClient;

async function start(scenario: Record<string, unknown>): Promise<void> {
  sb = await startSandbox({ scenario, speed: 1 });
  ecs = new (sdkClass<EcsClient>(Ecs))(sdkConfig(sb));
  vpc = new (sdkClass<VpcClient>(Vpc))(sdkConfig(sb));
}

const demo = (): Record<string, unknown> => ({ ...demoAccount, ...demoRam, ...demoVpc, ...demoEcs });

async function instanceIds(region = HZ): Promise<string[]> {
  const r = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: region, maxResults: 100 }));
  return (r.body?.instances?.instance ?? []).map((i) => i.instanceId ?? '').sort();
}

async function disk(id: string): Promise<$Ecs.DescribeDisksResponseBodyDisksDisk | undefined> {
  const r = await ecs.describeDisks(new $Ecs.DescribeDisksRequest({ regionId: HZ, diskIds: JSON.stringify([id]) }));
  return r.body?.disks?.disk?.[0];
}

afterEach(async () => sb?.close());

const SH = 'cn-shanghai';
const SG = 'ap-southeast-1';

/** The demo compute plus a launch template, a deployment set holding i-hz-worker and a snapshot policy on d-hz-data1. */
const withExtras = (): Record<string, unknown> => ({
  ...demoScenario(),
  ...demoVpc,
  ecs: {
    ...demoEcs.ecs,
    launchTemplates: [{ id: 'lt-hz-web', region: HZ, name: 'web', versions: 3 }],
    deploymentSets: [
      { id: 'ds-hz-spread', region: HZ, name: 'spread', instanceIds: ['i-hz-worker'] },
      { id: 'ds-hz-empty', region: HZ, name: 'empty' },
    ],
    autoSnapshotPolicies: [{ id: 'sp-hz-daily', region: HZ, name: 'daily', diskIds: ['d-hz-data1', 'd-hz-spare'] }],
  },
});

describeConformance({
  title: 'ECS',
  product: ecsProduct,
  scenario: withExtras(),
  models: $Ecs,
  client: (s) => new (sdkClass<EcsClient>(Ecs))(sdkConfig(s)),
  cases: [
    { action: 'DescribeRegions', params: {} },
    { action: 'DescribeInstances', params: { RegionId: HZ } },
    { action: 'DescribeInstances', params: { RegionId: HZ, MaxResults: '10', InstanceIds: '["i-hz-web1","i-hz-worker"]' } },
    { action: 'DeleteInstance', params: { InstanceId: 'i-hz-worker', Force: 'true' } },
    { action: 'DeleteInstances', params: { RegionId: SH, 'InstanceId.1': 'i-sh-app', Force: 'true' } },
    {
      action: 'ModifyInstanceChargeType',
      params: { RegionId: HZ, InstanceIds: '["i-hz-web2"]', InstanceChargeType: 'PostPaid', AutoPay: 'true', IncludeDataDisks: 'true' },
    },
    { action: 'ModifyInstanceAttribute', params: { InstanceId: 'i-hz-web1', DeletionProtection: 'false' } },
    { action: 'StopInstance', params: { InstanceId: 'i-sg-api' } },
    { action: 'DescribeDisks', params: { RegionId: HZ } },
    { action: 'DetachDisk', params: { DiskId: 'd-hz-data1', InstanceId: 'i-hz-web1' } },
    { action: 'DeleteDisk', params: { DiskId: 'd-hz-spare' } },
    { action: 'DescribeSnapshots', params: { RegionId: HZ } },
    { action: 'DeleteSnapshot', params: { SnapshotId: 's-hz-daily', Force: 'true' } },
    { action: 'DescribeImages', params: { RegionId: HZ, ImageOwnerAlias: 'self' } },
    { action: 'DescribeImageSharePermission', params: { RegionId: HZ, ImageId: 'm-hz-golden' } },
    { action: 'ModifyImageSharePermission', params: { RegionId: HZ, ImageId: 'm-hz-golden', 'RemoveAccount.1': '9876543210987654' } },
    {
      action: 'DeleteImage',
      params: { RegionId: HZ, ImageId: 'm-hz-golden', Force: 'true' },
      setup: [['ModifyImageSharePermission', { RegionId: HZ, ImageId: 'm-hz-golden', 'RemoveAccount.1': '9876543210987654' }]],
    },
    { action: 'DescribeSecurityGroups', params: { RegionId: HZ } },
    { action: 'DescribeSecurityGroupAttribute', params: { RegionId: HZ, SecurityGroupId: 'sg-hz-db' } },
    { action: 'DescribeSecurityGroupReferences', params: { RegionId: HZ, 'SecurityGroupId.1': 'sg-hz-web' } },
    {
      action: 'RevokeSecurityGroup',
      params: {
        RegionId: HZ,
        SecurityGroupId: 'sg-hz-db',
        'Permissions.1.SourceGroupId': 'sg-hz-web',
        'Permissions.1.IpProtocol': 'TCP',
        'Permissions.1.PortRange': '5432/5432',
      },
    },
    {
      action: 'RevokeSecurityGroupEgress',
      params: {
        RegionId: HZ,
        SecurityGroupId: 'sg-hz-db',
        'Permissions.1.DestCidrIp': '0.0.0.0/0',
        'Permissions.1.IpProtocol': 'ALL',
        'Permissions.1.PortRange': '-1/-1',
      },
    },
    {
      action: 'DeleteSecurityGroup',
      params: { RegionId: SG, SecurityGroupId: 'sg-sg-api' },
      setup: [['DeleteInstance', { InstanceId: 'i-sg-api', Force: 'true' }]],
      settleMs: 60_000,
    },
    { action: 'DescribeKeyPairs', params: { RegionId: HZ } },
    { action: 'DetachKeyPair', params: { RegionId: HZ, KeyPairName: 'kp-deploy', InstanceIds: '["i-hz-web1","i-gone"]' } },
    {
      action: 'DeleteKeyPairs',
      params: { RegionId: HZ, KeyPairNames: '["kp-deploy"]' },
      setup: [['DetachKeyPair', { RegionId: HZ, KeyPairName: 'kp-deploy', InstanceIds: '["i-hz-web1"]' }]],
    },
    { action: 'DescribeNetworkInterfaces', params: { RegionId: HZ } },
    { action: 'DetachNetworkInterface', params: { RegionId: HZ, NetworkInterfaceId: 'eni-hz-extra', InstanceId: 'i-hz-worker' } },
    {
      action: 'DeleteNetworkInterface',
      params: { RegionId: HZ, NetworkInterfaceId: 'eni-hz-extra' },
      setup: [['DetachNetworkInterface', { RegionId: HZ, NetworkInterfaceId: 'eni-hz-extra', InstanceId: 'i-hz-worker' }]],
      settleMs: 60_000,
    },
    { action: 'DescribeLaunchTemplates', params: { RegionId: HZ } },
    { action: 'DescribeLaunchTemplates', params: { RegionId: HZ, 'LaunchTemplateId.1': 'lt-hz-web', PageSize: '50' } },
    { action: 'DeleteLaunchTemplate', params: { RegionId: HZ, LaunchTemplateId: 'lt-hz-web' } },
    { action: 'DescribeDeploymentSets', params: { RegionId: HZ, PageSize: '50' } },
    { action: 'DescribeDeploymentSets', params: { RegionId: HZ, DeploymentSetIds: '["ds-hz-spread"]' } },
    { action: 'DeleteDeploymentSet', params: { RegionId: HZ, DeploymentSetId: 'ds-hz-empty' } },
    { action: 'DescribeAutoSnapshotPolicyEx', params: { RegionId: HZ, PageSize: '100' } },
    { action: 'DescribeAutoSnapshotPolicyAssociations', params: { RegionId: HZ, MaxResults: '100' } },
    { action: 'DeleteAutoSnapshotPolicy', params: { regionId: HZ, autoSnapshotPolicyId: 'sp-hz-daily' } },
  ],
});

describe('ECS launch templates, deployment sets and snapshot policies', () => {
  it('refuses a deployment set that holds an instance, then deletes it once the instance is released', async () => {
    await start(withExtras());
    const del = () => ecs.deleteDeploymentSet(new $Ecs.DeleteDeploymentSetRequest({ regionId: HZ, deploymentSetId: 'ds-hz-spread' }));
    expect(await refusal(del())).toEqual({ code: 'DependencyViolation.NotEmpty', statusCode: 403 });
    const sets = await ecs.describeDeploymentSets(
      new $Ecs.DescribeDeploymentSetsRequest({ regionId: HZ, deploymentSetIds: '["ds-hz-spread"]' }),
    );
    expect(sets.body?.deploymentSets?.deploymentSet?.[0]?.instanceIds?.instanceId).toEqual(['i-hz-worker']);
    await ecs.deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: 'i-hz-worker', force: true }));
    sb.world.advance(120_000);
    await del();
    expect(await refusal(del())).toEqual({ code: 'InvalidDeploymentSetId.NotFound', statusCode: 404 });
  });

  it('lists the disks a policy applies to; deleting it twice answers 404 ParameterInvalid', async () => {
    await start(withExtras());
    const a = await ecs.describeAutoSnapshotPolicyAssociations(
      new $Ecs.DescribeAutoSnapshotPolicyAssociationsRequest({ regionId: HZ, autoSnapshotPolicyId: 'sp-hz-daily' }),
    );
    expect(a.body?.autoSnapshotPolicyAssociations?.autoSnapshotPolicyAssociation?.map((x) => x.diskId)).toEqual([
      'd-hz-data1',
      'd-hz-spare',
    ]);
    const del = () =>
      ecs.deleteAutoSnapshotPolicy(new $Ecs.DeleteAutoSnapshotPolicyRequest({ regionId: HZ, autoSnapshotPolicyId: 'sp-hz-daily' }));
    await del();
    expect(await refusal(del())).toEqual({ code: 'ParameterInvalid', statusCode: 404 });
    const lt = () => ecs.deleteLaunchTemplate(new $Ecs.DeleteLaunchTemplateRequest({ regionId: HZ, launchTemplateId: 'lt-hz-web' }));
    await lt();
    expect(await refusal(lt())).toEqual({ code: 'InvalidLaunchTemplate.NotFound', statusCode: 404 });
  });
});

describe('ECS reads through the SDK', () => {
  beforeEach(() => start(demo()));

  it('the SDK reads the demo instances with their network, EIP, disks and ENIs', async () => {
    expect(await instanceIds()).toEqual(['i-hz-web1', 'i-hz-web2', 'i-hz-worker']);
    const r = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: HZ, instanceIds: JSON.stringify(['i-hz-web1']) }));
    const web1 = r.body?.instances?.instance?.[0];
    expect(web1?.vpcAttributes?.vpcId).toBe('vpc-hz-main');
    expect(web1?.vpcAttributes?.vSwitchId).toBe('vsw-hz-web');
    expect(web1?.eipAddress?.allocationId).toBe('eip-hz-web1');
    expect(web1?.deletionProtection).toBe(true);
    expect(web1?.keyPairName).toBe('kp-deploy');
    expect(web1?.securityGroupIds?.securityGroupId).toEqual(['sg-hz-web']);
    expect(web1?.networkInterfaces?.networkInterface?.map((n) => n.type)).toEqual(['Primary']);
    const web2 = (await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: HZ, instanceIds: '["i-hz-web2"]' }))).body
      ?.instances?.instance?.[0];
    expect(web2?.instanceChargeType).toBe('PrePaid');
    expect(web2?.expiredTime).toBe('2027-03-31T16:00Z');
    const regions = await ecs.describeRegions(new $Ecs.DescribeRegionsRequest({}));
    expect(regions.body?.regions?.region?.map((x) => x.regionId)).toEqual(['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1']);
    const enis = await ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: HZ, type: 'Secondary' }));
    expect(enis.body?.networkInterfaceSets?.networkInterfaceSet?.map((n) => [n.networkInterfaceId, n.status, n.instanceId])).toEqual([
      ['eni-hz-extra', 'InUse', 'i-hz-worker'],
    ]);
    expect((await disk('d-hz-data1'))?.status).toBe('In_use');
    const snaps = await ecs.describeSnapshots(new $Ecs.DescribeSnapshotsRequest({ regionId: HZ }));
    expect(snaps.body?.snapshots?.snapshot?.map((s) => [s.snapshotId, s.usage])).toEqual([
      ['s-hz-golden', 'image'],
      ['s-hz-daily', 'none'],
    ]);
  });
});

describe('ECS instance release', () => {
  beforeEach(() => start(demo()));

  it('refuses protected, subscription, running-without-Force and unknown instances with the real codes', async () => {
    const del = (instanceId: string, force = false) => ecs.deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId, force }));
    expect(await refusal(del('i-hz-web1', true))).toEqual({ code: 'InvalidOperation.DeletionProtection', statusCode: 403 });
    expect(await refusal(del('i-hz-web2', true))).toEqual({ code: 'ChargeTypeViolation', statusCode: 403 });
    // Not expired yet: TerminateSubscription does not help.
    expect(
      await refusal(
        ecs.deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: 'i-hz-web2', force: true, terminateSubscription: true })),
      ),
    ).toEqual({
      code: 'ChargeTypeViolation',
      statusCode: 403,
    });
    expect(await refusal(del('i-hz-nothing'))).toEqual({ code: 'InvalidInstanceId.NotFound', statusCode: 404 });
    await ecs.modifyInstanceAttribute(new $Ecs.ModifyInstanceAttributeRequest({ instanceId: 'i-hz-web1', deletionProtection: false }));
    expect(await refusal(del('i-hz-web1'))).toEqual({ code: 'IncorrectInstanceStatus', statusCode: 403 });
    const batch = ecs.deleteInstances(
      new $Ecs.DeleteInstancesRequest({ regionId: HZ, instanceId: Array.from({ length: 101 }, (_, n) => `i-${n}`), force: true }),
    );
    expect(await refusal(batch)).toEqual({ code: 'InvalidParameter', statusCode: 400 });
    expect(await instanceIds()).toEqual(['i-hz-web1', 'i-hz-web2', 'i-hz-worker']);
  });

  it('releases asynchronously: the data disk stays, the system disk and primary ENI go, the EIP and key pair are freed', async () => {
    expect(await refusal(ecs.deleteKeyPairs(new $Ecs.DeleteKeyPairsRequest({ regionId: HZ, keyPairNames: '["kp-deploy"]' })))).toEqual({
      code: 'InvalidParameter.KeypairAlreadyAttachedInstance',
      statusCode: 400,
    });
    await ecs.modifyInstanceAttribute(new $Ecs.ModifyInstanceAttributeRequest({ instanceId: 'i-hz-web1', deletionProtection: false }));
    const systemDisks = await ecs.describeDisks(
      new $Ecs.DescribeDisksRequest({ regionId: HZ, instanceId: 'i-hz-web1', diskType: 'system' }),
    );
    const systemDiskId = systemDisks.body?.disks?.disk?.[0]?.diskId ?? '';
    expect(systemDiskId).toMatch(/^d-/);

    await ecs.deleteInstances(new $Ecs.DeleteInstancesRequest({ regionId: HZ, instanceId: ['i-hz-web1', 'i-hz-worker'], force: true }));
    const during = await ecs.describeInstances(
      new $Ecs.DescribeInstancesRequest({ regionId: HZ, instanceIds: '["i-hz-web1","i-hz-worker"]' }),
    );
    expect(during.body?.instances?.instance?.map((i) => i.status).sort()).toEqual(['Stopped', 'Stopping']);

    sb.world.advance(20_000);
    expect(await instanceIds()).toEqual(['i-hz-web2']);
    expect(await disk(systemDiskId)).toBeUndefined();
    const data1 = await disk('d-hz-data1');
    expect([data1?.status, data1?.instanceId]).toEqual(['Available', '']);
    const eni = await ecs.describeNetworkInterfaces(
      new $Ecs.DescribeNetworkInterfacesRequest({ regionId: HZ, networkInterfaceId: ['eni-hz-extra'] }),
    );
    expect(eni.body?.networkInterfaceSets?.networkInterfaceSet?.map((n) => [n.status, n.instanceId])).toEqual([['Available', '']]);
    const eip = await vpc.describeEipAddresses(new $Vpc.DescribeEipAddressesRequest({ regionId: HZ, allocationId: 'eip-hz-web1' }));
    expect(eip.body?.eipAddresses?.eipAddress?.map((e) => [e.status, e.instanceId])).toEqual([['Available', '']]);
    await ecs.deleteKeyPairs(new $Ecs.DeleteKeyPairsRequest({ regionId: HZ, keyPairNames: '["kp-deploy","kp-never-existed"]' }));
    expect((await ecs.describeKeyPairs(new $Ecs.DescribeKeyPairsRequest({ regionId: HZ }))).body?.totalCount).toBe(0);
  });

  it('converts a subscription to pay-as-you-go on the clock, then releases it', async () => {
    await ecs.modifyInstanceChargeType(
      new $Ecs.ModifyInstanceChargeTypeRequest({
        regionId: HZ,
        instanceIds: '["i-hz-web2"]',
        instanceChargeType: 'PostPaid',
        autoPay: true,
        includeDataDisks: true,
      }),
    );
    expect(await refusal(ecs.deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: 'i-hz-web2', force: true })))).toEqual({
      code: 'ChargeTypeViolation',
      statusCode: 403,
    });
    sb.world.advance(5_000);
    await ecs.deleteInstance(new $Ecs.DeleteInstanceRequest({ instanceId: 'i-hz-web2', force: true }));
    sb.world.advance(15_000);
    expect(await instanceIds()).toEqual(['i-hz-web1', 'i-hz-worker']);
  });
});

describe('ECS storage, images, security groups and ENIs', () => {
  beforeEach(() => start(demo()));

  it('disks: attached refuses, unknown is ignored, detach goes through Detaching to Available', async () => {
    expect(await refusal(ecs.deleteDisk(new $Ecs.DeleteDiskRequest({ diskId: 'd-hz-data1' })))).toEqual({
      code: 'IncorrectDiskStatus',
      statusCode: 403,
    });
    const ignored = await ecs.deleteDisk(new $Ecs.DeleteDiskRequest({ diskId: 'd-hz-never-existed' }));
    expect(ignored.statusCode).toBe(200);
    await ecs.detachDisk(new $Ecs.DetachDiskRequest({ diskId: 'd-hz-data1', instanceId: 'i-hz-web1' }));
    expect((await disk('d-hz-data1'))?.status).toBe('Detaching');
    sb.world.advance(10_000);
    expect((await disk('d-hz-data1'))?.status).toBe('Available');
    await ecs.deleteDisk(new $Ecs.DeleteDiskRequest({ diskId: 'd-hz-data1' }));
    expect(await disk('d-hz-data1')).toBeUndefined();
  });

  it('images and snapshots: shared image and image snapshot refuse until unshared and deleted', async () => {
    const delSnap = () => ecs.deleteSnapshot(new $Ecs.DeleteSnapshotRequest({ snapshotId: 's-hz-golden', force: true }));
    expect(await refusal(delSnap())).toEqual({ code: 'SnapshotCreatedImage', statusCode: 403 });
    const delImage = () => ecs.deleteImage(new $Ecs.DeleteImageRequest({ regionId: HZ, imageId: 'm-hz-golden', force: true }));
    expect(await refusal(delImage())).toEqual({ code: 'ImageUseShared', statusCode: 403 });
    const share = await ecs.describeImageSharePermission(
      new $Ecs.DescribeImageSharePermissionRequest({ regionId: HZ, imageId: 'm-hz-golden' }),
    );
    expect(share.body?.accounts?.account?.map((a) => a.aliyunId)).toEqual(['9876543210987654']);
    await ecs.modifyImageSharePermission(
      new $Ecs.ModifyImageSharePermissionRequest({ regionId: HZ, imageId: 'm-hz-golden', removeAccount: ['9876543210987654'] }),
    );
    await delImage();
    const images = await ecs.describeImages(new $Ecs.DescribeImagesRequest({ regionId: HZ, imageOwnerAlias: 'self' }));
    expect(images.body?.totalCount).toBe(0);
    await delSnap();
    expect(await refusal(delSnap())).toEqual({ code: 'InvalidSnapshotId.NotFound', statusCode: 404 });
    expect(await refusal(delImage())).toEqual({ code: 'InvalidImageId.NotFound', statusCode: 404 });
  });

  it('security groups: in use or referenced → DependencyViolation; references are revocable', async () => {
    const delGroup = (id: string) => ecs.deleteSecurityGroup(new $Ecs.DeleteSecurityGroupRequest({ regionId: HZ, securityGroupId: id }));
    expect(await refusal(delGroup('sg-hz-web'))).toEqual({ code: 'DependencyViolation', statusCode: 403 });
    const refs = await ecs.describeSecurityGroupReferences(
      new $Ecs.DescribeSecurityGroupReferencesRequest({ regionId: HZ, securityGroupId: ['sg-hz-web'] }),
    );
    const referencing =
      refs.body?.securityGroupReferences?.securityGroupReference?.[0]?.referencingSecurityGroups?.referencingSecurityGroup;
    expect(referencing?.map((g) => g.securityGroupId)).toEqual(['sg-hz-db']);
    const attr = await ecs.describeSecurityGroupAttribute(
      new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: HZ, securityGroupId: 'sg-hz-db' }),
    );
    const rule = attr.body?.permissions?.permission?.[0];
    expect([rule?.sourceGroupId, rule?.ipProtocol, rule?.portRange]).toEqual(['sg-hz-web', 'TCP', '5432/5432']);

    // With no instance left in it, the group is still referenced by sg-hz-db's rule.
    for (const id of ['i-hz-web1', 'i-hz-web2']) {
      await ecs.modifyInstanceAttribute(new $Ecs.ModifyInstanceAttributeRequest({ instanceId: id, deletionProtection: false }));
    }
    await ecs.modifyInstanceChargeType(
      new $Ecs.ModifyInstanceChargeTypeRequest({ regionId: HZ, instanceIds: '["i-hz-web2"]', instanceChargeType: 'PostPaid' }),
    );
    sb.world.advance(5_000);
    await ecs.deleteInstances(new $Ecs.DeleteInstancesRequest({ regionId: HZ, instanceId: ['i-hz-web1', 'i-hz-web2'], force: true }));
    sb.world.advance(20_000);
    const stillReferenced = await refusal(delGroup('sg-hz-web'));
    expect(stillReferenced).toEqual({ code: 'DependencyViolation', statusCode: 403 });

    await ecs.revokeSecurityGroup(
      new $Ecs.RevokeSecurityGroupRequest({
        regionId: HZ,
        securityGroupId: 'sg-hz-db',
        permissions: [
          new $Ecs.RevokeSecurityGroupRequestPermissions({ sourceGroupId: 'sg-hz-web', ipProtocol: 'TCP', portRange: '5432/5432' }),
        ],
      }),
    );
    await delGroup('sg-hz-web');
    expect(await refusal(delGroup('sg-hz-web'))).toEqual({ code: 'InvalidSecurityGroupId.NotFound', statusCode: 404 });
  });

  it('ENIs: attached refuses, primary cannot be detached, detach and delete are asynchronous', async () => {
    const del = () =>
      ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: HZ, networkInterfaceId: 'eni-hz-extra' }));
    expect(await refusal(del())).toEqual({ code: 'InvalidOperation.InvalidEniState', statusCode: 400 });
    const primary = await ecs.describeNetworkInterfaces(
      new $Ecs.DescribeNetworkInterfacesRequest({ regionId: HZ, instanceId: 'i-hz-worker', type: 'Primary' }),
    );
    const primaryId = primary.body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? '';
    const detachPrimary = ecs.detachNetworkInterface(
      new $Ecs.DetachNetworkInterfaceRequest({ regionId: HZ, networkInterfaceId: primaryId, instanceId: 'i-hz-worker' }),
    );
    expect(await refusal(detachPrimary)).toEqual({ code: 'InvalidOperation.DetachPrimaryEniNotAllowed', statusCode: 400 });

    await ecs.detachNetworkInterface(
      new $Ecs.DetachNetworkInterfaceRequest({ regionId: HZ, networkInterfaceId: 'eni-hz-extra', instanceId: 'i-hz-worker' }),
    );
    const status = async () =>
      (
        await ecs.describeNetworkInterfaces(
          new $Ecs.DescribeNetworkInterfacesRequest({ regionId: HZ, networkInterfaceId: ['eni-hz-extra'] }),
        )
      ).body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.status;
    expect(await status()).toBe('Detaching');
    sb.world.advance(5_000);
    expect(await status()).toBe('Available');
    await del();
    expect(await status()).toBe('Deleting');
    sb.world.advance(5_000);
    expect(await status()).toBeUndefined();
    expect(await refusal(del())).toEqual({ code: 'InvalidEniId.NotFound', statusCode: 404 });
  });
});

describe('ECS pagination', () => {
  it('walks 25 instances by NextToken and by PageNumber, and clamps MaxResults as documented', async () => {
    const instances = Array.from({ length: 25 }, (_, n) => ({
      id: `i-many-${String(n).padStart(2, '0')}`,
      region: HZ,
      vSwitchId: 'vsw-hz-web',
      securityGroupIds: ['sg-hz-web'],
    }));
    await start({ ...demoAccount, ...demoRam, ...demoVpc, ecs: { securityGroups: demoEcs.ecs.securityGroups, instances } });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await ecs.describeInstances(
        new $Ecs.DescribeInstancesRequest({ regionId: HZ, maxResults: 10, ...(token ? { nextToken: token } : {}) }),
      );
      seen.push(...(r.body?.instances?.instance ?? []).map((i) => i.instanceId ?? ''));
      expect(r.body?.totalCount).toBe(25);
      token = r.body?.nextToken || undefined;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(instances.map((i) => i.id));

    const page3 = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: HZ, pageNumber: 3, pageSize: 10 }));
    expect(page3.body?.instances?.instance?.map((i) => i.instanceId)).toEqual(instances.slice(20).map((i) => i.id));
    expect([page3.body?.pageNumber, page3.body?.pageSize]).toEqual([3, 10]);
    // "smaller than 10 → 10" (metadata DescribeInstances MaxResults).
    const clamped = await ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: HZ, maxResults: 3 }));
    expect(clamped.body?.instances?.instance).toHaveLength(10);
    expect(await refusal(ecs.describeKeyPairs(new $Ecs.DescribeKeyPairsRequest({ regionId: HZ, pageSize: 51 })))).toEqual({
      code: 'InvalidParameter',
      statusCode: 400,
    });
  });
});
