/**
 * The emulated VPC (2016-04-28): VPCs, vswitches, EIPs and NAT gateways over the `vpc` slice
 * of the world. Handlers live in ./vpc/<resource>.ts; this file assembles the product.
 */
import type { ProductModule, World } from '../framework.js';
import { eipActions } from './vpc/eips.js';
import { natGatewayActions } from './vpc/nat-gateways.js';
import { networkActions } from './vpc/networks.js';
import { dumpVpc, seedVpc } from './vpc/seed.js';
import { registerVpcOccupancy, vpcState } from './vpc/state.js';

/**
 * A released ECS instance does not release its EIP; the EIP is unbound and stays in the
 * account as Available (API docs: ECS DeleteInstance, "EIPs are not released along with the
 * instance").
 */
function listenToEcs(world: World): void {
  world.on('ecs.instance.released', ({ instanceId }) => {
    for (const e of vpcState(world).eips.values())
      if (e.instanceType === 'EcsInstance' && e.instanceId === instanceId)
        Object.assign(e, { status: 'Available', instanceId: '', instanceType: '' });
  });
}

export const vpcProduct: ProductModule = {
  product: 'vpc',
  version: '2016-04-28',
  actions: { ...networkActions, ...eipActions, ...natGatewayActions },
  seed(world, scenario) {
    seedVpc(world, scenario);
    registerVpcOccupancy(world);
    listenToEcs(world);
  },
  dump: (world) => dumpVpc(vpcState(world)),
};
