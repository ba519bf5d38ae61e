// A saved plan may sit for a while before apply. An EIP, disk or network interface the plan
// unassociates from an instance it destroys may meanwhile have been moved to an instance a keep
// rule keeps: apply re-reads it, sees an attachment the plan never saw, and leaves it alone,
// rather than detaching it from the kept instance (its `instanceId` is an attachment property).
// Likewise a disk attached with DeleteWithInstance to an instance the plan releases: releasing
// the instance would take the disk along, unreviewed; apply skips the instance instead.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { vpcState } from '../../src/sandbox/products/vpc/state.js';
import { ecsState } from '../../src/sandbox/products/ecs/state.js';
import { resetSandbox } from '../sandbox/admin-client.js';
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
      eips: [{ id: 'eip-1', region: HZ, ipAddress: '47.96.1.1', instanceId: 'i-old', instanceType: 'EcsInstance' }],
    },
    ecs: {
      securityGroups: [{ id: 'sg-1', region: HZ, vpcId: 'vpc-1', name: 'main' }],
      instances: [
        { id: 'i-old', region: HZ, name: 'old', vSwitchId: 'vsw-1', securityGroupIds: ['sg-1'], status: 'Running' },
        {
          id: 'i-kept',
          region: HZ,
          name: 'kept',
          vSwitchId: 'vsw-1',
          securityGroupIds: ['sg-1'],
          status: 'Running',
          tags: { keep: 'true' },
        },
      ],
    },
  };
}

let sb: RunningSandbox;
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  sb = await startSandbox({ scenario: scenario(), speed: 1000 });
  dir = await tempDir();
  await writeFile(join(dir.path, 'teardown.yaml'), 'keep:\n  - tag: { key: keep, value: "true" }\n');
});
afterAll(async () => {
  await sb?.close();
  await dir?.cleanup();
});

describe('an attachment that appeared after the plan', () => {
  it('an EIP moved to a kept instance after the plan is skipped, not unassociated from it', async () => {
    const planFile = join(dir.path, 'plan.json');
    const common = ['--config', join(dir.path, 'teardown.yaml'), '--state-dir', join(dir.path, 'state')];
    const planned = await runCliInProcess(['plan', '--out', planFile, '--json', ...common], sandboxCredentials(sb));
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout) as { resources: Array<{ address: string; steps: Array<{ action: string }> }> };
    expect(plan.resources.find((r) => r.address === 'vpc.eip/cn-hangzhou/eip-1')?.steps.map((s) => s.action)).toEqual([
      'unassociate',
      'release',
    ]);

    // Meanwhile, someone moves the EIP to the instance the keep rule keeps.
    const eip = vpcState(sb.world).eips.get('eip-1');
    if (!eip) throw new Error('scenario: eip-1 missing');
    eip.instanceId = 'i-kept';

    const applied = await runCliInProcess(
      ['apply', planFile, `--confirm=${ACCOUNT}`, '--poll-interval-ms', '20', ...common],
      sandboxCredentials(sb),
    );
    expect(applied.code, applied.stdout + applied.stderr).toBe(3);
    expect(applied.stdout).toContain('changed since the plan was made: instanceId now also has i-kept');
    expect(vpcState(sb.world).eips.get('eip-1')).toMatchObject({ instanceId: 'i-kept', status: 'InUse' });
    expect(sb.requestLog().filter((r) => r.action === 'UnassociateEipAddress')).toEqual([]);
  });

  it('a data disk attached with DeleteWithInstance to a planned instance after the plan: the instance is skipped, the disk survives', async () => {
    await resetSandbox(sb);
    const planFile = join(dir.path, 'plan-disk.json');
    const common = ['--config', join(dir.path, 'teardown.yaml'), '--state-dir', join(dir.path, 'state-disk')];
    const planned = await runCliInProcess(['plan', '--out', planFile, '--json', ...common], sandboxCredentials(sb));
    expect(planned.code, planned.stderr).toBe(0);

    // Meanwhile, someone attaches a data disk to i-old, to be released with it.
    ecsState(sb.world).disks.set('d-new', {
      id: 'd-new',
      region: HZ,
      zoneId: 'cn-hangzhou-h',
      name: 'fresh-data',
      type: 'data',
      category: 'cloud_essd',
      size: 100,
      instanceId: 'i-old',
      status: 'In_use',
      deleteWithInstance: true,
      deleteAutoSnapshot: true,
      chargeType: 'PostPaid',
      sourceSnapshotId: '',
      createdAt: '2026-11-29T00:00:00Z',
      tags: [],
    });

    const applied = await runCliInProcess(
      ['apply', planFile, `--confirm=${ACCOUNT}`, '--poll-interval-ms', '20', ...common],
      sandboxCredentials(sb),
    );
    expect(applied.code, applied.stdout + applied.stderr).toBe(3);
    expect(applied.stdout).toContain('changed since the plan was made: releasedDiskIds now also has d-new');
    expect(ecsState(sb.world).disks.get('d-new')).toMatchObject({ instanceId: 'i-old', status: 'In_use' });
    const releases = sb
      .requestLog()
      .filter((r) => /^DeleteInstances?$/.test(r.action) && Object.values(r.params).some((v) => v.includes('i-old')));
    expect(releases).toEqual([]);
  });
});
