import type { ResourceType } from '../contract.js';
import { vpcEip } from './eip.js';
import { vpcHaVip } from './havip.js';
import { vpcNatGateway } from './nat-gateway.js';
import { vpcRouteEntry } from './route-entry.js';
import { vpcRouteTable } from './route-table.js';
import { vpcVpc } from './vpc.js';
import { vpcVSwitch } from './vswitch.js';
import { vpcVpnGateway } from './vpn-gateway.js';

/** The vpc resource types, in the order they are listed in docs. */
export const vpcTypes: readonly ResourceType[] = [
  vpcVpc,
  vpcVSwitch,
  vpcEip,
  vpcNatGateway,
  vpcRouteTable,
  vpcRouteEntry,
  vpcHaVip,
  vpcVpnGateway,
];
