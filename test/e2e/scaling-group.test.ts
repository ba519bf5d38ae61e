// An Auto Scaling group (min size 2) whose instances sit in a vswitch: apply must delete the
// group first — it releases its own instances — and never the instances themselves, which the
// group would only replace (the sandbox's group launches a replacement below its minimum, and
// the vswitch then never empties). The account ends empty.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlanJson } from '../../src/plan/render/json.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { describeRun, logMark, makeWorkspace, mutatingRequestsSince, parseJsonOutput, resetSandbox, runCli, sandboxEnv } from './cli.js';
import { emptyAccountScenario } from './scenarios.js';

const ACCOUNT = '2222333344445555';
const HZ = 'cn-hangzhou';

function scalingGroupScenario() {
  return {
    ...emptyAccountScenario({ id: ACCOUNT }),
    vpc: {
      vpcs: [{ id: 'vpc-asg', region: HZ, cidrBlock: '10.5.0.0/16', name: 'asg' }],
      vSwitches: [{ id: 'vsw-asg', vpcId: 'vpc-asg', zoneId: 'cn-hangzhou-h', cidrBlock: '10.5.1.0/24', name: 'asg' }],
    },
    ecs: { securityGroups: [{ id: 'sg-asg', region: HZ, vpcId: 'vpc-asg', name: 'asg' }] },
    ess: {
      scalingGroups: [
        {
          id: 'asg-web',
          region: HZ,
          name: 'web',
          minSize: 2,
          maxSize: 4,
          vSwitchIds: ['vsw-asg'],
          securityGroupIds: ['sg-asg'],
          deletionProtection: true,
        },
      ],
    },
  };
}

interface StateDump {
  readonly products: {
    readonly ecs: { readonly instances: readonly unknown[] };
    readonly ess: { readonly scalingGroups: readonly unknown[]; readonly replacementsLaunched: number };
  };
}

let sb: RunningSandbox;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const cli = (...args: string[]) => runCli(args, { cwd: ws.cwd, env: sandboxEnv(sb, ws.home) });

beforeAll(async () => {
  sb = await startSandbox({ scenario: scalingGroupScenario(), speed: 2000 });
});
afterAll(async () => sb.close());
beforeEach(async () => {
  ws = await makeWorkspace();
  await resetSandbox(sb);
});
afterEach(async () => ws.cleanup());

describe('apply on an account with an Auto Scaling group', { timeout: 300_000 }, () => {
  it('plans the group before its instances, deletes only the group, and the account empties', async () => {
    const planned = await cli('plan', '--json');
    expect(planned.code, describeRun(planned)).toBe(0);
    const plan = parseJsonOutput<PlanJson>(planned);
    const order = plan.resources.map((n) => n.address);
    const group = 'ess.scaling-group/cn-hangzhou/asg-web';
    const instances = plan.resources.filter((n) => n.type === 'ecs.instance');
    expect(instances).toHaveLength(2);
    for (const i of instances) {
      expect(i.steps).toEqual([{ action: 'released-with-owner', description: `released with ${group}` }]);
      expect(order.indexOf(group)).toBeLessThan(order.indexOf(i.address));
    }
    expect(plan.resources.find((n) => n.address === group)?.steps.map((s) => s.action)).toEqual(['disable-deletion-protection', 'delete']);
    expect(order.indexOf('vpc.vswitch/cn-hangzhou/vsw-asg')).toBeGreaterThan(order.indexOf(instances[1]!.address));

    const mark = logMark(sb);
    const run = await cli('apply', `--confirm=${ACCOUNT}`, '--poll-interval-ms', '20', '--no-color');
    expect(run.code, describeRun(run)).toBe(0);
    // 6 resources and the 2 instances' system disks, released with them.
    expect(run.stdout).toMatch(/^Apply: 8 destroyed, 0 already gone, 0 failed, 0 skipped, 0 kept, 0 blocked\.$/m);

    const mutating = mutatingRequestsSince(sb, mark).map((e) => e.action);
    // The group's protection off, the group deleted with ForceDelete; no instance deleted by the tool.
    expect(mutating.filter((a) => a === 'SetGroupDeletionProtection' || a === 'DeleteScalingGroup')).toEqual([
      'SetGroupDeletionProtection',
      'DeleteScalingGroup',
    ]);
    expect(mutating).not.toContain('DeleteInstances');
    expect(mutating).not.toContain('DeleteInstance');

    const state = (await (await fetch(`${sb.url}/__sandbox/state`)).json()) as StateDump;
    expect(state.products.ess.scalingGroups).toEqual([]);
    expect(state.products.ess.replacementsLaunched).toBe(0);
    expect(state.products.ecs.instances).toEqual([]);

    const after = await cli('plan', '--json');
    expect(after.code, describeRun(after)).toBe(0);
    const left = parseJsonOutput<PlanJson>(after);
    expect(left.resources).toEqual([]);
    expect(left.blocked).toEqual([]);
  });
});
