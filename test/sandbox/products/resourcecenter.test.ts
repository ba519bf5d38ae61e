import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../../../src/sandbox/framework.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { ecsState } from '../../../src/sandbox/products/ecs/state.js';
import { resourceCenterProduct } from '../../../src/sandbox/products/resourcecenter.js';
import { slbProduct } from '../../../src/sandbox/products/slb.js';
import { describeConformance } from './conformance.js';
import { demoScenario, genericClient, refusal, rpcBody, type RawRpcClient } from './sandbox-rpc.js';

const V = '2022-12-01';
type Resource = { ResourceId: string; ResourceType: string; RegionId: string; AccountId: string };

// No npm SDK: the documented fields of Resource Center 2022-12-01 (API reference), whose
// lists are plain JSON arrays without the RPC `{Item: [...]}` wrapper.
describeConformance({
  title: 'Resource Center',
  product: resourceCenterProduct,
  cases: [
    { action: 'GetResourceCenterServiceStatus', params: {}, documented: ['ServiceStatus', 'InitialStatus'] },
    {
      action: 'GetResourceCounts',
      params: { GroupByKey: 'ResourceType' },
      documented: ['GroupByKey', 'Filters', 'ResourceCounts[].GroupName', 'ResourceCounts[].Count'],
    },
    {
      action: 'SearchResources',
      params: { MaxResults: '5' },
      documented: [
        'MaxResults',
        'NextToken',
        'Filters',
        ...['ResourceId', 'ResourceType', 'RegionId', 'AccountId', 'ResourceGroupId', 'Tags'].map((f) => `Resources[].${f}`),
      ],
    },
  ],
});

describe('Resource Center index (handlers over a World)', () => {
  it('indexes other products defensively: absent slices add nothing, ECS records are read by their real fields', () => {
    const world = new World('1234567890123456', 1);
    resourceCenterProduct.seed?.(world, {
      resourcecenter: { resources: [{ id: 'fc-1', type: 'ACS::FC::Service', region: 'cn-hangzhou' }] },
    });
    const search = resourceCenterProduct.actions.SearchResources;
    if (!search) throw new Error('SearchResources missing');
    const ids = () =>
      (
        search({ product: 'resourcecenter', version: V, action: 'SearchResources', params: {}, accessKeyId: 'AK' }, world)
          .Resources as Resource[]
      ).map((r) => `${r.ResourceType} ${r.ResourceId}`);
    expect(ids()).toEqual(['ACS::FC::Service fc-1']);
    expect(world.peekSlice('ecs')).toBeUndefined();
    ecsState(world).keyPairs.set('cn-hangzhou/kp-deploy', {
      name: 'kp-deploy',
      region: 'cn-hangzhou',
      fingerprint: 'ab',
      createdAt: '2024-01-01T00:00Z',
      tags: [],
    });
    expect(ids()).toEqual(['ACS::ECS::KeyPair kp-deploy', 'ACS::FC::Service fc-1']);
  });
});

describe('Resource Center through the generic OpenAPI call', () => {
  let sb: RunningSandbox;
  let rc: RawRpcClient;
  beforeAll(async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({
      id: `fc-${String(i).padStart(2, '0')}`,
      type: 'ACS::FC::Function',
      region: 'cn-shanghai',
    }));
    const demo = demoScenario();
    const declared = (demo.resourcecenter as { resources: unknown[] }).resources;
    sb = await startSandbox({ scenario: { ...demo, resourcecenter: { enabled: true, resources: [...declared, ...many] } }, speed: 1000 });
    rc = genericClient(sb);
  });
  afterAll(async () => sb?.close());

  it('reports the service enabled', async () => {
    expect(await rpcBody(rc, V, 'GetResourceCenterServiceStatus')).toMatchObject({ ServiceStatus: 'Enabled', InitialStatus: 'Finished' });
  });

  it('SearchResources pages with NextToken (absent on the last page) and filters by type and region', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const body = await rpcBody(rc, V, 'SearchResources', {
        'Filter.1.Key': 'ResourceType',
        'Filter.1.MatchType': 'Equals',
        'Filter.1.Value.1': 'ACS::FC::Function',
        MaxResults: '10',
        ...(token ? { NextToken: token } : {}),
      });
      pages++;
      expect(body.MaxResults).toBe(10);
      seen.push(...(body.Resources as Resource[]).map((r) => r.ResourceId));
      token = typeof body.NextToken === 'string' ? body.NextToken : undefined;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(23);

    const hz = await rpcBody(rc, V, 'SearchResources', {
      'Filter.1.Key': 'RegionId',
      'Filter.1.Value.1': 'cn-hangzhou',
      MaxResults: '100',
    });
    const hzResources = hz.Resources as Resource[];
    expect(hzResources.map((r) => `${r.ResourceType} ${r.ResourceId}`)).toEqual(
      expect.arrayContaining([
        'ACS::SLB::LoadBalancer lb-hz-web',
        'ACS::RDS::DBInstance rm-hz-primary',
        'ACS::RDS::DBInstance rr-hz-ro1',
        'ACS::FC::Service fc-demo-service',
      ]),
    );
    expect(hzResources.every((r) => r.RegionId === 'cn-hangzhou' && r.AccountId === '1234567890123456')).toBe(true);
    expect(hz.Filters).toEqual([{ Key: 'RegionId', MatchType: 'Equals', Values: ['cn-hangzhou'] }]);
    expect(await refusal(rpcBody(rc, V, 'SearchResources', { MaxResults: '101' }))).toEqual({ code: 'InvalidParameter', statusCode: 400 });
  });

  it('GetResourceCounts groups by type and follows deletions in other products', async () => {
    const count = async (): Promise<Array<{ GroupName: string; Count: number }>> =>
      (
        await rpcBody(rc, V, 'GetResourceCounts', {
          GroupByKey: 'ResourceType',
          'Filter.1.Key': 'RegionId',
          'Filter.1.Value.1': 'cn-hangzhou',
        })
      ).ResourceCounts as Array<{ GroupName: string; Count: number }>;
    expect(await count()).toEqual(
      expect.arrayContaining([
        { GroupName: 'ACS::SLB::LoadBalancer', Count: 1 },
        { GroupName: 'ACS::RDS::DBInstance', Count: 2 },
      ]),
    );
    const world = sb.world;
    const set = slbProduct.actions.SetLoadBalancerDeleteProtection;
    const del = slbProduct.actions.DeleteLoadBalancer;
    if (!set || !del) throw new Error('SLB handlers missing');
    set(
      {
        product: 'slb',
        version: '2014-05-15',
        action: 'SetLoadBalancerDeleteProtection',
        params: { LoadBalancerId: 'lb-hz-web', RegionId: 'cn-hangzhou', DeleteProtection: 'off' },
        accessKeyId: 'AK',
      },
      world,
    );
    del(
      { product: 'slb', version: '2014-05-15', action: 'DeleteLoadBalancer', params: { LoadBalancerId: 'lb-hz-web' }, accessKeyId: 'AK' },
      world,
    );
    expect((await count()).some((c) => c.GroupName === 'ACS::SLB::LoadBalancer')).toBe(false);
    const total = await rpcBody(rc, V, 'GetResourceCounts', { 'Filter.1.Key': 'ResourceType', 'Filter.1.Value.1': 'ACS::FC::Function' });
    expect(total.ResourceCounts).toEqual([{ Count: 23 }]);
  });
});

describe('Resource Center disabled', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: demoScenario({ resourcecenter: { enabled: false } }), speed: 1000 });
  });
  afterAll(async () => sb?.close());

  it('reports Disabled and refuses searches with ServiceNotEnabled', async () => {
    const rc = genericClient(sb);
    expect(await rpcBody(rc, V, 'GetResourceCenterServiceStatus')).toEqual(expect.objectContaining({ ServiceStatus: 'Disabled' }));
    expect(await refusal(rpcBody(rc, V, 'SearchResources'))).toEqual({ code: 'ServiceNotEnabled', statusCode: 400 });
    expect(await refusal(rpcBody(rc, V, 'GetResourceCounts', { GroupByKey: 'ResourceType' }))).toEqual({
      code: 'ServiceNotEnabled',
      statusCode: 400,
    });
  });
});
