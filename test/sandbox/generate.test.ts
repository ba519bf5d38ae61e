import { describe, expect, it } from 'vitest';
import * as RamModels from '@alicloud/ram20150501';
import { GENERATED_CALLER, generateScenario } from '../../src/sandbox/scenarios/generate.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { admin } from './admin-client.js';
import { ramClient, rpc } from './clients.js';

describe('generateScenario', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateScenario({ regions: 2, perType: 3, objectsPerBucket: 5, seed: 7 });
    expect(generateScenario({ regions: 2, perType: 3, objectsPerBucket: 5, seed: 7 })).toEqual(a);
    expect(generateScenario({ regions: 2, perType: 3, objectsPerBucket: 5, seed: 8 })).not.toEqual(a);
  });

  it('refuses sizes it cannot produce', () => {
    expect(() => generateScenario({ regions: 0, perType: 1, objectsPerBucket: 0, seed: 1 })).toThrow(/regions/);
    expect(() => generateScenario({ regions: 1, perType: -1, objectsPerBucket: 0, seed: 1 })).toThrow(/perType/);
  });

  it('produces a scenario every product seeds, with perType resources per region', async () => {
    const scenario = generateScenario({ regions: 2, perType: 3, objectsPerBucket: 1200, seed: 'bench' });
    const sb = await startSandbox({ scenario });
    try {
      expect(sb.callerAccessKey).toEqual(GENERATED_CALLER);
      for (const region of ['cn-hangzhou', 'cn-shanghai']) {
        const instances = await rpc(sb, '2014-05-26', 'DescribeInstances', { RegionId: region });
        expect(instances.TotalCount).toBe(3);
        const vpcs = await rpc(sb, '2016-04-28', 'DescribeVpcs', { RegionId: region });
        expect(vpcs.TotalCount).toBe(3);
      }
      const users = await ramClient(sb).listUsers(new RamModels.ListUsersRequest({ maxItems: 1000 }));
      expect(users.body?.users?.user).toHaveLength(4);
      const state = (await admin(sb, 'GET', 'state')).json as { products: { oss: { buckets: Array<{ name: string; region: string }> } } };
      expect(state.products.oss.buckets).toHaveLength(6);
    } finally {
      await sb.close();
    }
  });
});
