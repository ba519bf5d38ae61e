import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeKeyPairsResponseBodyKeyPairsKeyPair } from '@alicloud/ecs20140526';
import type { Resource, ResourceType } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { dependenciesOn, isoTime, tagsOf } from '../references.js';

const { DeleteKeyPairsRequest, DescribeKeyPairsRequest } = ecsSdk;

const TYPE = 'ecs.key-pair';
/** DescribeKeyPairs PageSize: at most 50 (API docs). */
const PAGE_SIZE = 50;

function toResource(k: DescribeKeyPairsResponseBodyKeyPairsKeyPair, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: k.keyPairName ?? '',
    name: k.keyPairName,
    createdAt: isoTime(k.creationTime),
    tags: tagsOf(k.tags?.tag),
    properties: { fingerprint: k.keyPairFingerPrint ?? null },
  };
}

export const ecsKeyPair: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::KeyPair'],
  tags: { source: "DescribeKeyPairs (each key pair's Tags)" },
  description: 'ECS SSH key pairs (after the instances bound to them)',
  stepSummary: ['delete'],
  dependsOn: ['ecs.instance'],
  hints: {
    'InvalidParameter.KeypairAlreadyAttachedInstance':
      'the key pair is still bound to an instance: delete the instance or unbind the key (DetachKeyPair)',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeKeyPairs(new DescribeKeyPairsRequest({ regionId: ctx.region, pageNumber, pageSize }));
      const page = res.body?.keyPairs?.keyPair ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const k of page) if (k.keyPairName) yield toResource(k, ctx.region);
  },

  dependencies(r, inventory) {
    // DeleteKeyPairs refuses with InvalidParameter.KeypairAlreadyAttachedInstance (400) while bound
    // (terraform-provider-alicloud: alicloud/resource_alicloud_ecs_key_pair.go retries it).
    return dependenciesOn(inventory, 'ecs.instance', 'keyPairName', r.id, 'instance bound to this key pair');
  },

  steps: () => [{ action: 'delete', description: 'delete the key pair' }],

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients
      .ecs(ctx.region)
      .deleteKeyPairs(new DeleteKeyPairsRequest({ regionId: ctx.region, keyPairNames: JSON.stringify([r.id]) }));
  },

  async read(r, ctx) {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeKeyPairs(new DescribeKeyPairsRequest({ regionId: ctx.region, keyPairName: r.id }));
    // KeyPairName is a fuzzy filter: keep the exact match only.
    const k = res.body?.keyPairs?.keyPair?.find((x) => x.keyPairName === r.id);
    return k ? toResource(k, ctx.region) : undefined;
  },
};
