/**
 * The access-denied switch: refused actions answer as a caller without the RAM permission is
 * answered (403 Forbidden.RAM with AccessDeniedDetail), only where the rule says.
 */
import Ecs, { DescribeInstancesRequest } from '@alicloud/ecs20140526';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { admin } from './admin-client.js';
import { sdkConfig } from './clients.js';

type EcsClient = InstanceType<typeof Ecs.default>;
const EcsCtor = ((Ecs as unknown as { default?: unknown }).default ?? Ecs) as new (c: ReturnType<typeof sdkConfig>) => EcsClient;

describe('access denied on purpose', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ scenario: 'demo' });
  });
  afterAll(() => sb.close());

  it('refuses the given action in the given region with the real error, and nothing else', async () => {
    const set = await admin(sb, 'POST', 'deny', { rules: [{ product: 'ecs', action: 'DescribeInstances', region: 'cn-shanghai' }] });
    expect(set).toEqual({ status: 200, json: { rules: [{ action: 'DescribeInstances', product: 'ecs', region: 'cn-shanghai' }] } });
    const ecs = new EcsCtor(sdkConfig(sb));
    const err = (await ecs.describeInstances(new DescribeInstancesRequest({ regionId: 'cn-shanghai' })).catch((e: unknown) => e)) as {
      statusCode?: number;
      code?: string;
      data?: Record<string, unknown>;
    };
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('Forbidden.RAM');
    expect(err.data?.Message).toBe("User not authorized to operate on the specified resource, or this API doesn't support RAM.");
    expect(err.data?.AccessDeniedDetail).toMatchObject({ AuthAction: 'ecs:DescribeInstances', NoPermissionType: 'ImplicitDeny' });
    const other = await ecs.describeInstances(new DescribeInstancesRequest({ regionId: 'cn-hangzhou' }));
    expect(other.body?.instances?.instance?.length).toBeGreaterThan(0);

    expect((await admin(sb, 'POST', 'deny', { rules: [{ region: 'cn-shanghai' }] })).status).toBe(400);
    await admin(sb, 'POST', 'deny', { rules: [] });
    const lifted = await ecs.describeInstances(new DescribeInstancesRequest({ regionId: 'cn-shanghai' }));
    expect(lifted.body?.instances?.instance?.length).toBeGreaterThan(0);
  });
});
