import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/graph.js';
import type { Plan } from '../../src/plan/model.js';
import { renderPlanHuman } from '../../src/plan/render/human.js';
import { planToJson, renderPlanJson } from '../../src/plan/render/json.js';
import { resolveSelection } from '../../src/plan/selection.js';
import { ACCOUNT, CALLER, NOW, SETTINGS, FakeCloud, demoCloud, fakeRegistry, res } from './fakes.js';

function planFor(cloud: FakeCloud, only?: string[]): Plan {
  const registry = fakeRegistry(cloud);
  const selection = resolveSelection(registry, { only });
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
        message: 'User not authorized',
        action: 'ecs:DescribeInstances',
        fix: 'grant ecs:DescribeInstances to the caller (RAM), then plan again',
      },
    ],
  });
}

describe('human rendering', () => {
  it('renders the whole plan, terraform-like, ending with the summary line', () => {
    const text = renderPlanHuman(planFor(demoCloud(), ['ecs', 'vpc']), { color: false });
    expect(text).toBe(
      [
        'Account: 1234567890123456',
        'Caller:  acs:ram::1234567890123456:user/teardown-bot (RAMUser, AccessKey LTAI5tDemoTeardownBot01)',
        'Regions: cn-hangzhou',
        'Types:   ecs.instance, ecs.security-group, vpc.vpc, vpc.vswitch',
        '',
        'aliyun-teardown will destroy these resources, in this order:',
        '',
        '  # ecs.instance/cn-hangzhou/i-web will be destroyed',
        '      web · chargeType=PrePaid, securityGroupIds=[sg-web], status=Running, vswitchId=vsw-web',
        '      - convert-to-postpaid: convert subscription to pay-as-you-go',
        '      - delete: delete instance i-web',
        '',
        '  # ecs.security-group/cn-hangzhou/sg-web will be destroyed',
        '      vpcId=vpc-1',
        '      - delete: delete ecs.security-group',
        '',
        '  # vpc.vswitch/cn-hangzhou/vsw-web will be destroyed',
        '      vpcId=vpc-1',
        '      - delete: delete vpc.vswitch',
        '',
        'Kept:',
        '  ecs.instance/cn-hangzhou/i-db (db): keep rule #1: tag env=prod (production)',
        '',
        'Blocked:',
        '  ecs.security-group/cn-hangzhou/sg-db: ecs.instance/cn-hangzhou/i-db is kept and must be gone first: instance in this security group',
        '  vpc.vpc/cn-hangzhou/vpc-1 (main): ecs.security-group/cn-hangzhou/sg-db is blocked and must be gone first: security group in this VPC',
        '  vpc.vswitch/cn-hangzhou/vsw-db: ecs.instance/cn-hangzhou/i-db is kept and must be gone first: instance in this vswitch',
        '',
        'INCOMPLETE: 1 scan gap(s). What these lists hold is unknown; everything it may hold is blocked above, and apply refuses this plan unless --allow-incomplete:',
        '  ecs.instance in cn-shanghai: ecs:DescribeInstances failed with Forbidden.RAM: User not authorized',
        '      fix: grant ecs:DescribeInstances to the caller (RAM), then plan again',
        '',
        'Plan: 3 to destroy, 1 kept, 3 blocked, 1 scan gap.',
        '',
      ].join('\n'),
    );
  });

  it("marks the caller's own credentials, and says when there is nothing to destroy", () => {
    const text = renderPlanHuman(planFor(demoCloud(), ['ram']), { color: false });
    expect(text).toContain(
      "  # ram.access-key/global/LTAI5tDemoTeardownBot01 will be destroyed\n      userName=teardown-bot\n      (the caller's own credentials: destroyed after everything else)\n",
    );
    const empty = renderPlanHuman(planFor(new FakeCloud(), ['oss']), { color: false });
    expect(empty).toContain('No resources to destroy.');
    expect(empty.trimEnd().split('\n').at(-1)).toBe('Plan: 0 to destroy, 0 kept, 0 blocked, 1 scan gap.');
  });

  it('uses colour only when asked', () => {
    const plan = planFor(demoCloud());
    const plain = renderPlanHuman(plan, { color: false });
    const coloured = renderPlanHuman(plan, { color: true });
    const ESC = String.fromCharCode(27);
    expect(plain).not.toContain(`${ESC}[`);
    expect(coloured).toMatch(new RegExp(`${ESC}\\[\\d+m`));
    expect(coloured.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).toBe(plain);
  });

  it('leaves out empty facts, which the JSON output keeps', () => {
    const cloud = demoCloud().add(
      res('oss.bucket', 'cn-shanghai', 'logs', { properties: { versioning: null, objectCount: 3, tags: [], note: '' } }),
    );
    const plan = planFor(cloud);
    const text = renderPlanHuman(plan, { color: false });
    expect(text).toContain('# oss.bucket/cn-shanghai/logs will be destroyed\n      objectCount=3\n');
    expect(planToJson(plan).resources.find((r) => r.id === 'logs')?.properties).toEqual({
      versioning: null,
      objectCount: 3,
      tags: [],
      note: '',
    });
  });

  it('is deterministic', () => {
    const cloud = demoCloud().add(res('oss.bucket', 'cn-shanghai', 'logs'));
    expect(renderPlanHuman(planFor(cloud), { color: false })).toBe(renderPlanHuman(planFor(cloud), { color: false }));
  });
});

describe('JSON rendering', () => {
  it('has exactly the documented fields', () => {
    const plan = planFor(demoCloud());
    const json = JSON.parse(renderPlanJson(plan)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'formatVersion',
      'toolVersion',
      'account',
      'endpoint',
      'scope',
      'resources',
      'kept',
      'blocked',
      'gaps',
      'complete',
      'summary',
    ]);
    expect(json).toMatchObject({
      formatVersion: 2,
      toolVersion: '0.1.0',
      account: ACCOUNT,
      scope: { regions: ['cn-hangzhou'], types: plan.scope.types },
      summary: plan.summary,
      gaps: [
        {
          type: 'ecs.instance',
          region: 'cn-shanghai',
          code: 'Forbidden.RAM',
          message: 'User not authorized',
          action: 'ecs:DescribeInstances',
          fix: 'grant ecs:DescribeInstances to the caller (RAM), then plan again',
        },
      ],
    });
    const resources = json.resources as Array<Record<string, unknown>>;
    expect(Object.keys(resources[0]!)).toEqual([
      'address',
      'type',
      'region',
      'id',
      'name',
      'properties',
      'steps',
      'dependsOn',
      'caller',
      'releasedWith',
    ]);
    expect(resources.find((r) => r.id === 'i-web')).toEqual({
      address: 'ecs.instance/cn-hangzhou/i-web',
      type: 'ecs.instance',
      region: 'cn-hangzhou',
      id: 'i-web',
      name: 'web',
      properties: { chargeType: 'PrePaid', securityGroupIds: ['sg-web'], status: 'Running', vswitchId: 'vsw-web' },
      steps: [
        { action: 'convert-to-postpaid', description: 'convert subscription to pay-as-you-go' },
        { action: 'delete', description: 'delete instance i-web' },
      ],
      dependsOn: [],
      caller: false,
      releasedWith: null,
    });
    expect(resources.find((r) => r.id === 'vsw-web')).toMatchObject({
      name: null,
      dependsOn: [{ address: 'ecs.instance/cn-hangzhou/i-web', reason: 'instance in this vswitch' }],
    });
    expect((json.blocked as unknown[])[0]).toEqual({
      address: 'ecs.security-group/cn-hangzhou/sg-db',
      type: 'ecs.security-group',
      region: 'cn-hangzhou',
      id: 'sg-db',
      name: null,
      reason: 'ecs.instance/cn-hangzhou/i-db is kept and must be gone first: instance in this security group',
      blockedBy: ['ecs.instance/cn-hangzhou/i-db'],
    });
    expect((json.kept as unknown[])[0]).toMatchObject({ address: 'ecs.instance/cn-hangzhou/i-db', name: 'db', blockedBy: [] });
    expect(planToJson(plan)).toEqual(json);
  });
});

describe('graph rendering', () => {
  it('draws destroy edges with their reasons, and what is kept or blocked in the way', async () => {
    const { renderPlanGraph } = await import('../../src/plan/render/graph.js');
    const plan = planFor(demoCloud(), ['ecs', 'vpc']);
    const dot = renderPlanGraph(plan, 'dot');
    expect(dot.startsWith('digraph teardown {')).toBe(true);
    for (const node of plan.resources) {
      expect(dot).toContain(`"${node.address}"`);
      for (const d of node.dependsOn) expect(dot).toContain(`"${d.address}" -> "${node.address}" [label="${d.reason}"];`);
    }
    const mermaid = renderPlanGraph(plan, 'mermaid');
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    const edgeCount = plan.resources.reduce((n, r) => n + r.dependsOn.length, 0);
    expect(mermaid.split('\n').filter((l) => l.includes('-->')).length).toBe(edgeCount);
    expect(edgeCount).toBeGreaterThan(0);
  });
});
