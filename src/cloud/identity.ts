import type { CloudClients } from './clients.js';

/** Who the credentials belong to (STS GetCallerIdentity). */
export interface CallerIdentity {
  readonly accountId: string;
  /** `Account` (root), `RAMUser` or `AssumedRoleUser`. */
  readonly identityType: string;
  readonly arn: string;
  readonly userId: string;
  readonly principalId: string;
  /** The AccessKey id signing the requests. */
  readonly accessKeyId: string;
  /** For a RAM user: the user name (from the ARN `acs:ram::<account>:user/<name>`). */
  readonly ramUserName?: string | undefined;
}

export async function getCallerIdentity(clients: CloudClients): Promise<CallerIdentity> {
  const res = await clients.sts().getCallerIdentity();
  const b = res.body ?? { accountId: undefined, arn: undefined, identityType: undefined, userId: undefined, principalId: undefined };
  const arn = b.arn ?? '';
  return {
    accountId: b.accountId ?? '',
    identityType: b.identityType ?? '',
    arn,
    userId: b.userId ?? '',
    principalId: b.principalId ?? '',
    accessKeyId: clients.options.credentials.accessKeyId,
    ramUserName: ramUserNameOf(arn),
  };
}

/** The RAM user name of a `RAMUser` ARN (`acs:ram::<account>:user/<name>`), else undefined. */
export function ramUserNameOf(arn: string): string | undefined {
  return /^acs:ram::\d+:user\/(.+)$/.exec(arn)?.[1];
}
