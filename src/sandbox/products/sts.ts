/**
 * STS 2015-04-01: GetCallerIdentity, answered from the key that signed the request, and
 * AssumeRole, which issues a temporary key for a RAM role of this account.
 *
 * GetCallerIdentity (STS API docs, response parameters): a RAM user's key gives IdentityType
 * `RAMUser` and the ARN `acs:ram::<account>:user/<name>`; a root key gives `Account` and
 * `acs:ram::<account>:root`; a temporary key gives `AssumedRoleUser`,
 * `acs:ram::<account>:assumed-role/<role>/<session>` and the RoleId.
 *
 * AssumeRole (STS API docs: AssumeRole; common errors, help/doc-detail/42775): RoleArn
 * `acs:ram::<account>:role/<name>` (role names are case-insensitive), RoleSessionName of 2-64
 * characters `[\w.@-]`, DurationSeconds from 900 to the role's MaxSessionDuration (3600 by
 * default). A root account key is refused (NoPermission, "Roles may not be assumed by root
 * accounts."), so is a temporary key without its token (MissingSecurityToken, checked in
 * signature.ts). The sandbox does not evaluate the role's trust policy (every role of the
 * account trusts the account) nor the Policy parameter. The code for an unknown role,
 * EntityNotExist.Role (404), is UNCONFIRMED.
 */
import { createHash } from 'node:crypto';
import { SandboxApiError, type ProductModule, type RpcCall, type World } from '../framework.js';
import { findAccessKey, ramState } from './ram/state.js';

/** A temporary key issued by AssumeRole. */
export interface TemporaryKey {
  readonly id: string;
  readonly secret: string;
  readonly securityToken: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly sessionName: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

class StsState {
  readonly temporaryKeys = new Map<string, TemporaryKey>();
}

function stsState(world: World): StsState {
  return world.slice('sts', () => new StsState());
}

/** A temporary key that has not expired, by id; undefined otherwise. */
export function findTemporaryKey(world: World, accessKeyId: string): TemporaryKey | undefined {
  const key = stsState(world).temporaryKeys.get(accessKeyId);
  return key && key.expiresAt > world.now() ? key : undefined;
}

function getCallerIdentity(call: RpcCall, world: World): Record<string, unknown> {
  const temporary = findTemporaryKey(world, call.accessKeyId);
  if (temporary)
    return {
      AccountId: world.accountId,
      UserId: `${temporary.roleId}:${temporary.sessionName}`,
      PrincipalId: `${temporary.roleId}:${temporary.sessionName}`,
      RoleId: temporary.roleId,
      Arn: `acs:ram::${world.accountId}:assumed-role/${temporary.roleName}/${temporary.sessionName}`,
      IdentityType: 'AssumedRoleUser',
    };
  const key = findAccessKey(world, call.accessKeyId);
  if (!key) throw new SandboxApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (key.userName === undefined)
    return {
      AccountId: world.accountId,
      UserId: world.accountId,
      PrincipalId: world.accountId,
      Arn: `acs:ram::${world.accountId}:root`,
      IdentityType: 'Account',
    };
  const user = ramState(world).users.get(key.userName);
  if (!user) throw new SandboxApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  return {
    AccountId: world.accountId,
    UserId: user.userId,
    PrincipalId: user.userId,
    Arn: `acs:ram::${world.accountId}:user/${user.userName}`,
    IdentityType: 'RAMUser',
  };
}

function assumeRole(call: RpcCall, world: World): Record<string, unknown> {
  const caller = findAccessKey(world, call.accessKeyId);
  if (caller && caller.userName === undefined) throw new SandboxApiError(403, 'NoPermission', 'Roles may not be assumed by root accounts.');
  const arn = call.params.RoleArn ?? '';
  const m = /^acs:ram::(\d+):role\/(.+)$/i.exec(arn);
  if (!m) throw new SandboxApiError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');
  const role =
    m[1] === world.accountId
      ? [...ramState(world).roles.values()].find((r) => r.roleName.toLowerCase() === m[2]!.toLowerCase())
      : undefined;
  if (!role) throw new SandboxApiError(404, 'EntityNotExist.Role', 'The specified Role not exists .');
  const sessionName = call.params.RoleSessionName ?? '';
  if (!/^[\w.@-]{2,64}$/.test(sessionName))
    throw new SandboxApiError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
  const seconds = call.params.DurationSeconds === undefined ? 3600 : Number(call.params.DurationSeconds);
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > role.maxSessionDuration)
    throw new SandboxApiError(
      400,
      'InvalidParameter.DurationSeconds',
      `The parameter DurationSeconds must be from 900 to ${role.maxSessionDuration}.`,
    );

  const id = `STS.${world.nextId('sts', 24).slice(4)}`;
  const digest = (what: string) =>
    createHash('sha256')
      .update(`${id}:${what}`)
      .digest('base64')
      .replace(/[^A-Za-z0-9]/g, '');
  const key: TemporaryKey = {
    id,
    secret: digest('secret').slice(0, 30),
    securityToken: `CAIS${digest('token')}`,
    roleName: role.roleName,
    roleId: role.roleId,
    sessionName,
    expiresAt: world.now() + seconds * 1000,
  };
  stsState(world).temporaryKeys.set(id, key);
  return {
    Credentials: {
      AccessKeyId: key.id,
      AccessKeySecret: key.secret,
      SecurityToken: key.securityToken,
      Expiration: new Date(key.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    AssumedRoleUser: {
      Arn: `acs:ram::${world.accountId}:role/${role.roleName}/${sessionName}`,
      AssumedRoleId: `${role.roleId}:${sessionName}`,
    },
  };
}

export const stsProduct: ProductModule = {
  product: 'sts',
  version: '2015-04-01',
  actions: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
};
