/**
 * The read-only calls readiness makes besides the provider scan: BSS (balance, every
 * subscription and pay-as-you-go instance of every product) and Resource Center (an index
 * of hundreds of resource types across products — the closest thing to the console's own
 * pre-cancellation check). Each may fail on its own (not enabled, access denied): the
 * failure becomes evidence, never a crash. Nothing here enables or changes anything.
 */
import { bssSdk } from '../cloud/sdk.js';
import type { CloudClients } from '../cloud/clients.js';
import { CloudApiError } from '../cloud/errors.js';
import { nextTokenPages, pageNumberPages } from '../providers/pagination.js';

const { QueryAvailableInstancesRequest } = bssSdk;

export interface Balance {
  readonly availableCashAmount: number;
  readonly availableAmount: number;
  readonly creditAmount: number;
  readonly currency: string;
}

export interface BillingInstance {
  readonly instanceId: string;
  readonly productCode: string;
  readonly productType: string;
  readonly subscriptionType: string;
  readonly status: string;
  readonly region: string;
  readonly endTime: string;
}

export interface CenterResource {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly regionId: string;
  readonly resourceName: string;
}

export type Gathered<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export type ResourceCenterView = { readonly enabled: false } | { readonly enabled: true; readonly resources: readonly CenterResource[] };

export interface GatheredEvidence {
  readonly balance: Gathered<Balance>;
  readonly billingInstances: Gathered<readonly BillingInstance[]>;
  readonly resourceCenter: Gathered<ResourceCenterView>;
}

async function attempt<T>(fn: () => Promise<T>): Promise<Gathered<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    const message = err instanceof CloudApiError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    return { ok: false, error: message };
  }
}

const num = (s: string | undefined): number => {
  const n = Number((s ?? '0').replaceAll(',', ''));
  return Number.isFinite(n) ? n : 0;
};

async function queryBalance(clients: CloudClients): Promise<Balance> {
  const res = await clients.bss().queryAccountBalance();
  const d = res.body?.data;
  return {
    availableCashAmount: num(d?.availableCashAmount),
    availableAmount: num(d?.availableAmount),
    creditAmount: num(d?.creditAmount),
    currency: d?.currency ?? '',
  };
}

async function queryBillingInstances(clients: CloudClients): Promise<BillingInstance[]> {
  const out: BillingInstance[] = [];
  const pages = pageNumberPages(300, async (pageNum, pageSize) => {
    const data = (await clients.bss().queryAvailableInstances(new QueryAvailableInstancesRequest({ pageNum, pageSize }))).body?.data;
    const list = data?.instanceList ?? [];
    return { page: list, count: list.length, totalCount: data?.totalCount };
  });
  for await (const list of pages)
    for (const i of list)
      out.push({
        instanceId: i.instanceID ?? '',
        productCode: i.productCode ?? '',
        productType: i.productType ?? '',
        subscriptionType: i.subscriptionType ?? '',
        status: i.status ?? '',
        region: i.region ?? '',
        endTime: i.endTime ?? '',
      });
  return out;
}

async function queryResourceCenter(clients: CloudClients): Promise<ResourceCenterView> {
  const rc = clients.generic('resourcecenter', 'cn-shanghai');
  const status = await rc.call('GetResourceCenterServiceStatus', {});
  if (status.ServiceStatus !== 'Enabled') return { enabled: false };
  const resources: CenterResource[] = [];
  // A NextToken handed back twice throws (nextTokenPages): what was not listed is not absent.
  const pages = nextTokenPages(async (nextToken) => {
    const page = await rc.call('SearchResources', { MaxResults: 100, NextToken: nextToken });
    const token = typeof page.NextToken === 'string' && page.NextToken !== '' ? page.NextToken : undefined;
    return { page: (page.Resources ?? []) as Array<Record<string, unknown>>, nextToken: token };
  });
  for await (const page of pages)
    for (const r of page)
      resources.push({
        resourceType: String(r.ResourceType ?? ''),
        resourceId: String(r.ResourceId ?? ''),
        regionId: String(r.RegionId ?? ''),
        resourceName: String(r.ResourceName ?? ''),
      });
  return { enabled: true, resources };
}

/** Read-only; every read retried with the cloud retry policy until `signal` aborts. */
export async function gatherEvidence(clients: CloudClients, signal?: AbortSignal): Promise<GatheredEvidence> {
  const ro = clients.readOnly().retrying({ signal });
  const [balance, billingInstances, resourceCenter] = await Promise.all([
    attempt(() => queryBalance(ro)),
    attempt(() => queryBillingInstances(ro)),
    attempt(() => queryResourceCenter(ro)),
  ]);
  return { balance, billingInstances, resourceCenter };
}
