/**
 * The emulated VPC (2016-04-28): VPCs, vswitches, EIPs, NAT gateways, route tables and
 * entries, HaVips and VPN gateways over the `vpc` slices
 * of the world. Handlers live in ./vpc/<resource>.ts; this file assembles the product.
 */
import type { ProductModule, World } from '../framework.js';
import { eipActions } from './vpc/eips.js';
import { haVipActions, registerHaVipOccupancy, seedHaVips } from './vpc/havips.js';
import { natGatewayActions } from './vpc/nat-gateways.js';
import { networkActions } from './vpc/networks.js';
import { registerRouteOccupancy, routeTableActions, seedRoutes } from './vpc/route-tables.js';
import { dumpVpc, seedVpc } from './vpc/seed.js';
import { registerVpcOccupancy, vpcState } from './vpc/state.js';
import { registerVpnOccupancy, seedVpnGateways, vpnGatewayActions } from './vpc/vpn-gateways.js';

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
  actions: { ...networkActions, ...eipActions, ...natGatewayActions, ...routeTableActions, ...haVipActions, ...vpnGatewayActions },
  seed(world, scenario) {
    seedVpc(world, scenario);
    seedRoutes(world, scenario);
    seedHaVips(world, scenario);
    seedVpnGateways(world, scenario);
    registerVpcOccupancy(world);
    registerRouteOccupancy(world);
    registerHaVipOccupancy(world);
    registerVpnOccupancy(world);
    listenToEcs(world);
  },
  dump: (world) => dumpVpc(vpcState(world)),
};
