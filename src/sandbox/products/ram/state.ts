/**
 * The RAM slice: users, their AccessKeys, login profiles and MFA devices, groups, roles,
 * policies and policy attachments, plus the root account's own AccessKeys (scenario
 * `account.rootAccessKeys`). Every signed request is verified against the keys held here,
 * so deleting or disabling a key through RAM stops it working, as in the real cloud.
 */
import { createHash } from 'node:crypto';
import type { World } from '../../framework.js';
import {
  ScenarioFieldError,
  flag,
  instant,
  oneOf,
  optionalText,
  recordList,
  sectionOf,
  text,
  textList,
  SectionReader,
  type ScenarioRecord,
} from '../scenario-section.js';

export type KeyStatus = 'Active' | 'Inactive';
export type PolicyType = 'System' | 'Custom';
export type PrincipalType = 'User' | 'Group' | 'Role';

export interface AccessKey {
  readonly id: string;
  readonly secret: string;
  status: KeyStatus;
  readonly createDate: number;
  /** The RAM user owning the key; undefined for the root account's keys. */
  readonly userName: string | undefined;
}

export interface LoginProfile {
  readonly passwordResetRequired: boolean;
  readonly mfaBindRequired: boolean;
  readonly createDate: number;
}

export interface MfaDevice {
  readonly serialNumber: string;
  /** `VMFA` (virtual) or `U2F`, as GetUserMFAInfo reports. */
  readonly type: string;
}

export interface RamUser {
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string;
  readonly comments: string;
  readonly email: string;
  readonly mobilePhone: string;
  readonly createDate: number;
  readonly updateDate: number;
  readonly lastLoginDate: number | undefined;
  loginProfile: LoginProfile | undefined;
  mfaDevice: MfaDevice | undefined;
}

export interface RamGroup {
  readonly groupId: string;
  readonly groupName: string;
  readonly comments: string;
  readonly createDate: number;
  readonly updateDate: number;
  /** userName → join time. */
  readonly members: Map<string, number>;
}

export interface RamRole {
  readonly roleId: string;
  readonly roleName: string;
  readonly description: string;
  /** `/aliyun-service-role/` marks a service-linked role, which DeleteRole refuses. */
  readonly path: string;
  readonly maxSessionDuration: number;
  readonly createDate: number;
  readonly updateDate: number;
  /** ListRoles and ListTagResources show them; GetRole does not. */
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export interface PolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly createDate: number;
}

export interface RamPolicy {
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly description: string;
  readonly createDate: number;
  readonly updateDate: number;
  defaultVersion: string;
  readonly versions: PolicyVersion[];
  /** ListPolicies and ListTagResources show them; GetPolicy does not. System policies have none. */
  readonly tags: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

export interface Attachment {
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly principalType: PrincipalType;
  readonly principalName: string;
  readonly attachDate: number;
}

/** The system policies every account sees, unless a scenario lists its own. */
const DEFAULT_SYSTEM_POLICIES: ReadonlyArray<readonly [string, string]> = [
  ['AdministratorAccess', 'Provides full access to Alibaba Cloud services and resources.'],
  ['ReadOnlyAccess', 'Provides read-only access to Alibaba Cloud services and resources.'],
  ['AliyunECSFullAccess', 'Provides full access to Elastic Compute Service (ECS) via Management Console.'],
  ['AliyunECSReadOnlyAccess', 'Provides read-only access to Elastic Compute Service (ECS) via Management Console.'],
  ['AliyunOSSFullAccess', 'Provides full access to Object Storage Service (OSS) via Management Console.'],
  ['AliyunOSSReadOnlyAccess', 'Provides read-only access to Object Storage Service (OSS) via Management Console.'],
  ['AliyunRAMFullAccess', 'Provides full access to Resource Access Management (RAM) via Management Console.'],
  ['AliyunVPCFullAccess', 'Provides full access to Virtual Private Cloud (VPC) via Management Console.'],
];

const ALLOW_ALL_DOCUMENT = '{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}],"Version":"1"}';

/** A numeric id like RAM's (`216959339000****`), stable for a given seed and name. */
function numericId(seed: string, kind: string, name: string): string {
  const hex = createHash('sha256').update(`${seed}:${kind}:${name}`).digest('hex');
  return `2${BigInt(`0x${hex.slice(0, 15)}`)
    .toString()
    .padStart(17, '0')
    .slice(0, 17)}`;
}

export class RamState {
  readonly users = new Map<string, RamUser>();
  readonly accessKeys = new Map<string, AccessKey>();
  readonly groups = new Map<string, RamGroup>();
  readonly roles = new Map<string, RamRole>();
  /** Keyed `<PolicyType>:<PolicyName>`: a custom and a system policy may share a name. */
  readonly policies = new Map<string, RamPolicy>();
  attachments: Attachment[] = [];

  policy(policyType: PolicyType, policyName: string): RamPolicy | undefined {
    return this.policies.get(`${policyType}:${policyName}`);
  }

  /** Looks a policy up by name when the caller did not say which type (custom first). */
  policyByName(policyName: string, policyType?: string): RamPolicy | undefined {
    if (policyType === 'System' || policyType === 'Custom') return this.policy(policyType, policyName);
    return this.policy('Custom', policyName) ?? this.policy('System', policyName);
  }

  keysOf(userName: string | undefined): AccessKey[] {
    return [...this.accessKeys.values()]
      .filter((k) => k.userName === userName)
      .sort((a, b) => a.createDate - b.createDate || a.id.localeCompare(b.id));
  }

  groupsOf(userName: string): RamGroup[] {
    return [...this.groups.values()].filter((g) => g.members.has(userName));
  }

  attachmentsOf(principalType: PrincipalType, principalName: string): Attachment[] {
    return this.attachments.filter((a) => a.principalType === principalType && a.principalName === principalName);
  }

  attachmentsOfPolicy(policy: RamPolicy): Attachment[] {
    return this.attachments.filter((a) => a.policyName === policy.policyName && a.policyType === policy.policyType);
  }

  attach(policy: RamPolicy, principalType: PrincipalType, principalName: string, attachDate: number): void {
    this.attachments.push({ policyName: policy.policyName, policyType: policy.policyType, principalType, principalName, attachDate });
  }

  detach(a: Attachment): void {
    this.attachments = this.attachments.filter((x) => x !== a);
  }

  addSystemPolicy(name: string, description: string, createDate: number): void {
    this.policies.set(`System:${name}`, {
      policyName: name,
      policyType: 'System',
      description,
      createDate,
      updateDate: createDate,
      defaultVersion: 'v1',
      versions: [{ versionId: 'v1', document: ALLOW_ALL_DOCUMENT, createDate }],
      tags: [],
    });
  }
}

export function ramState(world: World): RamState {
  return world.slice('ram', () => new RamState());
}

/** The AccessKey with this id, active or not; undefined when it does not exist (or was deleted). */
export function findAccessKey(world: World, accessKeyId: string): AccessKey | undefined {
  return ramState(world).accessKeys.get(accessKeyId);
}

// ---- scenario ---------------------------------------------------------------------------

interface PolicyRef {
  readonly name: string;
  readonly type: PolicyType;
}

function policyRefs(r: ScenarioRecord, at: string): PolicyRef[] {
  return recordList(r, 'policies', at, (p, pat) => ({
    name: text(p, 'name', pat),
    type: oneOf(p, 'type', pat, ['System', 'Custom'] as const, 'Custom'),
  }));
}

function seedAccessKey(state: RamState, k: ScenarioRecord, at: string, userName: string | undefined, dflt: number): void {
  const id = text(k, 'id', at);
  if (state.accessKeys.has(id)) throw new ScenarioFieldError(`${at}.id`, `AccessKey ${id} is declared twice`);
  state.accessKeys.set(id, {
    id,
    secret: text(k, 'secret', at),
    status: oneOf(k, 'status', at, ['Active', 'Inactive'] as const, 'Active'),
    createDate: instant(k, 'createDate', at, dflt),
    userName,
  });
}

/**
 * Loads `account.rootAccessKeys` and the `ram` section (format in docs/sandbox.md).
 * Group membership is declared on the user (`groups: [developers]`); policy attachments on
 * each principal (`policies: [{name, type}]`). System policies are built in unless the
 * section lists `systemPolicies` itself.
 */
export function seedRam(world: World, scenario: ScenarioRecord): void {
  const state = ramState(world);
  const epoch = Date.parse('2024-01-01T00:00:00Z');
  const account = sectionOf(scenario, 'account');
  for (const [i, k] of recordList(account, 'rootAccessKeys', 'account', (r) => r).entries())
    seedAccessKey(state, k, `account.rootAccessKeys[${i}]`, undefined, epoch);

  const ram = sectionOf(scenario, 'ram');
  const systemPolicies = recordList(
    ram,
    'systemPolicies',
    'ram',
    (p, at) => [text(p, 'name', at), optionalText(p, 'description', at, '')] as const,
  );
  for (const [name, description] of systemPolicies.length > 0 ? systemPolicies : DEFAULT_SYSTEM_POLICIES)
    state.addSystemPolicy(name, description, epoch);

  recordList(ram, 'policies', 'ram', (p, at) => {
    const name = text(p, 'name', at);
    const created = instant(p, 'createDate', at, epoch);
    const versions = recordList(p, 'versions', at, (v, vat) => ({
      versionId: text(v, 'id', vat),
      document: optionalText(v, 'document', vat, ALLOW_ALL_DOCUMENT),
      createDate: instant(v, 'createDate', vat, created),
    }));
    if (versions.length === 0) versions.push({ versionId: 'v1', document: ALLOW_ALL_DOCUMENT, createDate: created });
    const defaultVersion = optionalText(p, 'defaultVersion', at, versions[versions.length - 1]?.versionId ?? 'v1');
    if (!versions.some((v) => v.versionId === defaultVersion))
      throw new ScenarioFieldError(`${at}.defaultVersion`, `${defaultVersion} is not one of the policy's versions`);
    state.policies.set(`Custom:${name}`, {
      policyName: name,
      policyType: 'Custom',
      description: optionalText(p, 'description', at, ''),
      createDate: created,
      updateDate: created,
      defaultVersion,
      versions,
      tags: new SectionReader(p, at).tags(),
    });
  });

  const attachAll = (refs: PolicyRef[], principalType: PrincipalType, principalName: string, at: string, date: number) => {
    for (const ref of refs) {
      const policy = state.policy(ref.type, ref.name);
      if (!policy) throw new ScenarioFieldError(`${at}.policies`, `${ref.type} policy ${ref.name} is not defined`);
      state.attach(policy, principalType, principalName, date);
    }
  };

  recordList(ram, 'groups', 'ram', (g, at) => {
    const name = text(g, 'name', at);
    const created = instant(g, 'createDate', at, epoch);
    state.groups.set(name, {
      groupId: numericId(world.seed, 'group', name),
      groupName: name,
      comments: optionalText(g, 'comments', at, ''),
      createDate: created,
      updateDate: created,
      members: new Map(),
    });
    attachAll(policyRefs(g, at), 'Group', name, at, created);
  });

  recordList(ram, 'users', 'ram', (u, at) => {
    const name = text(u, 'name', at);
    if (state.users.has(name)) throw new ScenarioFieldError(`${at}.name`, `user ${name} is declared twice`);
    const created = instant(u, 'createDate', at, epoch);
    const login = u.loginProfile;
    const mfa = u.mfaDevice;
    const loginAt = `${at}.loginProfile`;
    const mfaAt = `${at}.mfaDevice`;
    const isRecord = (v: unknown): v is ScenarioRecord => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (login !== undefined && !isRecord(login)) throw new ScenarioFieldError(loginAt, 'must be an object');
    if (mfa !== undefined && !isRecord(mfa)) throw new ScenarioFieldError(mfaAt, 'must be an object');
    const lastLogin = u.lastLoginDate === undefined ? undefined : instant(u, 'lastLoginDate', at, created);
    state.users.set(name, {
      userId: optionalText(u, 'id', at, numericId(world.seed, 'user', name)),
      userName: name,
      displayName: optionalText(u, 'displayName', at, name),
      comments: optionalText(u, 'comments', at, ''),
      email: optionalText(u, 'email', at, ''),
      mobilePhone: optionalText(u, 'mobilePhone', at, ''),
      createDate: created,
      updateDate: created,
      lastLoginDate: lastLogin,
      loginProfile: login
        ? {
            passwordResetRequired: flag(login, 'passwordResetRequired', loginAt, false),
            mfaBindRequired: flag(login, 'mfaBindRequired', loginAt, false),
            createDate: created,
          }
        : undefined,
      mfaDevice: mfa ? { serialNumber: text(mfa, 'serialNumber', mfaAt), type: optionalText(mfa, 'type', mfaAt, 'VMFA') } : undefined,
    });
    recordList(u, 'accessKeys', at, (k, kat) => seedAccessKey(state, k, kat, name, created));
    for (const groupName of textList(u, 'groups', at)) {
      const group = state.groups.get(groupName);
      if (!group) throw new ScenarioFieldError(`${at}.groups`, `group ${groupName} is not defined in ram.groups`);
      group.members.set(name, created);
    }
    attachAll(policyRefs(u, at), 'User', name, at, created);
  });

  recordList(ram, 'roles', 'ram', (r, at) => {
    const name = text(r, 'name', at);
    const created = instant(r, 'createDate', at, epoch);
    state.roles.set(name, {
      roleId: numericId(world.seed, 'role', name),
      roleName: name,
      description: optionalText(r, 'description', at, ''),
      path: optionalText(r, 'path', at, '/'),
      maxSessionDuration: 3600,
      createDate: created,
      updateDate: created,
      tags: new SectionReader(r, at).tags(),
    });
    attachAll(policyRefs(r, at), 'Role', name, at, created);
  });
}
