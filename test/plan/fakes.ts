/**
 * Fake resource types for planner tests: the shape of the real catalogue (instances in
 * vswitches and security groups, VPCs, RAM users and keys, buckets), with dependencies
 * computed from properties the way real providers do, and no HTTP. `list()` serves
 * whatever the test put in a `FakeCloud`.
 */
import pino from 'pino';
import { CloudApiError } from '../../src/cloud/errors.js';
import type { CallerIdentity } from '../../src/cloud/identity.js';
import {
  DEFAULT_SETTINGS,
  GLOBAL,
  addressOf,
  type Dependency,
  type Inventory,
  type PropertyValue,
  type Resource,
  type ResourceType,
  type ScanContext,
  type Service,
  type Step,
} from '../../src/providers/contract.js';
import { createRegistry, type Registry } from '../../src/providers/registry.js';
import type { PlanAccount } from '../../src/plan/model.js';

export const CALLER: CallerIdentity = {
  accountId: '1234567890123456',
  identityType: 'RAMUser',
  arn: 'acs:ram::1234567890123456:user/teardown-bot',
  userId: '200000000000000001',
  principalId: '200000000000000001',
  accessKeyId: 'LTAI5tDemoTeardownBot01',
  ramUserName: 'teardown-bot',
};

export const ACCOUNT: PlanAccount = {
  id: CALLER.accountId,
  callerArn: CALLER.arn,
  identityType: CALLER.identityType,
  accessKeyId: CALLER.accessKeyId,
};

export const SETTINGS = DEFAULT_SETTINGS;
export const NOW = new Date('2026-11-26T12:00:00Z');
export const silentLog = pino({ level: 'silent' });

/** What the fake cloud holds, and how each (type, region) listing behaves. */
export class FakeCloud {
  readonly resources: Resource[] = [];
  /** `type region` → the error its listing throws. */
  readonly failures = new Map<string, Error>();
  /** Called at the start of every listing (to observe concurrency). */
  onList: (type: string, region: string) => Promise<void> = async () => {};

  add(r: Resource): this {
    this.resources.push(r);
    return this;
  }

  async *list(type: string, ctx: ScanContext): AsyncIterable<Resource> {
    await this.onList(type, ctx.region);
    const failure = this.failures.get(`${type} ${ctx.region}`);
    // Half the listing arrives before the failure, like a paginated call failing on page 2.
    const here = this.resources.filter((r) => r.type === type && (ctx.region === GLOBAL || r.region === ctx.region));
    const before = failure ? here.slice(0, Math.floor(here.length / 2)) : here;
    for (const r of before) yield r;
    if (failure) throw failure;
  }
}

export function cloudError(code: string, message: string, statusCode = 403): CloudApiError {
  return new CloudApiError({ service: 'ecs', action: 'DescribeThings', code, message, statusCode, kind: 'permanent' });
}

export function res(type: string, region: string, id: string, extra: Partial<Omit<Resource, 'type' | 'region' | 'id'>> = {}): Resource {
  return { type, region, id, properties: {}, ...extra };
}

export const addr = addressOf;

const withProp = (inv: Inventory, type: string, key: string, value: string, reason: string): Dependency[] =>
  inv
    .byType(type)
    .filter((r) => {
      const v = r.properties[key];
      return v === value || (Array.isArray(v) && v.includes(value));
    })
    .map((r) => ({ address: addr(r.type, r.region, r.id), reason }));

interface FakeTypeSpec {
  readonly type: string;
  readonly service: Service;
  readonly scope?: 'regional' | 'global';
  readonly dependsOn?: readonly string[];
  readonly reportOnly?: boolean;
  /** The type cannot carry tags. */
  readonly untaggable?: boolean;
  readonly dependencies?: (r: Resource, inv: Inventory) => readonly Dependency[];
  readonly steps?: (r: Resource) => readonly Step[];
  readonly isCaller?: (r: Resource, caller: CallerIdentity) => boolean;
}

const notInPlan = async (): Promise<never> => {
  throw new Error('the planner must not run steps');
};

export function fakeType(cloud: FakeCloud, spec: FakeTypeSpec): ResourceType {
  return {
    type: spec.type,
    service: spec.service,
    scope: spec.scope ?? 'regional',
    tags: spec.untaggable ? { none: true, keepInstead: `keep ${spec.type} by name or id` } : { source: 'the fake listing' },
    stepSummary: ['delete'],
    description: `fake ${spec.type}`,
    dependsOn: spec.dependsOn ?? [],
    reportOnly: spec.reportOnly,
    list: (ctx) => cloud.list(spec.type, ctx),
    dependencies: spec.dependencies ?? (() => []),
    steps: spec.steps ?? (() => [{ action: 'delete', description: `delete ${spec.type}` }]),
    run: notInPlan,
    read: notInPlan,
    isCaller: spec.isCaller,
  };
}

/** Steps that honour `properties.blockedBecause` (a WORM lock, a registered domain...). */
const stepsWithBlock =
  (what: string) =>
  (r: Resource): Step[] => {
    const blocked = r.properties.blockedBecause;
    return [{ action: 'delete', description: `delete ${what} ${r.id}`, ...(typeof blocked === 'string' ? { blocked } : {}) }];
  };

export function fakeTypes(cloud: FakeCloud): ResourceType[] {
  return [
    fakeType(cloud, {
      type: 'ecs.instance',
      service: 'ecs',
      steps: (r) => [
        ...(r.properties.chargeType === 'PrePaid'
          ? [{ action: 'convert-to-postpaid', description: 'convert subscription to pay-as-you-go' }]
          : []),
        ...stepsWithBlock('instance')(r),
      ],
    }),
    fakeType(cloud, {
      type: 'ecs.security-group',
      service: 'ecs',
      // Self-reference: a group may be the source of another group's rule.
      dependsOn: ['ecs.instance', 'ecs.security-group'],
      dependencies: (r, inv) => [
        ...withProp(inv, 'ecs.instance', 'securityGroupIds', r.id, 'instance in this security group'),
        ...withProp(inv, 'ecs.security-group', 'referencesGroups', r.id, 'security group whose rules reference this one'),
      ],
    }),
    fakeType(cloud, {
      type: 'vpc.vswitch',
      service: 'vpc',
      dependsOn: ['ecs.instance'],
      dependencies: (r, inv) => withProp(inv, 'ecs.instance', 'vswitchId', r.id, 'instance in this vswitch'),
    }),
    fakeType(cloud, {
      type: 'vpc.vpc',
      service: 'vpc',
      dependsOn: ['vpc.vswitch', 'ecs.security-group'],
      dependencies: (r, inv) => [
        ...withProp(inv, 'vpc.vswitch', 'vpcId', r.id, 'vswitch in this VPC'),
        ...withProp(inv, 'ecs.security-group', 'vpcId', r.id, 'security group in this VPC'),
        // A dangling reference the planner must ignore: the route table is not a scanned type.
        { address: addr('vpc.route-table', r.region, `vtb-of-${r.id}`), reason: 'route table of this VPC' },
      ],
    }),
    fakeType(cloud, {
      type: 'ram.access-key',
      service: 'ram',
      scope: 'global',
      isCaller: (r, caller) => r.id === caller.accessKeyId,
    }),
    fakeType(cloud, {
      type: 'ram.user',
      service: 'ram',
      scope: 'global',
      dependsOn: ['ram.access-key'],
      dependencies: (r, inv) => withProp(inv, 'ram.access-key', 'userName', r.id, 'access key of this user'),
      isCaller: (r, caller) => r.id === caller.ramUserName,
    }),
    fakeType(cloud, { type: 'oss.bucket', service: 'oss', scope: 'global', steps: stepsWithBlock('bucket') }),
    fakeType(cloud, {
      type: 'domain.registration',
      service: 'domain',
      scope: 'global',
      reportOnly: true,
      steps: () => [{ action: 'report', description: 'registered domain' }],
    }),
  ];
}

export function fakeRegistry(cloud = new FakeCloud()): Registry {
  return createRegistry(fakeTypes(cloud));
}

type Props = Record<string, PropertyValue>;

/**
 * A small account: in cn-hangzhou a VPC with two vswitches, a web and a db security group,
 * two instances; in RAM the caller's user and key plus alice and her key; one bucket.
 */
export function demoCloud(): FakeCloud {
  const hz = 'cn-hangzhou';
  const p = (props: Props) => ({ properties: props });
  return new FakeCloud()
    .add(res('vpc.vpc', hz, 'vpc-1', { name: 'main', ...p({ cidr: '10.0.0.0/16' }) }))
    .add(res('vpc.vswitch', hz, 'vsw-web', p({ vpcId: 'vpc-1' })))
    .add(res('vpc.vswitch', hz, 'vsw-db', p({ vpcId: 'vpc-1' })))
    .add(res('ecs.security-group', hz, 'sg-web', p({ vpcId: 'vpc-1' })))
    .add(res('ecs.security-group', hz, 'sg-db', p({ vpcId: 'vpc-1' })))
    .add(
      res('ecs.instance', hz, 'i-web', {
        name: 'web',
        createdAt: '2026-11-25T12:00:00Z',
        tags: { env: 'dev' },
        ...p({ vswitchId: 'vsw-web', securityGroupIds: ['sg-web'], chargeType: 'PrePaid', status: 'Running' }),
      }),
    )
    .add(
      res('ecs.instance', hz, 'i-db', {
        name: 'db',
        createdAt: '2026-01-01T00:00:00Z',
        tags: { env: 'prod' },
        ...p({ vswitchId: 'vsw-db', securityGroupIds: ['sg-db'], chargeType: 'PostPaid', status: 'Running' }),
      }),
    )
    .add(res('ram.user', GLOBAL, 'teardown-bot'))
    .add(res('ram.access-key', GLOBAL, 'LTAI5tDemoTeardownBot01', p({ userName: 'teardown-bot' })))
    .add(res('ram.user', GLOBAL, 'alice'))
    .add(res('ram.access-key', GLOBAL, 'LTAIalice', p({ userName: 'alice' })))
    .add(res('oss.bucket', 'cn-hangzhou', 'assets', p({ objectCount: 3 })));
}
