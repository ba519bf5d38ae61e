/**
 * What a backup saves of each resource type, by type. Every type of the registry has an
 * entry (a test holds this), so a new type cannot silently go without one: its entry says
 * what is read beyond the manifest's properties, and what no backup can hold.
 */
import { databaseBackups } from './databases.js';
import { dnsBackups } from './dns.js';
import { ecsBackups } from './ecs.js';
import { networkBackups } from './network.js';
import { ossBackups } from './oss.js';
import { ramBackups } from './ram.js';
import type { TypeBackup } from './context.js';

export const TYPE_BACKUPS: Readonly<Record<string, TypeBackup>> = {
  ...ecsBackups,
  ...networkBackups,
  ...ossBackups,
  ...ramBackups,
  ...dnsBackups,
  ...databaseBackups,
  // Report-only: never destroyed, so never in a plan's resources.
  'domain.registration': {},
  // Wave-2 types: their scanned properties are what is saved; what they hold beyond them is said.
  'ecs.launch-template': {
    cannotBackUp: "the contents of the template's versions are not read: note them (DescribeLaunchTemplateVersions) before the teardown",
  },
  'ecs.deployment-set': {},
  'ecs.auto-snapshot-policy': {},
  'vpc.route-table': {},
  'vpc.route-entry': {},
  'vpc.havip': {},
  'vpc.vpn-gateway': {
    cannotBackUp: 'its IPsec connections and customer gateways (pre-shared keys included) are not read: note them before the teardown',
  },
  'alb.load-balancer': {
    cannotBackUp: 'its listeners, server groups and certificate bindings are not read: note them before the teardown',
  },
  'nlb.load-balancer': {
    cannotBackUp: 'its listeners and server groups are not read: note them before the teardown',
  },
  'cen.instance': {},
  'cen.attachment': {},
  'cdn.domain': {
    cannotBackUp:
      "the domain's CDN configuration (origins, caching rules, HTTPS certificate) is not read: export it in the CDN console before the teardown",
  },
  'kms.key': {
    cannotBackUp:
      'the key material never leaves KMS: whatever it encrypted cannot be decrypted once the key is deleted; decrypt it or re-encrypt it under another key before the teardown',
  },
  'cs.cluster': {
    cannotBackUp:
      "the cluster's Kubernetes objects (workloads, config maps, secrets, persistent volumes' data) and its configuration are not read: back them up with the cluster's own tools (Velero, the ACK backup center) and note its settings before the teardown",
  },
  'sls.project': {
    cannotBackUp:
      "the project's logs and its configuration (Logstores, indexes, machine groups, Logtail configurations, dashboards, alerts) are not read: ship the logs you need to OSS or download them, and export the configuration, before the teardown",
  },
  'fc.function': {
    cannotBackUp:
      "the function's code package, configuration, versions, aliases and triggers are not read (only the scanned runtime, VPC settings, trigger names and tags are saved): export the code and configuration (GetFunctionCode, GetFunction, or Serverless Devs) before the teardown",
  },
};

export type { Capture, CaptureContext, Captured, TypeBackup } from './context.js';
