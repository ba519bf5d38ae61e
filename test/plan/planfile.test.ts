import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/graph.js';
import type { Plan } from '../../src/plan/model.js';
import { planChecksum, readPlanFile, writePlanFile } from '../../src/plan/planfile.js';
import { resolveSelection } from '../../src/plan/selection.js';
import { ACCOUNT, CALLER, NOW, SETTINGS, demoCloud, fakeRegistry } from './fakes.js';

function demoPlan(): Plan {
  const cloud = demoCloud();
  const registry = fakeRegistry(cloud);
  const selection = resolveSelection(registry, {});
  return buildPlan({
    registry,
    resources: cloud.resources,
    selection,
    keepRules: [{ tag: { key: 'env', value: 'prod' }, reason: 'production' }],
    caller: CALLER,
    settings: SETTINGS,
    now: NOW,
    toolVersion: '0.1.0',
    account: ACCOUNT,
    scope: { regions: ['cn-hangzhou'], types: selection.selected },
    gaps: [
      {
        type: 'ecs.instance',
        region: 'cn-shanghai',
        code: 'Forbidden.RAM',
        message: 'not authorized',
        action: 'ecs:DescribeInstances',
        fix: 'grant ecs:DescribeInstances to the caller (RAM), then plan again',
      },
    ],
  });
}

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teardown-planfile-'));
  path = join(dir, 'plan.json');
});

const editFile = (edit: (data: Record<string, unknown>) => void) => {
  const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(data);
  writeFileSync(path, JSON.stringify(data, null, 2));
};

async function refusal(expectedAccount = ACCOUNT.id): Promise<string> {
  const err = await readPlanFile(path, { accountId: expectedAccount }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('plan file', () => {
  it('round-trips a plan exactly, pretty-printed with a checksum', async () => {
    const plan = demoPlan();
    await writePlanFile(path, plan);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('\n  "formatVersion": 2,');
    expect(JSON.parse(text).checksum).toBe(planChecksum(plan));
    const back = await readPlanFile(path, { accountId: ACCOUNT.id });
    expect(back).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(back.resources.map((n) => n.address)).toEqual(plan.resources.map((n) => n.address));
  });

  it('a plan that cannot be written is a one-line UserError naming the path', async () => {
    const where = join(dir, 'no-such-folder', 'plan.json');
    await expect(writePlanFile(where, demoPlan())).rejects.toThrow(
      new UserError(`cannot write the plan to ${where} (ENOENT); check the --out path (its folder must exist and be writable)`),
    );
  });

  it('refuses a plan edited after it was saved', async () => {
    await writePlanFile(path, demoPlan());
    // Someone "un-keeps" a production instance by hand.
    editFile((d) => {
      (d.kept as unknown[]).length = 0;
    });
    expect(await refusal()).toBe(`plan file ${path} was modified after it was saved; run plan again`);
  });

  it('refuses a plan without checksum', async () => {
    await writePlanFile(path, demoPlan());
    editFile((d) => delete d.checksum);
    expect(await refusal()).toBe(`plan file ${path} has no checksum; it was not saved by aliyun-teardown plan --out; run plan again`);
  });

  it('refuses a plan for another account', async () => {
    await writePlanFile(path, demoPlan());
    expect(await refusal('9876543210987654')).toBe(
      "plan is for account 1234567890123456 but the credentials belong to 9876543210987654; use that account's credentials or run plan again",
    );
  });

  it('refuses another format version', async () => {
    await writePlanFile(path, { ...demoPlan(), formatVersion: 1 } as unknown as Plan);
    expect(await refusal()).toBe(
      `plan file ${path} has format version 1 but this aliyun-teardown reads version 2; run plan again with this version`,
    );
  });

  it('refuses corrupt JSON, a non-plan and a missing file', async () => {
    writeFileSync(path, '{"formatVersion": 2, "resources": [');
    expect(await refusal()).toMatch(new RegExp(`^plan file ${path} is not valid JSON \\(.+\\); run plan again$`));
    writeFileSync(path, '[1,2,3]');
    expect(await refusal()).toBe(`plan file ${path} is not an aliyun-teardown plan; run plan again`);
    path = join(dir, 'nope.json');
    expect(await refusal()).toBe(
      `cannot read plan file ${path} (file not found); check the path, or save a plan with: aliyun-teardown plan --out ${path}`,
    );
  });

  // A hand-edited plan whose checksum was recomputed passes the checksum: its shape must not.
  const editAndReseal = (edit: (data: Record<string, unknown>) => void) =>
    editFile((d) => {
      delete d.checksum;
      edit(d);
      d.checksum = planChecksum(d as unknown as Plan);
    });

  it.each<[string, (d: Record<string, unknown>) => void, string]>([
    ['resources: [1]', (d) => (d.resources = [1]), 'resources[0]: Expected object, received number'],
    [
      'steps: null',
      (d) => ((d.resources as Record<string, unknown>[])[0]!.steps = null),
      'resources[0].steps: Expected array, received null',
    ],
    ['account: "x"', (d) => (d.account = 'x'), 'account: Expected object, received string'],
    [
      'a node whose resource is another one',
      (d) => {
        const node = (d.resources as Record<string, Record<string, unknown>>[])[0]!;
        node.resource = { ...node.resource, id: 'somebody-else' };
      },
      'does not match its type, region and id',
    ],
  ])('refuses a resealed plan with %s, in one line', async (_what, edit, expected) => {
    await writePlanFile(path, demoPlan());
    editAndReseal(edit);
    const message = await refusal();
    expect(message).toMatch(new RegExp(`^plan file ${path} is not a valid aliyun-teardown plan \\(`));
    expect(message).toContain(expected);
    expect(message).toMatch(/; run plan again$/);
  });

  it('keeps fields it does not know (the checksum covers them)', async () => {
    await writePlanFile(path, { ...demoPlan(), extra: { note: 1 } } as unknown as Plan);
    expect(await readPlanFile(path, { accountId: ACCOUNT.id })).toMatchObject({ extra: { note: 1 } });
  });
});
