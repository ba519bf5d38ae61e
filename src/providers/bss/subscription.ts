import { bssSdk } from '../../cloud/sdk.js';
import type { QueryAvailableInstancesResponseBodyDataInstanceList } from '@alicloud/bssopenapi20171214';
import type { BssClient } from '../../cloud/clients.js';
import { CloudApiError, classifyCode } from '../../cloud/errors.js';
import { GLOBAL, type Resource, type ResourceType } from '../contract.js';
import { pageNumberPages } from '../pagination.js';

const { QueryAvailableInstancesRequest, RefundInstanceRequest } = bssSdk;

const TYPE = 'bss.subscription';
/** QueryAvailableInstances: PageSize has no maximum in the metadata; 100 is accepted (UNCONFIRMED as the maximum). */
const PAGE = 100;

/** BSS answers business errors with HTTP 200 and `Success: false` (BSS API docs: common error codes). */
function checkBody(action: string, body: { success?: boolean; code?: string; message?: string; requestId?: string } | undefined): void {
  if (body?.success !== false) return;
  const code = body.code || 'UnknownError';
  throw new CloudApiError({
    service: 'bss',
    action,
    code,
    message: body.message ?? code,
    kind: classifyCode(code),
    statusCode: 200,
    requestId: body.requestId,
  });
}

async function* querySubscriptions(bss: BssClient, filter: { instanceIDs?: string; productCode?: string } = {}) {
  const pages = pageNumberPages(PAGE, async (pageNum, pageSize) => {
    const body = (
      await bss.queryAvailableInstances(
        new QueryAvailableInstancesRequest({ pageNum, pageSize, subscriptionType: 'Subscription', ...filter }),
      )
    ).body;
    checkBody('QueryAvailableInstances', body);
    const page = body?.data?.instanceList ?? [];
    return { page, count: page.length, totalCount: body?.data?.totalCount };
  });
  for await (const page of pages) yield* page;
}

function toResource(i: QueryAvailableInstancesResponseBodyDataInstanceList): Resource {
  return {
    type: TYPE,
    region: GLOBAL,
    id: i.instanceID ?? '',
    name: `${i.productCode ?? ''} ${i.instanceID ?? ''}`,
    createdAt: i.createTime ? new Date(i.createTime).toISOString() : undefined,
    properties: {
      productCode: i.productCode ?? null,
      productType: i.productType ?? null,
      instanceRegion: i.region ?? null,
      status: i.status ?? null,
      subStatus: i.subStatus ?? null,
      chargeType: i.subscriptionType ?? 'Subscription',
      expiredTime: i.endTime ?? null,
      renewStatus: i.renewStatus ?? null,
    },
  };
}

/**
 * `covered`: the BSS product codes other types deal with themselves (their
 * `billingProductCodes`: converting, releasing or reporting their subscriptions), left out
 * here so that one instance is never planned twice. Everything else (Security Center `sas`,
 * WAF, paid DNS editions, CDN plans, prepaid disks...) has no provider, so it is listed here.
 */
export function bssSubscriptionType(covered: ReadonlyMap<string, string>): ResourceType {
  const isCovered = (productCode: string | undefined): boolean => covered.has((productCode ?? '').toLowerCase());
  return {
    type: TYPE,
    service: 'bss',
    scope: 'global',
    tags: { none: true, keepInstead: 'keep subscriptions by id' },
    description:
      'Subscription of a product no provider covers: reported, or unsubscribed (RefundInstance) with settings.refundSubscriptions',
    stepSummary: ['refund'],
    dependsOn: [],
    hints: {
      NotAllowedRefund:
        'this product cannot be unsubscribed by API: unsubscribe it in the console (Expenses → Unsubscribe) or let it expire',
      'InvalidParameter.ProductCode':
        'BSS does not accept this product code for RefundInstance: unsubscribe it in the console (Expenses → Unsubscribe)',
    },

    async *list(ctx) {
      for await (const i of querySubscriptions(ctx.clients.bss())) {
        if (isCovered(i.productCode) || i.status === 'Released') continue;
        yield toResource(i);
      }
    },

    dependencies: () => [],

    // QueryAvailableInstances `Region`: "the region in which the instance resides" (empty for
    // products without one): --regions must not unsubscribe an instance of another region.
    // https://www.alibabacloud.com/help/en/boa/latest/api-bssopenapi-2017-12-14-queryavailableinstances
    locatedIn: (r) =>
      typeof r.properties.instanceRegion === 'string' && r.properties.instanceRegion !== '' ? r.properties.instanceRegion : undefined,

    steps(r, ctx) {
      const what = `${String(r.properties.productCode)} subscription ${r.id}`;
      const expires = typeof r.properties.expiredTime === 'string' ? ` (expires ${r.properties.expiredTime.slice(0, 10)})` : '';
      if (!ctx.settings.refundSubscriptions)
        return [
          {
            action: 'refund',
            description: `unsubscribe the ${what}${expires}`,
            blocked: 'unsubscribe in the console (Expenses → Unsubscribe), or set settings.refundSubscriptions',
          },
        ];
      return [
        {
          action: 'refund',
          description: `unsubscribe the ${what}${expires} and release it immediately (refund per the unsubscription policy)`,
        },
      ];
    },

    async run(step, r, ctx) {
      if (step.action !== 'refund') throw new Error(`${TYPE}: unknown step ${step.action}`);
      const body = (
        await ctx.clients.bss().refundInstance(
          new RefundInstanceRequest({
            instanceId: r.id,
            productCode: String(r.properties.productCode ?? ''),
            // Metadata: "Unless otherwise specified, set this parameter to an empty string."
            productType: typeof r.properties.productType === 'string' ? r.properties.productType : '',
            // Metadata: 1 = release immediately, 0 = shut down per the shutdown policy (default 1).
            immediatelyRelease: '1',
          }),
        )
      ).body;
      checkBody('RefundInstance', body);
    },

    async read(r, ctx) {
      const productCode = typeof r.properties.productCode === 'string' ? r.properties.productCode : undefined;
      for await (const i of querySubscriptions(ctx.clients.bss(), { instanceIDs: r.id, ...(productCode ? { productCode } : {}) }))
        if (i.instanceID === r.id && i.status !== 'Released') return toResource(i);
      return undefined;
    },
  };
}
