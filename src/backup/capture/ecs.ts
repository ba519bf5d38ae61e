/**
 * ECS and Auto Scaling: a security group's rules are read in full (DescribeSecurityGroupAttribute, Direction
 * `all`, NextToken pages of up to 1000: ECS API docs; aliyun-openapi-meta ecs
 * DescribeSecurityGroupAttribute). Everything else of ECS that can be recreated is in the
 * manifest's properties; what cannot — the bytes on disks, snapshots and images, and private
 * keys — is said plainly, with the way to keep it.
 */
import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeSecurityGroupAttributeResponseBodyPermissionsPermission } from '@alicloud/ecs20140526';
import { encodeSegment } from '../object-paths.js';
import { jsonFile, type TypeBackup } from './context.js';

const { DescribeSecurityGroupAttributeRequest } = ecsSdk;

const DISK_DATA =
  'create a snapshot of each disk and keep it (a keep rule), or ExportImage it to an OSS bucket you keep, before the teardown';

export const ecsBackups: Readonly<Record<string, TypeBackup>> = {
  'ecs.security-group': {
    async capture(r, ctx) {
      const ecs = ctx.clients.ecs(r.region);
      const rules: DescribeSecurityGroupAttributeResponseBodyPermissionsPermission[] = [];
      let description: string | null = null;
      let innerAccessPolicy: string | null = null;
      let nextToken: string | undefined;
      do {
        const body = (
          await ecs.describeSecurityGroupAttribute(
            new DescribeSecurityGroupAttributeRequest({
              regionId: r.region,
              securityGroupId: r.id,
              direction: 'all',
              maxResults: 1000,
              nextToken,
            }),
          )
        ).body;
        description = body?.description ?? description;
        innerAccessPolicy = body?.innerAccessPolicy ?? innerAccessPolicy;
        rules.push(...(body?.permissions?.permission ?? []));
        nextToken = body?.nextToken || undefined;
      } while (nextToken);
      const doc = {
        securityGroupId: r.id,
        region: r.region,
        name: r.name ?? null,
        description,
        vpcId: r.properties.vpcId ?? null,
        innerAccessPolicy,
        rules,
      };
      return {
        files: [await ctx.dir.writeFile(`ecs/security-groups/${encodeSegment(r.region)}/${encodeSegment(r.id)}.json`, jsonFile(doc))],
      };
    },
  },
  'ecs.instance': { cannotBackUp: `the data on its disks (the system disk is released with it): ${DISK_DATA}` },
  'ecs.disk': { cannotBackUp: `the data on the disk: ${DISK_DATA}` },
  'ecs.snapshot': {
    cannotBackUp:
      'the snapshot data: it cannot be downloaded; keep the snapshot (a keep rule), or make an image of it and ExportImage that to an OSS bucket you keep',
  },
  'ecs.image': { cannotBackUp: 'the image data: ExportImage it to an OSS bucket you keep (and keep that bucket) before the teardown' },
  'ecs.key-pair': {
    cannotBackUp: 'the private key: Alibaba Cloud never stores it; only the name and fingerprint are recorded here',
  },
  'ecs.network-interface': {},
  // The group's sizes, vswitches and load balancers are its scanned properties.
  'ess.scaling-group': {
    cannotBackUp:
      'its scaling configurations and rules are not read, and the instances it launched are released with it (the data on their disks too): note the configuration and snapshot what must stay before the teardown',
  },
};
