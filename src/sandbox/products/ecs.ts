/**
 * The emulated ECS (2014-05-26): the actions the teardown tool uses, over the `ecs` slice of
 * the world. Handlers live in ./ecs/<resource>.ts; this file assembles the product.
 */
import { type ProductModule, type RpcHandler } from '../framework.js';
import { autoSnapshotPolicyActions, seedAutoSnapshotPolicies } from './ecs/auto-snapshot-policies.js';
import { deploymentSetActions, seedDeploymentSets } from './ecs/deployment-sets.js';
import { diskActions } from './ecs/disks.js';
import { imageActions } from './ecs/images.js';
import { instanceActions } from './ecs/instances.js';
import { keyPairActions } from './ecs/key-pairs.js';
import { launchTemplateActions, seedLaunchTemplates } from './ecs/launch-templates.js';
import { networkInterfaceActions } from './ecs/network-interfaces.js';
import { dumpEcs, seedEcs } from './ecs/seed.js';
import { securityGroupActions } from './ecs/security-groups.js';
import { snapshotActions } from './ecs/snapshots.js';
import { ecsState, registerEcsOccupancy } from './ecs/state.js';

const LOCAL_NAMES: Readonly<Record<string, string>> = {
  'cn-hangzhou': 'China (Hangzhou)',
  'cn-shanghai': 'China (Shanghai)',
  'cn-beijing': 'China (Beijing)',
  'cn-shenzhen': 'China (Shenzhen)',
  'ap-southeast-1': 'Singapore',
  'us-west-1': 'US (Silicon Valley)',
  'eu-central-1': 'Germany (Frankfurt)',
};

/** The account's regions, from the scenario's `account.regions`. */
const describeRegions: RpcHandler = (_call, world) => ({
  Regions: {
    Region: ecsState(world).regions.map((regionId) => ({
      RegionId: regionId,
      LocalName: LOCAL_NAMES[regionId] ?? regionId,
      RegionEndpoint: `ecs.${regionId}.aliyuncs.com`,
      Status: 'available',
    })),
  },
});

export const ecsProduct: ProductModule = {
  product: 'ecs',
  version: '2014-05-26',
  actions: {
    DescribeRegions: describeRegions,
    ...instanceActions,
    ...diskActions,
    ...snapshotActions,
    ...imageActions,
    ...securityGroupActions,
    ...keyPairActions,
    ...networkInterfaceActions,
    ...launchTemplateActions,
    ...deploymentSetActions,
    ...autoSnapshotPolicyActions,
  },
  seed(world, scenario) {
    seedEcs(world, scenario);
    seedLaunchTemplates(world, scenario);
    seedDeploymentSets(world, scenario);
    seedAutoSnapshotPolicies(world, scenario);
    registerEcsOccupancy(world);
  },
  dump: (world) => dumpEcs(ecsState(world)),
};
