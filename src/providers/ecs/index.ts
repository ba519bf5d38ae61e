import type { ResourceType } from '../contract.js';
import { ecsAutoSnapshotPolicy } from './auto-snapshot-policy.js';
import { ecsDeploymentSet } from './deployment-set.js';
import { ecsDisk } from './disk.js';
import { ecsImage } from './image.js';
import { ecsInstance } from './instance.js';
import { ecsKeyPair } from './key-pair.js';
import { ecsLaunchTemplate } from './launch-template.js';
import { ecsNetworkInterface } from './network-interface.js';
import { ecsSecurityGroup } from './security-group.js';
import { ecsSnapshot } from './snapshot.js';

/** The ecs resource types, in the order they are listed in docs. */
export const ecsTypes: readonly ResourceType[] = [
  ecsInstance,
  ecsDisk,
  ecsSnapshot,
  ecsImage,
  ecsSecurityGroup,
  ecsKeyPair,
  ecsNetworkInterface,
  ecsLaunchTemplate,
  ecsDeploymentSet,
  ecsAutoSnapshotPolicy,
];
