// Releasing a disk releases its automatic snapshots when its DeleteAutoSnapshot is true (ECS
// DeleteInstance API docs). Under `--only ecs.instance` those snapshots go too: the plan lists
// them ("released with" their disk, itself released with its instance), apply counts them once
// they no longer read back, and a manual snapshot, or an automatic one of a disk that keeps
// them, is neither listed nor touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { ecsState } from '../../src/sandbox/products/ecs/state.js';
import { emptyAccountScenario } from '../e2e/scenarios.js';
import { runCliInProcess, sandboxCredentials, tempDir } from './in-process.js';

const ACCOUNT = '2222333344445555';
const HZ = 'cn-hangzhou';

function scenario() {
  return {
    ...emptyAccountScenario({ id: ACCOUNT }),
    vpc: {
      vpcs: [{ id: 'vpc-1', region: HZ, cidrBlock: '10.0.0.0/16', name: 'main' }],
      vSwitches: [{ id: 'vsw-1', vpcId: 'vpc-1', zoneId: 'cn-hangzhou-h', cidrBlock: '10.0.1.0/24', name: 'main' }],
    },
    ecs: {
      securityGroups: [{ id: 'sg-1', region: HZ, vpcId: 'vpc-1', name: 'main' }],
      instances: [{ id: 'i-web', region: HZ, name: 'web', vSwitchId: 'vsw-1', securityGroupIds: ['sg-1'], systemDiskId: 'd-sys' }],
      disks: [
        { id: 'd-data', region: HZ, instanceId: 'i-web', deleteWithInstance: true, deleteAutoSnapshot: true },
        { id: 'd-logs', region: HZ, instanceId: 'i-web', deleteWithInstance: true, deleteAutoSnapshot: false },
      ],
      snapshots: [
        { id: 's-auto-sys', region: HZ, sourceDiskId: 'd-sys', snapshotType: 'auto' },
        { id: 's-auto-data', region: HZ, sourceDiskId: 'd-data', snapshotType: 'auto' },
        { id: 's-manual', region: HZ, sourceDiskId: 'd-data', snapshotType: 'user' },
        { id: 's-auto-logs', region: HZ, sourceDiskId: 'd-logs', snapshotType: 'auto' },
      ],
    },
  };
}

let sb: RunningSandbox;
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  sb = await startSandbox({ scenario: scenario(), speed: 1000 });
  dir = await tempDir();
});
afterAll(async () => {
  await sb?.close();
  await dir?.cleanup();
});

interface PlanJson {
  readonly resources: ReadonlyArray<{ readonly address: string; readonly releasedWith?: string }>;
}

describe('automatic snapshots of released disks', () => {
  it('are in the plan of `--only ecs.instance`, released with their disk, and go with it; the others stay', async () => {
    const state = ['--state-dir', dir.path];
    const planned = await runCliInProcess(['plan', '--only', 'ecs.instance', '--json', ...state], sandboxCredentials(sb));
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout) as PlanJson;
    const released = new Map(plan.resources.map((r) => [r.address, r.releasedWith]));
    expect(released.get('ecs.snapshot/cn-hangzhou/s-auto-sys')).toBe('ecs.disk/cn-hangzhou/d-sys');
    expect(released.get('ecs.snapshot/cn-hangzhou/s-auto-data')).toBe('ecs.disk/cn-hangzhou/d-data');
    expect(released.get('ecs.disk/cn-hangzhou/d-sys')).toBe('ecs.instance/cn-hangzhou/i-web');
    expect(released.has('ecs.snapshot/cn-hangzhou/s-manual')).toBe(false);
    expect(released.has('ecs.snapshot/cn-hangzhou/s-auto-logs')).toBe(false);

    const applied = await runCliInProcess(
      ['apply', '--only', 'ecs.instance', `--confirm=${ACCOUNT}`, '--poll-interval-ms', '20', ...state],
      sandboxCredentials(sb),
    );
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^Apply: 6 destroyed, 0 already gone, 0 failed/m);
    const ecs = ecsState(sb.world);
    expect([...ecs.snapshots.keys()].sort()).toEqual(['s-auto-logs', 's-manual']);
    expect(ecs.instances.has('i-web')).toBe(false);
    // Nothing was called for a snapshot: the disks' release took them.
    expect(sb.requestLog().filter((r) => r.action === 'DeleteSnapshot')).toEqual([]);
  });
});
