/**
 * Tair / Redis, PolarDB, MongoDB, NAS and ROS stacks: a backup keeps their scanned properties (engine,
 * version, network, charge type, mount targets), which say what to re-create; their data never
 * passes through the tool.
 */
import type { TypeBackup } from './context.js';

export const databaseBackups: Readonly<Record<string, TypeBackup>> = {
  'kvstore.instance': {
    cannotBackUp:
      'the keys in it: the tool does not export data; create a backup and download its RDB file (CreateBackup, DescribeBackups) before the teardown — backups of a released instance are not kept',
  },
  'polardb.cluster': {
    cannotBackUp:
      'the databases in it: the cluster is released with no backup sets kept; export them (DTS or a dump) or keep a backup set before the teardown',
  },
  'mongodb.instance': {
    cannotBackUp: 'the databases in it: the tool does not export data; run mongodump, or download a backup, before the teardown',
  },
  'nas.file-system': {
    cannotBackUp:
      'the files in it: the tool does not copy them; copy them out (rsync from a mounting instance, or a NAS backup plan) before the teardown',
  },
  'ros.stack': {
    cannotBackUp:
      'its template and parameter values are not read: save them (GetTemplate, or the ROS console) before the teardown to re-create the stack',
  },
  // Its domain, VPC, vswitch and access group are its scanned properties: all there is to it.
  'nas.mount-target': {},
};
