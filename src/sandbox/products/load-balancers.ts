/**
 * Application and Network Load Balancers (ALB 2020-06-16, NLB 2022-04-30), regional: two
 * products with the same shape of state, each its own module (./alb.ts, ./nlb.ts). The real
 * ALB and NLB APIs take no RegionId (the region is the endpoint host); the tool names it in
 * RegionId, which every product accepts, so the sandbox serves one region per request.
 * Deletion is asynchronous (Deleting, then gone); a protected load balancer refuses deletion.
 * A load balancer sits in its vswitches, its VPC and its security groups.
 */
import { SandboxApiError, pageByToken, repeatList, required, type World } from '../framework.js';
import { SectionReader, type ScenarioRecord } from './scenario-section.js';

const DELETE_MS = 10_000;

export interface ModernLoadBalancer {
  readonly id: string;
  readonly region: string;
  readonly name: string;
  readonly vpcId: string;
  readonly vSwitchIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly addressType: 'Internet' | 'Intranet';
  deletionProtection: boolean;
  status: 'Active' | 'Deleting';
  readonly createdAt: string;
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export function loadBalancers(world: World, product: 'alb' | 'nlb'): Map<string, ModernLoadBalancer> {
  return world.slice(`${product}.load-balancers`, () => new Map<string, ModernLoadBalancer>());
}

export function regionOf(params: Readonly<Record<string, string>>): string {
  return required(params, 'RegionId');
}

/** `LoadBalancerIds.N` (RepeatList) filter, at most 20 ids (API docs: ListLoadBalancers). */
export function listed(world: World, product: 'alb' | 'nlb', params: Readonly<Record<string, string>>) {
  const region = regionOf(params);
  const ids = repeatList(params, 'LoadBalancerIds');
  if (ids.length > 20) throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "LoadBalancerIds" is not valid.');
  const rows = [...loadBalancers(world, product).values()].filter(
    (lb) => lb.region === region && (ids.length === 0 || ids.includes(lb.id)),
  );
  // MaxResults: 1–100, default 20 (API docs).
  return pageByToken(rows, params, { defaultSize: 20, maxSize: 100 });
}

export function find(
  world: World,
  product: 'alb' | 'nlb',
  params: Readonly<Record<string, string>>,
  idParam: string,
  notFound: () => SandboxApiError,
) {
  const lb = loadBalancers(world, product).get(required(params, idParam));
  if (!lb || lb.region !== regionOf(params)) throw notFound();
  return lb;
}

export function startDelete(world: World, product: 'alb' | 'nlb', lb: ModernLoadBalancer): string {
  lb.status = 'Deleting';
  world.after(DELETE_MS, () => loadBalancers(world, product).delete(lb.id));
  return world.nextId('job', 16);
}

export function seedLoadBalancers(world: World, scenario: ScenarioRecord, product: 'alb' | 'nlb'): void {
  const all = loadBalancers(world, product);
  for (const r of SectionReader.section(scenario, product).list('loadBalancers')) {
    const id = r.str('id');
    all.set(id, {
      id,
      region: r.str('region'),
      name: r.str('name', id),
      vpcId: r.str('vpcId'),
      vSwitchIds: r.strings('vSwitchIds'),
      securityGroupIds: r.strings('securityGroupIds'),
      addressType: r.oneOf('addressType', ['Internet', 'Intranet'], 'Intranet'),
      deletionProtection: r.bool('deletionProtection', false),
      status: 'Active',
      createdAt: r.str('createdAt', world.nowIso()),
      tags: r.tags(),
    });
  }
  world.addOccupancy((container, cid) =>
    [...all.values()]
      .filter(
        (lb) =>
          (container === 'vswitch' && lb.vSwitchIds.includes(cid)) ||
          (container === 'vpc' && lb.vpcId === cid) ||
          (container === 'security-group' && lb.securityGroupIds.includes(cid)),
      )
      .map((lb) => ({ product, kind: 'LoadBalancer', id: lb.id })),
  );
}
