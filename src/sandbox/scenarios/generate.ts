/**
 * Generated scenarios for benchmarks: an account of any size, in the same format as the demo
 * sections (docs/sandbox.md), so the tool's scan, graph and apply can be timed on thousands
 * of resources. Per region and type it creates `perType` resources, wired like a real
 * account (instance → vswitch → VPC, security group in the VPC, an unbound EIP, a spare disk),
 * `perType` OSS buckets per region holding `objectsPerBucket` generated objects each, and
 * `perType` RAM users, groups, roles and custom policies with their attachments.
 * The same options give the same scenario.
 */
import { createHash } from 'node:crypto';

export interface GenerateOptions {
  /** How many regions the account uses (at most the number of known regions). */
  readonly regions: number;
  /** How many resources of each type, per region (global types: in total). */
  readonly perType: number;
  readonly objectsPerBucket: number;
  readonly seed: string | number;
}

/** Real region ids, in the order they are used. */
const REGIONS = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'cn-qingdao',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-chengdu',
  'cn-hongkong',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-northeast-1',
  'eu-central-1',
  'eu-west-1',
  'us-west-1',
  'us-east-1',
  'me-east-1',
] as const;

export const GENERATED_CALLER = { id: 'LTAI5tGeneratedCaller01', secret: 'generatedSecretCaller000000000000' } as const;
export const GENERATED_ROOT_KEY = { id: 'LTAI5tGeneratedRoot0001', secret: 'generatedSecretRoot00000000000000' } as const;

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

export function generateScenario(opts: GenerateOptions): Record<string, unknown> {
  if (!Number.isInteger(opts.regions) || opts.regions < 1 || opts.regions > REGIONS.length)
    throw new RangeError(`regions must be an integer from 1 to ${REGIONS.length}`);
  if (!Number.isInteger(opts.perType) || opts.perType < 0) throw new RangeError('perType must be an integer ≥ 0');
  if (!Number.isInteger(opts.objectsPerBucket) || opts.objectsPerBucket < 0)
    throw new RangeError('objectsPerBucket must be an integer ≥ 0');
  const seed = String(opts.seed);
  // Seeded variation (creation days, sizes) so generated accounts do not all look alike.
  const roll = (what: string, mod: number) => createHash('sha256').update(`${seed}:${what}`).digest().readUInt32BE(0) % mod;
  const day = (what: string) => new Date(Date.UTC(2024, 0, 1) + roll(what, 600) * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const suffix = createHash('sha256').update(seed).digest('hex').slice(0, 6);

  const regions = REGIONS.slice(0, opts.regions);
  const vpcs: unknown[] = [];
  const vSwitches: unknown[] = [];
  const eips: unknown[] = [];
  const securityGroups: unknown[] = [];
  const instances: unknown[] = [];
  const disks: unknown[] = [];
  const buckets: unknown[] = [];

  regions.forEach((region, r) => {
    for (let i = 0; i < opts.perType; i++) {
      const n = `${r}-${pad(i)}`;
      const vpcId = `vpc-gen-${n}`;
      const vswId = `vsw-gen-${n}`;
      const sgId = `sg-gen-${n}`;
      vpcs.push({ id: vpcId, region, name: `gen-${n}`, cidrBlock: '10.0.0.0/16', createdAt: day(`vpc${n}`) });
      vSwitches.push({ id: vswId, vpcId, zoneId: `${region}-a`, name: `gen-${n}`, cidrBlock: '10.0.1.0/24', createdAt: day(`vsw${n}`) });
      securityGroups.push({ id: sgId, region, vpcId, name: `gen-${n}`, createdAt: day(`sg${n}`) });
      instances.push({
        id: `i-gen-${n}`,
        region,
        name: `gen-${n}`,
        vSwitchId: vswId,
        securityGroupIds: [sgId],
        status: roll(`status${n}`, 4) === 0 ? 'Stopped' : 'Running',
        chargeType: 'PostPaid',
        createdAt: day(`i${n}`),
      });
      disks.push({
        id: `d-gen-${n}`,
        region,
        zoneId: `${region}-a`,
        name: `gen-${n}`,
        size: 20 + roll(`disk${n}`, 200),
        createdAt: day(`d${n}`),
      });
      eips.push({
        id: `eip-gen-${n}`,
        region,
        ipAddress: `47.${r + 1}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
        createdAt: day(`eip${n}`),
      });
      buckets.push({
        // Bucket names are global and lower case: the seed's suffix keeps two generated accounts apart.
        name: `gen-${suffix}-${n}`,
        region,
        objects: { generate: { count: opts.objectsPerBucket, prefix: 'data/obj-', size: 1024 + roll(`size${n}`, 65_536) } },
      });
    }
  });

  const users: unknown[] = [
    {
      name: 'teardown-bot',
      accessKeys: [{ id: GENERATED_CALLER.id, secret: GENERATED_CALLER.secret }],
      policies: [{ name: 'AdministratorAccess', type: 'System' }],
    },
  ];
  const groups: unknown[] = [];
  const roles: unknown[] = [];
  const policies: unknown[] = [];
  for (let i = 0; i < opts.perType; i++) {
    const n = pad(i);
    policies.push({ name: `gen-policy-${n}`, createDate: day(`pol${n}`), versions: [{ id: 'v1' }, { id: 'v2' }], defaultVersion: 'v2' });
    groups.push({ name: `gen-group-${n}`, createDate: day(`grp${n}`), policies: [{ name: `gen-policy-${n}`, type: 'Custom' }] });
    roles.push({ name: `gen-role-${n}`, createDate: day(`role${n}`), policies: [{ name: `gen-policy-${n}`, type: 'Custom' }] });
    users.push({
      name: `gen-user-${n}`,
      createDate: day(`user${n}`),
      accessKeys: [{ id: `LTAI5tGenUser${n}00001`, secret: `generatedSecretUser${n}${suffix}0000000` }],
      groups: [`gen-group-${n}`],
      policies: [{ name: 'ReadOnlyAccess', type: 'System' }],
      ...(i % 2 === 0 ? { loginProfile: { passwordResetRequired: false, mfaBindRequired: false } } : {}),
    });
  }

  return {
    account: {
      id: `9${String(roll('account', 1_000_000_000)).padStart(15, '0')}`,
      regions: [...regions],
      rootAccessKeys: [{ id: GENERATED_ROOT_KEY.id, secret: GENERATED_ROOT_KEY.secret }],
      caller: { accessKeyId: GENERATED_CALLER.id },
    },
    vpc: { vpcs, vSwitches, eips },
    ecs: { securityGroups, instances, disks },
    oss: { buckets },
    ram: { policies, groups, users, roles },
  };
}
