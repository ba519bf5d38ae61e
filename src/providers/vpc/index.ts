import type { ResourceType } from '../contract.js';
import { vpcEip } from './eip.js';
import { vpcNatGateway } from './nat-gateway.js';
import { vpcVpc } from './vpc.js';
import { vpcVSwitch } from './vswitch.js';

/** The vpc resource types, in the order they are listed in docs. */
export const vpcTypes: readonly ResourceType[] = [vpcVpc, vpcVSwitch, vpcEip, vpcNatGateway];
