/**
 * Billing (BSS OpenAPI 2017-12-14), global; shapes per @alicloud/bssopenapi20171214 models
 * (`Data.InstanceList[]` directly, amounts as strings, `Code`/`Message`/`Success` beside `Data`).
 *
 * QueryAvailableInstances must agree with the products: the rows of ECS and RDS instances
 * are derived from those products' live state at request time (a converted instance turns
 * PayAsYouGo, a released one disappears), and only products the sandbox does not emulate
 * (the demo's Security Center `sas`) are declared in the `bss` section.
 */
import { SandboxApiError, int, required, type ProductModule, type RpcCall, type World } from '../framework.js';
import { foreignRecords, textField, timeField } from './foreign-slices.js';
import { rdsState } from './rds.js';
import {
  instant,
  isoSeconds,
  oneOf,
  optionalInstant,
  optionalText,
  recordList,
  sectionOf,
  text,
  type ScenarioRecord,
} from './scenario-section.js';

export type SubscriptionType = 'Subscription' | 'PayAsYouGo';

export interface BillingInstance {
  readonly instanceId: string;
  readonly productCode: string;
  readonly productType: string;
  readonly subscriptionType: SubscriptionType;
  readonly region: string;
  readonly createTime: number;
  readonly endTime: number | undefined;
  readonly renewStatus: 'AutoRenewal' | 'ManualRenewal' | 'NotRenewal';
}

export interface AccountBalance {
  readonly availableAmount: string;
  readonly availableCashAmount: string;
  readonly creditAmount: string;
  readonly mybankCreditAmount: string;
  readonly currency: string;
  readonly quotaLimit: string;
}

export class BssState {
  balance: AccountBalance = {
    availableAmount: '0.00',
    availableCashAmount: '0.00',
    creditAmount: '0.00',
    mybankCreditAmount: '0.00',
    currency: 'CNY',
    quotaLimit: '0.00',
  };
  /** Instances of products the sandbox does not emulate, declared by the scenario. */
  readonly declared = new Map<string, BillingInstance>();
  /** Derived instances already unsubscribed, hidden until their product finishes releasing them. */
  readonly refunded = new Set<string>();
  nextOrderId = 210_000_000_000_000;
}

export function bssState(world: World): BssState {
  return world.slice('bss', () => new BssState());
}

const key = (productCode: string, instanceId: string): string => `${productCode}/${instanceId}`;

/** ECS instances as billing rows, read from the ECS product's slice (absent → none). */
function ecsRows(world: World): BillingInstance[] {
  return foreignRecords(world, 'ecs', ['instances']).flatMap((r) => {
    const instanceId = textField(r, ['instanceId', 'InstanceId', 'id']);
    const region = textField(r, ['regionId', 'RegionId', 'region']);
    const status = textField(r, ['status', 'Status']);
    if (!instanceId || !region || status === 'Deleted' || status === 'Released') return [];
    const prepaid = textField(r, ['instanceChargeType', 'InstanceChargeType', 'chargeType']) === 'PrePaid';
    return [
      {
        instanceId,
        productCode: 'ecs',
        productType: '',
        subscriptionType: prepaid ? 'Subscription' : 'PayAsYouGo',
        region,
        createTime: timeField(r, ['creationTime', 'createTime', 'createdAt']) ?? world.createdAt,
        endTime: prepaid ? timeField(r, ['expiredTime', 'expireTime', 'expiresAt']) : undefined,
        renewStatus: prepaid ? 'ManualRenewal' : 'NotRenewal',
      } satisfies BillingInstance,
    ];
  });
}

/** RDS instances as billing rows (an instance being released is no longer billed). */
function rdsRows(world: World): BillingInstance[] {
  return [...rdsState(world).instances.values()]
    .filter((i) => i.status !== 'Deleting')
    .map((i) => ({
      instanceId: i.dbInstanceId,
      productCode: 'rds',
      productType: i.instanceType === 'Readonly' ? 'rords' : 'rds',
      subscriptionType: i.payType === 'Prepaid' ? 'Subscription' : 'PayAsYouGo',
      region: i.regionId,
      createTime: i.createTime,
      endTime: i.payType === 'Prepaid' ? i.expireTime : undefined,
      renewStatus: i.payType === 'Prepaid' ? 'ManualRenewal' : 'NotRenewal',
    }));
}

function allInstances(world: World): BillingInstance[] {
  const state = bssState(world);
  return [...ecsRows(world), ...rdsRows(world), ...state.declared.values()]
    .filter((i) => !state.refunded.has(key(i.productCode, i.instanceId)))
    .sort((a, b) => a.createTime - b.createTime || a.instanceId.localeCompare(b.instanceId));
}

/** BSS answers with Code/Message/Success beside the data (QueryAccountBalance API docs example). */
function ok(data: Record<string, unknown>): Record<string, unknown> {
  return { Code: '200', Message: 'Successful!', Success: true, Data: data };
}

const actions: Record<string, (call: RpcCall, world: World) => Record<string, unknown>> = {
  QueryAccountBalance(_call, world) {
    const b = bssState(world).balance;
    return ok({
      AvailableAmount: b.availableAmount,
      AvailableCashAmount: b.availableCashAmount,
      CreditAmount: b.creditAmount,
      MybankCreditAmount: b.mybankCreditAmount,
      Currency: b.currency,
      QuotaLimit: b.quotaLimit,
    });
  },

  QueryAvailableInstances({ params }, world) {
    const ids = params.InstanceIDs ? params.InstanceIDs.split(',').map((s) => s.trim()) : undefined;
    const matches = allInstances(world)
      .filter((i) => !params.ProductCode || i.productCode === params.ProductCode)
      .filter((i) => !params.ProductType || i.productType === params.ProductType)
      .filter((i) => !params.SubscriptionType || i.subscriptionType === params.SubscriptionType)
      .filter((i) => !params.Region || i.region === params.Region)
      .filter((i) => !params.RenewStatus || i.renewStatus === params.RenewStatus)
      .filter((i) => !ids || ids.includes(i.instanceId));
    // API docs: PageSize defaults to 20, at most 300.
    const pageNum = int(params.PageNum, 1, 'PageNum');
    const pageSize = int(params.PageSize, 20, 'PageSize', 1, 300);
    const page = matches.slice((pageNum - 1) * pageSize, pageNum * pageSize);
    return ok({
      PageNum: pageNum,
      PageSize: pageSize,
      TotalCount: matches.length,
      InstanceList: page.map((i) => ({
        InstanceID: i.instanceId,
        ProductCode: i.productCode,
        ProductType: i.productType,
        SubscriptionType: i.subscriptionType,
        Status: 'Normal',
        SubStatus: 'Normal',
        Region: i.region,
        CreateTime: isoSeconds(i.createTime),
        ...(i.endTime === undefined ? {} : { EndTime: isoSeconds(i.endTime) }),
        RenewStatus: i.renewStatus,
        OwnerId: Number(world.accountId),
        Seller: '26842',
        SellerId: 26842,
      })),
    });
  },

  RefundInstance({ params }, world) {
    // The API docs mark these "required for unsubscription" although the metadata has them optional.
    const instanceId = required(params, 'InstanceId');
    const productCode = required(params, 'ProductCode');
    const state = bssState(world);
    const target = allInstances(world).find((i) => i.instanceId === instanceId && i.productCode === productCode);
    // The exact BSS codes for an unknown or pay-as-you-go instance are UNCONFIRMED (the API docs list
    // only IdempotentParameterMismatch); InvalidParameter is the service's generic 400.
    if (!target) throw new SandboxApiError(400, 'InvalidParameter', `The instance ${instanceId} of product ${productCode} was not found.`);
    if (target.subscriptionType !== 'Subscription')
      throw new SandboxApiError(400, 'InvalidParameter', `The instance ${instanceId} is pay-as-you-go and cannot be unsubscribed.`);
    if (state.declared.delete(key(productCode, instanceId)) === false) state.refunded.add(key(productCode, instanceId));
    // The owning product releases the instance (RDS listens; see docs/sandbox-services.md for ECS).
    world.emit('bss.instance.refunded', {
      instanceId,
      productCode,
      region: target.region,
      immediatelyRelease: params.ImmediatelyRelease ?? '1',
    });
    return ok({ OrderId: state.nextOrderId++, HostId: 'cn' });
  },
};

function readDeclared(r: ScenarioRecord, at: string, world: World): BillingInstance {
  const subscriptionType = oneOf(r, 'subscriptionType', at, ['Subscription', 'PayAsYouGo'] as const, 'Subscription');
  return {
    instanceId: text(r, 'instanceId', at),
    productCode: text(r, 'productCode', at),
    productType: optionalText(r, 'productType', at, ''),
    subscriptionType,
    region: optionalText(r, 'region', at, ''),
    createTime: instant(r, 'createdAt', at, world.now()),
    endTime: optionalInstant(r, 'expiresAt', at),
    renewStatus: oneOf(
      r,
      'renewStatus',
      at,
      ['AutoRenewal', 'ManualRenewal', 'NotRenewal'] as const,
      subscriptionType === 'Subscription' ? 'ManualRenewal' : 'NotRenewal',
    ),
  };
}

function amount(r: ScenarioRecord, name: string, dflt: string): string {
  const v = r[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number' && Number.isFinite(v)) return v.toFixed(2);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return v;
  throw new Error(`scenario bss.balance.${name}: must be an amount like 120.50`);
}

export const bssProduct: ProductModule = {
  product: 'bssopenapi',
  version: '2017-12-14',
  actions,
  seed(world, scenario) {
    const state = bssState(world);
    const section = sectionOf(scenario, 'bss');
    const balance = sectionOf(section, 'balance');
    const cash = amount(balance, 'availableCashAmount', '0.00');
    state.balance = {
      availableAmount: amount(balance, 'availableAmount', cash),
      availableCashAmount: cash,
      creditAmount: amount(balance, 'creditAmount', '0.00'),
      mybankCreditAmount: amount(balance, 'mybankCreditAmount', '0.00'),
      currency: optionalText(balance, 'currency', 'bss.balance', 'CNY'),
      quotaLimit: amount(balance, 'quotaLimit', '0.00'),
    };
    for (const i of recordList(section, 'instances', 'bss', (r, at) => readDeclared(r, at, world)))
      state.declared.set(key(i.productCode, i.instanceId), i);
  },
  dump(world) {
    const s = bssState(world);
    return { balance: s.balance, instances: allInstances(world) };
  },
};
