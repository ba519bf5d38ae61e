/**
 * Credentials through @alicloud/credentials: environment variables
 * (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN), OIDC, the aliyun CLI's
 * ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS instance RAM role,
 * ALIBABA_CLOUD_CREDENTIALS_URI — in that order.
 *
 * `--profile NAME` names a profile of either file: the CLI's config.json first, then a section
 * of the credentials file (the SDK's own --profile only knows the first; ALIBABA_CLOUD_PROFILE
 * only the second). An unknown name is refused with the profiles there are.
 *
 * With ALIYUN_TEARDOWN_ENDPOINT set, a RamRoleArn profile's STS AssumeRole goes to that address
 * too (the SDK's provider always calls https://sts.aliyuncs.com), so it can be tried on the sandbox.
 *
 * They are resolved once to a static key pair (plus STS token) because ali-oss needs one.
 */
import CredentialModule, { CLIProfileCredentialsProvider, ProfileCredentialsProvider } from '@alicloud/credentials';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CloudClients } from './clients.js';
import { CloudApiError } from './errors.js';
import { stsSdk } from './sdk.js';

const { AssumeRoleRequest } = stsSdk;

export interface ResolvedCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
  /** Where they came from, for messages: `env`, `profile default`, `static`... */
  readonly source: string;
}

export class CredentialsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialsError';
  }
}

export interface CredentialOptions {
  /** `--profile`: a profile of ~/.aliyun/config.json or a section of ~/.alibabacloud/credentials. */
  readonly profile?: string | undefined;
  /** ALIYUN_TEARDOWN_ENDPOINT: where a RamRoleArn profile's AssumeRole goes, when set. */
  readonly endpointOverride?: string | undefined;
  /** The config's endpoints (its `sts` host is used for that AssumeRole too). */
  readonly endpoints?: Readonly<Record<string, string>> | undefined;
}

type CredentialInstance = {
  getCredential(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string; providerName?: string }>;
};
type CredentialCtor = new (config?: unknown, provider?: unknown) => CredentialInstance;
type ProviderBuilder = { builder(): { withProfileName(n: string): { build(): unknown } } };

const CHAIN =
  'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET, ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS instance RAM role';
const HOW =
  'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or pass --profile NAME (a profile made by `aliyun configure`, or a section of ~/.alibabacloud/credentials), or use --sandbox to try the tool on an emulated account';

/** A profile found in one of the two files, as the SDK would read it. */
interface FoundProfile {
  readonly file: 'cli' | 'ini';
  readonly name: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The role a RamRoleArn profile assumes, with the key that assumes it. */
interface RoleProfile {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly roleArn: string;
  readonly sessionName?: string | undefined;
  readonly durationSeconds?: number | undefined;
  readonly policy?: string | undefined;
}

export async function resolveCredentials(opts: CredentialOptions = {}): Promise<ResolvedCredentials> {
  const files = await readProfileFiles();
  const explicit = opts.profile ? findProfile(files, opts.profile) : undefined;
  if (opts.profile && !explicit) throw new CredentialsError(unknownProfile(opts.profile, files));
  const chosen = explicit ?? (opts.endpointOverride ? chainProfile(files) : undefined);
  const role = chosen && rolePart(chosen);
  if (role && opts.endpointOverride) return assumeRole(role, chosen, opts);

  const mod = CredentialModule as unknown as { default?: CredentialCtor };
  const Credential = (mod.default ?? CredentialModule) as unknown as CredentialCtor;
  let credential: CredentialInstance;
  if (explicit) {
    const provider = (explicit.file === 'cli' ? CLIProfileCredentialsProvider : ProfileCredentialsProvider) as unknown as ProviderBuilder;
    credential = new Credential(null, provider.builder().withProfileName(explicit.name).build());
  } else {
    credential = new Credential();
  }
  let model;
  try {
    model = await credential.getCredential();
  } catch (err) {
    // The SDK's chain error lists every provider's failure on one long line; the user needs
    // the sources tried and the fix. The full error stays the cause (logged at debug).
    if (explicit)
      throw new CredentialsError(`${describe(explicit)}: could not get credentials (${firstLine(err)}); ${HOW}`, { cause: err });
    throw new CredentialsError(`no Alibaba Cloud credentials found (tried ${CHAIN}): ${HOW}`, { cause: err });
  }
  if (!model.accessKeyId || !model.accessKeySecret)
    throw new CredentialsError(`no Alibaba Cloud credentials found (tried ${CHAIN}): ${HOW}`);
  return {
    accessKeyId: model.accessKeyId,
    accessKeySecret: model.accessKeySecret,
    securityToken: model.securityToken || undefined,
    source: explicit ? `profile ${explicit.name}` : (model.providerName ?? 'default chain'),
  };
}

export function staticCredentials(accessKeyId: string, accessKeySecret: string): ResolvedCredentials {
  return { accessKeyId, accessKeySecret, source: 'static' };
}

interface ProfileFiles {
  readonly cliPath: string;
  readonly iniPath: string;
  /** undefined: the file does not exist. */
  readonly cli?: { readonly current?: string | undefined; readonly profiles: readonly Record<string, unknown>[] } | undefined;
  readonly ini?: Readonly<Record<string, Record<string, unknown>>> | undefined;
}

/** Both files, where the SDK looks for them (a missing file is no profile; an unreadable one is an error). */
async function readProfileFiles(): Promise<ProfileFiles> {
  const cliPath = join(homedir(), '.aliyun', 'config.json');
  const iniPath = process.env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(homedir(), '.alibabacloud', 'credentials');
  const read = async (path: string): Promise<string | undefined> => {
    try {
      return await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CredentialsError(`${path}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { cause: err });
    }
  };
  const cliText = await read(cliPath);
  let cli: ProfileFiles['cli'];
  if (cliText !== undefined) {
    try {
      const parsed = JSON.parse(cliText) as { current?: unknown; profiles?: unknown };
      const profiles = Array.isArray(parsed.profiles) ? (parsed.profiles as Record<string, unknown>[]) : [];
      cli = { current: typeof parsed.current === 'string' ? parsed.current : undefined, profiles };
    } catch (err) {
      throw new CredentialsError(`${cliPath}: not valid JSON (${firstLine(err)}); fix it with \`aliyun configure\``, { cause: err });
    }
  }
  const iniText = await read(iniPath);
  const ini = iniText === undefined ? undefined : (parseIni(iniText) as Record<string, Record<string, unknown>>);
  return { cliPath, iniPath, cli, ini };
}

/**
 * The sections of an INI file (`[name]`, `key = value`, `#`/`;` comments), as the credentials
 * file is written: a dozen lines rather than a dependency.
 */
function parseIni(text: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      current = sections[section[1]!.trim()] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0)
      current[line.slice(0, eq).trim()] = line
        .slice(eq + 1)
        .trim()
        .replace(/^(["'])(.*)\1$/, '$2');
  }
  return sections;
}

function findProfile(files: ProfileFiles, name: string): FoundProfile | undefined {
  const cli = files.cli?.profiles.find((p) => p.name === name);
  if (cli) return { file: 'cli', name, fields: cli };
  const section = files.ini?.[name];
  if (section && typeof section === 'object') return { file: 'ini', name, fields: section };
  return undefined;
}

/** The profile the SDK's default chain would use, when no environment key comes first. */
function chainProfile(files: ProfileFiles): FoundProfile | undefined {
  if (process.env.ALIBABA_CLOUD_ACCESS_KEY_ID) return undefined;
  const fromEnv = process.env.ALIBABA_CLOUD_PROFILE;
  const cliName = fromEnv ?? files.cli?.current;
  const cli =
    cliName !== undefined && process.env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED !== 'true'
      ? files.cli?.profiles.find((p) => p.name === cliName)
      : undefined;
  if (cli) return { file: 'cli', name: cliName!, fields: cli };
  const iniName = fromEnv ?? 'default';
  const section = files.ini?.[iniName];
  return section && typeof section === 'object' ? { file: 'ini', name: iniName, fields: section } : undefined;
}

/** The fields of a RamRoleArn profile (CLI `mode: RamRoleArn`, file `type = ram_role_arn`), else undefined. */
function rolePart(p: FoundProfile): RoleProfile | undefined {
  const f = p.fields;
  const text = (k: string): string | undefined => (typeof f[k] === 'string' && f[k] !== '' ? (f[k] as string) : undefined);
  if (p.file === 'cli' && f.mode === 'RamRoleArn') {
    const seconds = Number(f.expired_seconds);
    return {
      accessKeyId: text('access_key_id') ?? '',
      accessKeySecret: text('access_key_secret') ?? '',
      roleArn: text('ram_role_arn') ?? '',
      sessionName: text('ram_session_name'),
      durationSeconds: Number.isInteger(seconds) && seconds > 0 ? seconds : undefined,
    };
  }
  if (p.file === 'ini' && f.type === 'ram_role_arn')
    return {
      accessKeyId: text('access_key_id') ?? '',
      accessKeySecret: text('access_key_secret') ?? '',
      roleArn: text('role_arn') ?? '',
      sessionName: text('role_session_name'),
      policy: text('policy'),
    };
  return undefined;
}

/**
 * STS AssumeRole with the profile's key, sent where every other call goes (the endpoint
 * override). AssumeRole issues a temporary key and changes no resource, so the read-only
 * clients allow it (clients.ts).
 */
async function assumeRole(role: RoleProfile, p: FoundProfile, opts: CredentialOptions): Promise<ResolvedCredentials> {
  if (!role.accessKeyId || !role.accessKeySecret || !role.roleArn)
    throw new CredentialsError(`${describe(p)}: a RamRoleArn profile needs an AccessKey id, its secret and the role ARN; ${HOW}`);
  const clients = new CloudClients({
    credentials: { accessKeyId: role.accessKeyId, accessKeySecret: role.accessKeySecret, source: describe(p) },
    mode: 'read-only',
    endpointOverride: opts.endpointOverride,
    endpoints: opts.endpoints,
  });
  try {
    const res = await clients.sts().assumeRole(
      new AssumeRoleRequest({
        roleArn: role.roleArn,
        roleSessionName: role.sessionName ?? `aliyun-teardown-${Date.now()}`,
        durationSeconds: role.durationSeconds ?? 3600,
        policy: role.policy,
      }),
    );
    const c = res.body?.credentials;
    if (!c?.accessKeyId || !c.accessKeySecret || !c.securityToken)
      throw new CredentialsError(`${describe(p)}: STS AssumeRole returned no credentials`);
    return {
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
      source: `profile ${p.name} (role ${role.roleArn})`,
    };
  } catch (err) {
    if (err instanceof CloudApiError)
      throw new CredentialsError(`${describe(p)}: STS AssumeRole ${role.roleArn} failed: ${err.code}: ${err.message}`, { cause: err });
    throw err;
  }
}

function describe(p: FoundProfile): string {
  return `profile ${p.name} (${p.file === 'cli' ? '~/.aliyun/config.json' : '~/.alibabacloud/credentials'})`;
}

function unknownProfile(name: string, files: ProfileFiles): string {
  const list = (names: readonly string[] | undefined, path: string) =>
    names === undefined ? `${path} does not exist` : names.length === 0 ? `${path} has none` : `${path} has ${names.join(', ')}`;
  const cliNames = files.cli?.profiles.map((p) => String(p.name)).filter((n) => n !== 'undefined');
  const iniNames = files.ini ? Object.keys(files.ini) : undefined;
  return `no profile "${name}": ${list(cliNames, '~/.aliyun/config.json')}; ${list(iniNames, '~/.alibabacloud/credentials')}. Pass one of those, or create it with \`aliyun configure --profile ${name}\``;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
}
