/**
 * Listings with a detail call per resource run those calls side by side under the scan's call
 * caps (ALB load balancers' attributes, VPN gateways' connections, each route table's entries),
 * and global listings start before regional ones: one after another, each made itself the tail
 * of a whole scan (docs/benchmarks.md). Real providers and SDK clients against nock; each
 * answer is held back a little so that calls overlap.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { scanAccount, type ScanProgress } from '../../src/plan/scan.js';
import { defaultRegistry } from '../../src/providers/index.js';
import { CALLER, SETTINGS, silentLog } from './fakes.js';

const HOST = 'http://cloud.test';
afterEach(() => nock.cleanAll());

const N = 12;
const ids = (prefix: string) => Array.from({ length: N }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);

/** Answers by action after `delayMs`, counting each action's calls in flight. */
function account(bodies: Record<string, (q: URLSearchParams) => object>, delayMs = 15) {
  const stats = { inFlight: new Map<string, number>(), most: new Map<string, number>(), total: 0, mostTotal: 0 };
  nock(HOST)
    .persist()
    .post('/')
    .query(true)
    .reply(function (uri, _body, callback) {
      const action = String(this.req.headers['x-acs-action']);
      const query = new URL(uri, HOST).searchParams;
      stats.inFlight.set(action, (stats.inFlight.get(action) ?? 0) + 1);
      stats.most.set(action, Math.max(stats.most.get(action) ?? 0, stats.inFlight.get(action)!));
      stats.mostTotal = Math.max(stats.mostTotal, ++stats.total);
      setTimeout(() => {
        stats.inFlight.set(action, stats.inFlight.get(action)! - 1);
        stats.total--;
        const body = bodies[action];
        callback(null, body ? [200, { RequestId: `req-${action}`, ...body(query) }] : [404, { Code: 'InvalidAction.NotFound' }]);
      }, delayMs);
    });
  return stats;
}

function scan(scanned: readonly string[], global: number, onProgress?: (e: ScanProgress) => void) {
  return scanAccount({
    registry: defaultRegistry(),
    types: scanned,
    regions: ['cn-hangzhou'],
    clients: new CloudClients({
      credentials: { accessKeyId: CALLER.accessKeyId, accessKeySecret: 'test-secret', source: 'static' },
      mode: 'read-only',
      endpointOverride: HOST,
    }),
    caller: CALLER,
    settings: SETTINGS,
    concurrency: { global },
    signal: new AbortController().signal,
    log: silentLog,
    onProgress,
  });
}

describe('scan detail listings', () => {
  it('describes ALB load balancers, VPN gateways and route tables several at once, never beyond the global cap', async () => {
    const stats = account({
      ListLoadBalancers: () => ({ LoadBalancers: ids('alb').map((id) => ({ LoadBalancerId: id, LoadBalancerStatus: 'Active' })) }),
      GetLoadBalancerAttribute: (q) => ({ LoadBalancerId: q.get('LoadBalancerId'), ZoneMappings: [{ VSwitchId: 'vsw-1', ZoneId: 'z' }] }),
      DescribeVpnGateways: () => ({ TotalCount: N, VpnGateways: { VpnGateway: ids('vpn').map((id) => ({ VpnGatewayId: id })) } }),
      DescribeVpnConnections: (q) => ({
        TotalCount: 1,
        VpnConnections: { VpnConnection: [{ VpnConnectionId: `vco-${q.get('VpnGatewayId') ?? ''}`, VpnGatewayId: q.get('VpnGatewayId') }] },
      }),
      DescribeRouteTableList: () => ({
        TotalCount: N,
        RouterTableList: { RouterTableListType: ids('vtb').map((id) => ({ RouteTableId: id, VpcId: 'vpc-1' })) },
      }),
      DescribeRouteEntryList: (q) => ({
        RouteEntrys: {
          RouteEntry: [{ RouteEntryId: `rte-${q.get('RouteTableId') ?? ''}`, RouteTableId: q.get('RouteTableId'), Type: 'Custom' }],
        },
      }),
    });
    const result = await scan(['alb.load-balancer', 'vpc.vpn-gateway', 'vpc.route-entry'], 4);
    expect(result.gaps).toEqual([]);
    expect(result.resources.filter((r) => r.type === 'alb.load-balancer')).toHaveLength(N);
    expect(result.resources.find((r) => r.id === 'alb-03')?.properties.vSwitchIds).toEqual(['vsw-1']);
    expect(result.resources.find((r) => r.id === 'vpn-05')?.properties.vpnConnectionIds).toEqual(['vco-vpn-05']);
    expect(result.resources.filter((r) => r.type === 'vpc.route-entry').map((r) => r.id)).toEqual(ids('vtb').map((t) => `rte-${t}`));
    for (const action of ['GetLoadBalancerAttribute', 'DescribeVpnConnections', 'DescribeRouteEntryList'])
      expect(stats.most.get(action), action).toBeGreaterThan(1);
    expect(stats.mostTotal).toBeLessThanOrEqual(4);
  });

  it('starts the global listings first, whatever their place among the types', async () => {
    account({
      ListLoadBalancers: () => ({ LoadBalancers: [] }),
      ListUsers: () => ({ IsTruncated: false, Users: { User: [] } }),
    });
    const started: string[] = [];
    const result = await scan(['alb.load-balancer', 'ram.user'], 1, (e) => {
      if (e.kind === 'started') started.push(e.type);
    });
    expect(result.gaps).toEqual([]);
    expect(started).toEqual(['ram.user', 'alb.load-balancer']);
  });
});
