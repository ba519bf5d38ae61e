/**
 * Credentials through @alicloud/credentials: environment variables
 * (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN), OIDC, the aliyun CLI's
 * ~/.aliyun/config.json (a named profile with --profile), ~/.alibabacloud/credentials, the
 * ECS instance RAM role, ALIBABA_CLOUD_CREDENTIALS_URI — in that order.
 *
 * They are resolved once to a static key pair (plus STS token) because ali-oss needs one.
 */
import CredentialModule, { CLIProfileCredentialsProvider } from '@alicloud/credentials';

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

type CredentialInstance = {
  getCredential(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string; providerName?: string }>;
};
type CredentialCtor = new (config?: unknown, provider?: unknown) => CredentialInstance;

const HOW =
  'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure the aliyun CLI (`aliyun configure`) and pass --profile NAME, or use --sandbox to try the tool on an emulated account';

export async function resolveCredentials(opts: { profile?: string | undefined } = {}): Promise<ResolvedCredentials> {
  const mod = CredentialModule as unknown as { default?: CredentialCtor };
  const Credential = (mod.default ?? CredentialModule) as unknown as CredentialCtor;
  let credential: CredentialInstance;
  if (opts.profile) {
    const builder = (
      CLIProfileCredentialsProvider as unknown as { builder(): { withProfileName(n: string): { build(): unknown } } }
    ).builder();
    credential = new Credential(null, builder.withProfileName(opts.profile).build());
  } else {
    credential = new Credential();
  }
  let model;
  try {
    model = await credential.getCredential();
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new CredentialsError(`no Alibaba Cloud credentials found (${why}): ${HOW}`, { cause: err });
  }
  if (!model.accessKeyId || !model.accessKeySecret) throw new CredentialsError(`no Alibaba Cloud credentials found: ${HOW}`);
  return {
    accessKeyId: model.accessKeyId,
    accessKeySecret: model.accessKeySecret,
    securityToken: model.securityToken || undefined,
    source: opts.profile ? `profile ${opts.profile}` : (model.providerName ?? 'default chain'),
  };
}

export function staticCredentials(accessKeyId: string, accessKeySecret: string): ResolvedCredentials {
  return { accessKeyId, accessKeySecret, source: 'static' };
}
