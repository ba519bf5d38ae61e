import { ecsSdk } from '../../cloud/sdk.js';
import type { DescribeImagesResponseBodyImagesImage } from '@alicloud/ecs20140526';
import type { Resource, ResourceType, Step, StepContext } from '../contract.js';
import { pageNumberPages } from '../pagination.js';
import { chunks, dependenciesOn, isoTime, tagsOf } from '../references.js';

const { DeleteImageRequest, DescribeImageSharePermissionRequest, DescribeImagesRequest, ModifyImageSharePermissionRequest } = ecsSdk;

const TYPE = 'ecs.image';
/** DescribeImages and DescribeImageSharePermission PageSize: 1–100 (API docs). */
const PAGE_SIZE = 100;
/** ModifyImageSharePermission takes RemoveAccount.1..10. */
const REMOVE_ACCOUNTS_PER_CALL = 10;
/** Every status a custom image can be in; without it DescribeImages returns only Available ones. */
const ALL_STATUSES = 'Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated';

function toResource(i: DescribeImagesResponseBodyImagesImage, region: string): Resource {
  return {
    type: TYPE,
    region,
    id: i.imageId ?? '',
    name: i.imageName || undefined,
    createdAt: isoTime(i.creationTime),
    tags: tagsOf(i.tags?.tag),
    properties: {
      status: i.status ?? null,
      osName: i.OSName ?? null,
      size: i.size ?? null,
      usage: i.usage ?? null,
      shared: i.isSelfShared?.toLowerCase() === 'true',
      snapshotIds: (i.diskDeviceMappings?.diskDeviceMapping ?? []).map((m) => m.snapshotId ?? '').filter((s) => s !== ''),
    },
  };
}

async function sharedWith(imageId: string, ctx: StepContext): Promise<string[]> {
  const accounts: string[] = [];
  const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeImageSharePermission(new DescribeImageSharePermissionRequest({ regionId: ctx.region, imageId, pageNumber, pageSize }));
    const page = res.body?.accounts?.account ?? [];
    return { page, count: page.length, totalCount: res.body?.totalCount };
  });
  for await (const page of pages) for (const a of page) if (a.aliyunId) accounts.push(a.aliyunId);
  return accounts;
}

export const ecsImage: ResourceType = {
  type: TYPE,
  service: 'ecs',
  scope: 'regional',
  resourceCenterTypes: ['ACS::ECS::Image'],
  tags: { source: "DescribeImages (each image's Tags)" },
  description: 'Custom ECS images owned by the account (unshared, then deleted)',
  stepSummary: ['unshare', 'delete'],
  dependsOn: ['ecs.instance'],
  hints: {
    ImageUseShared: 'the image is still shared with other accounts: stop sharing it in the ECS console (Images → Share Image)',
    ImageIsCreating: 'the image is still being created; wait until it finishes or fails, then run again',
    'OperationDenied.ImageCopying':
      'the image is being copied to another region: cancel the copy (CancelCopyImage) or wait, then run again',
    ImageIsImporting: 'the image is being imported; wait until the import finishes, then run again',
    ImageIsExporting: 'the image is being exported; wait until the export finishes, then run again',
  },

  async *list(ctx) {
    const pages = pageNumberPages(PAGE_SIZE, async (pageNumber, pageSize) => {
      // Only the account's own images: system, marketplace and others' shared images are not ours to delete.
      const res = await ctx.clients
        .ecs(ctx.region)
        .describeImages(
          new DescribeImagesRequest({ regionId: ctx.region, imageOwnerAlias: 'self', status: ALL_STATUSES, pageNumber, pageSize }),
        );
      const page = res.body?.images?.image ?? [];
      return { page, count: page.length, totalCount: res.body?.totalCount };
    });
    for await (const page of pages) for (const i of page) if (i.imageId) yield toResource(i, ctx.region);
  },

  dependencies(r, inventory) {
    return dependenciesOn(inventory, 'ecs.instance', 'imageId', r.id, 'instance created from this image');
  },

  steps(r) {
    const steps: Step[] = [];
    // DeleteImage refuses a shared image with ImageUseShared (403) (API docs: DeleteImage).
    if (r.properties.shared === true) steps.push({ action: 'unshare', description: 'stop sharing the image with other accounts' });
    steps.push({ action: 'delete', description: 'delete the image (Force)' });
    return steps;
  },

  async run(step, r, ctx) {
    const ecs = ctx.clients.ecs(ctx.region);
    switch (step.action) {
      case 'unshare':
        for (const removeAccount of chunks(await sharedWith(r.id, ctx), REMOVE_ACCOUNTS_PER_CALL))
          await ecs.modifyImageSharePermission(
            new ModifyImageSharePermissionRequest({ regionId: ctx.region, imageId: r.id, removeAccount }),
          );
        return;
      case 'delete':
        await ecs.deleteImage(new DeleteImageRequest({ regionId: ctx.region, imageId: r.id, force: true }));
        return;
      default:
        throw new Error(`${TYPE}: unknown step ${step.action}`);
    }
  },

  async read(r, ctx) {
    const res = await ctx.clients
      .ecs(ctx.region)
      .describeImages(new DescribeImagesRequest({ regionId: ctx.region, imageId: r.id, imageOwnerAlias: 'self', status: ALL_STATUSES }));
    const i = res.body?.images?.image?.find((x) => x.imageId === r.id);
    return i ? toResource(i, ctx.region) : undefined;
  },
};
