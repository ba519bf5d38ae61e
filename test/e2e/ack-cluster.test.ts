// An ACK cluster with two pay-as-you-go nodes, a subscription node, the security group and API
// server SLB it created: the plan shows the pay-as-you-go nodes and the SLB "released with" the
// cluster, the subscription node and the group (still used by that node, so the cluster keeps it)
// after it. Apply deletes the cluster — never its nodes or its protected group behind its back
// (the sandbox's ECS refuses the group while the cluster exists, InvalidOperation.DeletionProtection)
// — then what it left, and the account ends empty.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlanJson } from '../../src/plan/render/json.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, parseJsonOutput, resetSandbox, runCli, sandboxEnv } from './cli.js';
import { emptyAccountScenario } from './scenarios.js';

const ACCOUNT = '2222333344445555';
const HZ = 'cn-hangzhou';
const CLUSTER = 'cs.cluster/cn-hangzhou/c-k8s';

function clusterScenario() {
  return {
    ...emptyAccountScenario({ id: ACCOUNT }),
    vpc: {
      vpcs: [{ id: 'vpc-k8s', region: HZ, cidrBlock: '10.8.0.0/16', name: 'k8s' }],
      vSwitches: [{ id: 'vsw-k8s', vpcId: 'vpc-k8s', zoneId: 'cn-hangzhou-h', cidrBlock: '10.8.1.0/24', name: 'k8s' }],
    },
    ecs: {
      securityGroups: [{ id: 'sg-ack', region: HZ, vpcId: 'vpc-k8s', name: 'alicloud-cs-auto-created-security-group' }],
      instances: ['i-node1', 'i-node2']
        .map((id) => ({ id, region: HZ, vSwitchId: 'vsw-k8s', securityGroupIds: ['sg-ack'], chargeType: 'PostPaid' }))
        .concat([
          {
            id: 'i-node3',
            region: HZ,
            vSwitchId: 'vsw-k8s',
            securityGroupIds: ['sg-ack'],
            chargeType: 'PrePaid',
            expiredTime: '2027-06-30T16:00Z',
          } as never,
        ]),
    },
    slb: {
      loadBalancers: [{ id: 'lb-apiserver', region: HZ, name: 'k8s-api', vpcId: 'vpc-k8s', vswitchId: 'vsw-k8s', zoneId: 'cn-hangzhou-h' }],
    },
    cs: {
      clusters: [
        {
          id: 'c-k8s',
          name: 'k8s',
          region: HZ,
          vpcId: 'vpc-k8s',
          vSwitchIds: ['vsw-k8s'],
          securityGroupId: 'sg-ack',
          deletionProtection: true,
          nodes: [
            { instanceId: 'i-node1', chargeType: 'PostPaid' },
            { instanceId: 'i-node2', chargeType: 'PostPaid' },
            { instanceId: 'i-node3', chargeType: 'PrePaid' },
          ],
          resources: [
            { type: 'ALIYUN::ECS::SecurityGroup', id: 'sg-ack' },
            { type: 'ALIYUN::SLB::Instance', id: 'lb-apiserver' },
          ],
        },
      ],
    },
  };
}

interface StateDump {
  readonly products: {
    readonly cs: { readonly clusters: readonly unknown[] };
    readonly ecs: { readonly instances: readonly unknown[]; readonly securityGroups: readonly unknown[] };
  };
}

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });

beforeAll(async () => {
  sb = await startSandbox({ scenario: clusterScenario(), speed: 2000 });
});
afterAll(async () => sb.close());
beforeEach(async () => {
  ws = await makeWorkspace();
  await resetSandbox(sb);
});
afterEach(async () => ws.cleanup());

describe('apply on an account with an ACK cluster', { timeout: 300_000 }, () => {
  it('plans what the cluster releases under it, deletes the cluster, then what it left, and the account empties', async () => {
    const planned = await cli('plan', '--json');
    expect(planned.code, describeRun(planned)).toBe(0);
    const plan = parseJsonOutput<PlanJson>(planned);
    const order = plan.resources.map((n) => n.address);
    const node = (address: string) => plan.resources.find((n) => n.address === address);
    const released = { action: 'released-with-owner', description: `released with ${CLUSTER}` };
    for (const a of [
      'ecs.instance/cn-hangzhou/i-node1',
      'ecs.instance/cn-hangzhou/i-node2',
      'slb.load-balancer/cn-hangzhou/lb-apiserver',
    ]) {
      expect(node(a)?.steps, a).toEqual([released]);
      expect(order.indexOf(CLUSTER)).toBeLessThan(order.indexOf(a));
    }
    expect(node(CLUSTER)?.steps.map((s) => s.action)).toEqual(['disable-deletion-protection', 'delete']);
    expect(node(CLUSTER)?.steps[1]?.description).toMatch(/releases 2 pay-as-you-go nodes.*it keeps 1 subscription node/);
    // Left by the cluster: the subscription node is converted and released by the tool, after
    // the cluster; the group it still sits in follows it.
    expect(node('ecs.instance/cn-hangzhou/i-node3')?.steps.map((s) => s.action)).toEqual(['convert-to-postpaid', 'delete']);
    expect(order.indexOf(CLUSTER)).toBeLessThan(order.indexOf('ecs.instance/cn-hangzhou/i-node3'));
    expect(node('ecs.security-group/cn-hangzhou/sg-ack')?.steps.map((s) => s.action)).toContain('delete');
    expect(order.indexOf('ecs.instance/cn-hangzhou/i-node3')).toBeLessThan(order.indexOf('ecs.security-group/cn-hangzhou/sg-ack'));

    const mark = logMark(sb);
    const run = await cli('apply', `--confirm=${ACCOUNT}`, '--poll-interval-ms', '20', '--no-color');
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toMatch(/^Apply: \d+ destroyed, 0 already gone, 0 failed, 0 skipped, 0 kept, 0 blocked\.$/m);

    const mutating = mutatingRequestsSince(sb, mark);
    expect(mutating.filter((e) => e.product === 'cs').map((e) => e.action)).toEqual(['ModifyCluster', 'DeleteCluster']);
    // The nodes the cluster releases were never deleted by the tool, nor was anything refused.
    const deletedInstances = mutating.filter((e) => e.action === 'DeleteInstance' || e.action === 'DeleteInstances');
    expect(JSON.stringify(deletedInstances)).not.toMatch(/i-node1|i-node2/);
    expect(mutating.filter((e) => e.code !== undefined)).toEqual([]);

    const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as StateDump;
    expect(state.products.cs.clusters).toEqual([]);
    expect(state.products.ecs.instances).toEqual([]);
    expect(state.products.ecs.securityGroups).toEqual([]);

    const after = await cli('plan', '--json');
    expect(after.code, describeRun(after)).toBe(0);
    const left = parseJsonOutput<PlanJson>(after);
    expect(left.resources).toEqual([]);
    expect(left.blocked).toEqual([]);
  });
});
