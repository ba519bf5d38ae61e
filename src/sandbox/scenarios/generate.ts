/**
 * Generated scenarios for benchmarks: an account of any size, in the same format as the demo
 * sections (docs/sandbox.md, docs/sandbox-services.md), so the tool's scan, graph and apply
 * can be timed on thousands of resources. Every product the sandbox emulates gets `perType`
 * resources of each type per region (global types: `globalPerType`, by default `perType`, in
 * total), wired like a real
 * account:
 * - VPC: VPCs, vswitches, unbound EIPs; ECS: security groups, instances (in the vswitch,
 *   behind the load balancer), spare disks;
 * - SLB: load balancers in the vswitches, each with its instance as backend;
 * - RDS: instances in the vswitches — every fourth is a read-only replica of the primary
 *   before it, some primaries are prepaid, some protected against deletion;
 * - OSS: buckets holding `objectsPerBucket` generated objects each;
 * - RAM: users, groups, roles and custom policies with their attachments;
 * - Alidns: zones with one record each; Domain: the same names as registrations;
 * - BSS: a cash balance and subscriptions of products no provider covers;
 * - one launch template, deployment set (holding the instance), snapshot policy (on the disk),
 *   custom route table and route (through the instance), HaVip, VPN gateway (with an IPsec
 *   connection), ALB, NLB and KMS key per VPC; a CEN instance per region attaching its VPCs;
 *   a CDN domain per VPC;
 * - Tair, PolarDB and MongoDB in the vswitch (every third a subscription), a NAS file system
 *   with a mount target in it, and an empty ROS stack;
 * - Resource Center: enabled, with resources of products the sandbox does not emulate.
 * The same options give the same scenario.
 */
import { createHash } from 'node:crypto';

export interface GenerateOptions {
  /** How many regions the account uses (at most the number of known regions). */
  readonly regions: number;
  /** How many resources of each type, per region (global types: in total). */
  readonly perType: number;
  /** How many resources of each global type (RAM, Alidns, Domain, BSS). @default perType */
  readonly globalPerType?: number | undefined;
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

/** `2024-03-10T00:00:00Z`: `days` after `baseMs`. */
function isoDay(baseMs: number, days: number): string {
  return new Date(baseMs + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

export function generateScenario(opts: GenerateOptions): Record<string, unknown> {
  if (!Number.isInteger(opts.regions) || opts.regions < 1 || opts.regions > REGIONS.length)
    throw new RangeError(`regions must be an integer from 1 to ${REGIONS.length}`);
  if (!Number.isInteger(opts.perType) || opts.perType < 0) throw new RangeError('perType must be an integer ≥ 0');
  const globalPerType = opts.globalPerType ?? opts.perType;
  if (!Number.isInteger(globalPerType) || globalPerType < 0) throw new RangeError('globalPerType must be an integer ≥ 0');
  if (!Number.isInteger(opts.objectsPerBucket) || opts.objectsPerBucket < 0)
    throw new RangeError('objectsPerBucket must be an integer ≥ 0');
  const seed = String(opts.seed);
  // Seeded variation (creation days, sizes) so generated accounts do not all look alike.
  const roll = (what: string, mod: number) => createHash('sha256').update(`${seed}:${what}`).digest().readUInt32BE(0) % mod;
  const day = (what: string) => isoDay(Date.UTC(2024, 0, 1), roll(what, 600));
  // Expiry dates lie years ahead so a saved scenario does not go stale (an expired domain or subscription reads differently).
  const expiry = (what: string) => isoDay(Date.UTC(2031, 0, 1), roll(what, 1000));
  const suffix = createHash('sha256').update(seed).digest('hex').slice(0, 6);

  const regions = REGIONS.slice(0, opts.regions);
  const vpcs: unknown[] = [];
  const vSwitches: unknown[] = [];
  const eips: unknown[] = [];
  const securityGroups: unknown[] = [];
  const instances: unknown[] = [];
  const disks: unknown[] = [];
  const loadBalancers: unknown[] = [];
  const rdsInstances: unknown[] = [];
  const buckets: unknown[] = [];
  const uncoveredResources: unknown[] = [];
  // The wave-2 types: one of each per VPC (KMS keys and load balancers per region, CEN and CDN globally).
  const launchTemplates: unknown[] = [];
  const deploymentSets: unknown[] = [];
  const autoSnapshotPolicies: unknown[] = [];
  const routeTables: unknown[] = [];
  const routeEntries: unknown[] = [];
  const haVips: unknown[] = [];
  const vpnGateways: unknown[] = [];
  const albs: unknown[] = [];
  const nlbs: unknown[] = [];
  const kmsKeys: unknown[] = [];
  const cenInstances: Array<{ id: string; attachments: unknown[] }> = [];
  const cdnDomains: unknown[] = [];
  const fcFunctions: unknown[] = [];
  const slsProjects: unknown[] = [];
  // Tair, PolarDB, MongoDB and NAS in each vswitch (every third database a subscription), and an
  // empty ROS stack per VPC.
  const caches: unknown[] = [];
  const clusters: unknown[] = [];
  const mongos: unknown[] = [];
  const fileSystems: unknown[] = [];
  const stacks: unknown[] = [];
  const csClusters: unknown[] = [];

  regions.forEach((region, r) => {
    for (let i = 0; i < opts.perType; i++) {
      const n = `${r}-${pad(i)}`;
      const vpcId = `vpc-gen-${n}`;
      const vswId = `vsw-gen-${n}`;
      const sgId = `sg-gen-${n}`;
      const zoneId = `${region}-a`;
      vpcs.push({ id: vpcId, region, name: `gen-${n}`, cidrBlock: '10.0.0.0/16', createdAt: day(`vpc${n}`) });
      vSwitches.push({ id: vswId, vpcId, zoneId, name: `gen-${n}`, cidrBlock: '10.0.1.0/24', createdAt: day(`vsw${n}`) });
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
        zoneId,
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
      loadBalancers.push({
        id: `lb-gen-${n}`,
        name: `gen-${n}`,
        region,
        zoneId,
        vpcId,
        vswitchId: vswId,
        address: `10.0.1.${(i % 250) + 2}`,
        deleteProtection: roll(`lbprot${n}`, 5) === 0,
        backendServers: [{ id: `i-gen-${n}`, type: 'ecs' }],
        createdAt: day(`lb${n}`),
      });
      rdsInstances.push(rdsInstance(region, r, i, vpcId, vswId, zoneId, { roll, day, expiry }));
      buckets.push({
        // Bucket names are global and lower case: the seed's suffix keeps two generated accounts apart.
        name: `gen-${suffix}-${n}`,
        region,
        objects: { generate: { count: opts.objectsPerBucket, prefix: 'data/obj-', size: 1024 + roll(`size${n}`, 65_536) } },
      });
      launchTemplates.push({ id: `lt-gen-${n}`, region, name: `gen-${n}`, versions: 1 + roll(`ltv${n}`, 3) });
      deploymentSets.push({ id: `ds-gen-${n}`, region, name: `gen-${n}`, instanceIds: [`i-gen-${n}`] });
      autoSnapshotPolicies.push({ id: `sp-gen-${n}`, region, name: `gen-${n}`, diskIds: [`d-gen-${n}`] });
      // A custom route table on the vswitch, routing 192.168/16 through the instance.
      routeTables.push({ id: `vtb-gen-${n}`, vpcId, name: `gen-${n}`, vSwitchIds: [vswId] });
      routeEntries.push({
        id: `rte-gen-${n}`,
        routeTableId: `vtb-gen-${n}`,
        destinationCidrBlock: '192.168.0.0/16',
        nextHopId: `i-gen-${n}`,
      });
      haVips.push({ id: `havip-gen-${n}`, vSwitchId: vswId, ipAddress: `10.0.1.${(i % 250) + 3}` });
      vpnGateways.push({ id: `vpn-gen-${n}`, vpcId, name: `gen-${n}`, connections: [{ id: `vco-gen-${n}` }] });
      albs.push({ id: `alb-gen-${n}`, region, vpcId, vSwitchIds: [vswId], securityGroupIds: [sgId], name: `gen-${n}` });
      nlbs.push({
        id: `nlb-gen-${n}`,
        region,
        vpcId,
        vSwitchIds: [vswId],
        name: `gen-${n}`,
        deletionProtection: roll(`nlbprot${n}`, 4) === 0,
      });
      kmsKeys.push({ id: `key-gen-${n}`, region, description: `gen-${n}` });
      if (i === 0) cenInstances.push({ id: `cen-gen-${r}`, attachments: [] });
      cenInstances[cenInstances.length - 1]?.attachments.push({ id: vpcId, region });
      cdnDomains.push({ name: `gen-${n}.${suffix}.example.com` });
      // An ACK cluster given the vswitch and security group (ECS refuses to delete the group while
      // the cluster exists); its own nodes and resources are in the e2e story (test/e2e/ack-cluster).
      csClusters.push({
        id: `c-gen-${n}`,
        name: `gen-${n}`,
        region,
        vpcId,
        vSwitchIds: [vswId],
        securityGroupId: sgId,
        createdAt: day(`ack${n}`),
      });
      // A function in the VPC (its network interfaces hold the vswitch and group), with a timer trigger.
      fcFunctions.push({
        name: `gen-fn-${n}`,
        region,
        vpcId,
        vSwitchIds: [vswId],
        securityGroupId: sgId,
        triggers: [`timer-${n}`],
        createdAt: day(`fn${n}`),
      });
      // A Log Service project with two Logstores.
      slsProjects.push({ name: `gen-logs-${n}`, region, logstores: ['access', 'error'], createdAt: day(`sls${n}`) });
      const prepaid = roll(`dbpay${n}`, 3) === 0;
      const placement = { region, vpcId, vSwitchId: vswId, zoneId, createdAt: day(`db${n}`) };
      caches.push({ id: `r-gen-${n}`, ...placement, ...(prepaid ? { chargeType: 'PrePaid', expiresAt: expiry(`r${n}`) } : {}) });
      clusters.push({ id: `pc-gen-${n}`, ...placement, ...(prepaid ? { payType: 'Prepaid', expiresAt: expiry(`pc${n}`) } : {}) });
      mongos.push({ id: `dds-gen-${n}`, ...placement, ...(prepaid ? { chargeType: 'PrePaid', expiresAt: expiry(`dds${n}`) } : {}) });
      fileSystems.push({ id: `gen${r}${n}fs`, region, zoneId, mountTargetVSwitchIds: [vswId], createdAt: day(`nas${n}`) });
      const h = createHash('sha256').update(`ros:${suffix}:${n}`).digest('hex');
      stacks.push({
        id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`,
        region,
        name: `gen-${n}`,
      });
      uncoveredResources.push({
        id: `fc-gen-${n}`,
        type: UNCOVERED_RESOURCE_TYPES[i % UNCOVERED_RESOURCE_TYPES.length],
        region,
        name: `gen-${n}`,
        createdAt: day(`fc${n}`),
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
  const dnsZones: unknown[] = [];
  const registrations: unknown[] = [];
  const subscriptions: unknown[] = [];
  for (let i = 0; i < globalPerType; i++) {
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
    // The hosted zone and the registration share a name, as when a domain bought here is also hosted here.
    const domainName = `gen-${suffix}-${n}.com`;
    dnsZones.push({
      name: domainName,
      createdAt: day(`zone${n}`),
      records: [{ rr: 'www', type: 'A', value: `47.100.${Math.floor(i / 250)}.${(i % 250) + 1}` }],
    });
    registrations.push({ name: domainName, registeredAt: day(`reg${n}`), expiresAt: expiry(`regexp${n}`) });
    const product = UNCOVERED_SUBSCRIPTIONS[i % UNCOVERED_SUBSCRIPTIONS.length] ?? 'sas';
    subscriptions.push({
      instanceId: `${product}-gen-${n}`,
      productCode: product,
      productType: product,
      region: regions[i % regions.length],
      createdAt: day(`sub${n}`),
      expiresAt: expiry(`subexp${n}`),
    });
  }
  const cash = `${roll('balance', 100_000)}.${String(roll('cents', 100)).padStart(2, '0')}`;

  return {
    account: {
      id: `9${String(roll('account', 1_000_000_000)).padStart(15, '0')}`,
      regions: [...regions],
      rootAccessKeys: [{ id: GENERATED_ROOT_KEY.id, secret: GENERATED_ROOT_KEY.secret }],
      caller: { accessKeyId: GENERATED_CALLER.id },
    },
    vpc: { vpcs, vSwitches, eips, routeTables, routeEntries, haVips, vpnGateways },
    ecs: { securityGroups, instances, disks, launchTemplates, deploymentSets, autoSnapshotPolicies },
    alb: { loadBalancers: albs },
    nlb: { loadBalancers: nlbs },
    cen: { instances: cenInstances },
    kms: { keys: kmsKeys },
    cdn: { domains: cdnDomains },
    fc: { functions: fcFunctions },
    sls: { projects: slsProjects },
    kvstore: { instances: caches },
    polardb: { clusters },
    mongodb: { instances: mongos },
    nas: { fileSystems },
    ros: { stacks },
    cs: { clusters: csClusters },
    slb: { loadBalancers },
    rds: { instances: rdsInstances },
    oss: { buckets },
    ram: { policies, groups, users, roles },
    alidns: { domains: dnsZones },
    domain: { domains: registrations },
    bss: { balance: { availableCashAmount: cash, currency: 'CNY' }, instances: subscriptions },
    resourcecenter: { enabled: true, resources: uncoveredResources },
  };
}

/** Resource Center types of products the sandbox does not emulate (no provider covers them either). */
const UNCOVERED_RESOURCE_TYPES = ['ACS::FC::Service', 'ACS::CR::Instance', 'ACS::OTS::Instance'] as const;
/** BSS product codes without a provider (src/providers/bss/subscription.ts reports them). */
const UNCOVERED_SUBSCRIPTIONS = ['sas', 'waf', 'ddoscoo'] as const;

/**
 * The i-th RDS instance of a region. Every fourth (i % 4 === 3) is a pay-as-you-go read-only
 * replica of the primary before it, so a region with perType ≥ 4 has primaries that must wait
 * for their replicas; primaries with i % 4 === 1 are prepaid (to be converted before release);
 * some primaries are protected against deletion.
 */
function rdsInstance(
  region: string,
  r: number,
  i: number,
  vpcId: string,
  vswitchId: string,
  zoneId: string,
  dice: { roll: (what: string, mod: number) => number; day: (what: string) => string; expiry: (what: string) => string },
): Record<string, unknown> {
  const n = `${r}-${pad(i)}`;
  const placement = { region, zoneId, vpcId, vswitchId, engine: 'MySQL', engineVersion: '8.0', createdAt: dice.day(`rds${n}`) };
  if (i % 4 === 3)
    return {
      id: `rr-gen-${n}`,
      description: `gen-${n} replica`,
      type: 'Readonly',
      masterInstanceId: `rm-gen-${r}-${pad(i - 1)}`,
      ...placement,
    };
  const prepaid = i % 4 === 1;
  return {
    id: `rm-gen-${n}`,
    description: `gen-${n}`,
    type: 'Primary',
    payType: prepaid ? 'Prepaid' : 'Postpaid',
    ...(prepaid ? { expiresAt: dice.expiry(`rdsexp${n}`) } : {}),
    deletionProtection: dice.roll(`rdsprot${n}`, 4) === 0,
    ...placement,
  };
}
