/**
 * STS 2015-04-01, the one action the tool needs: GetCallerIdentity, answered from the key
 * that signed the request. A RAM user's key gives IdentityType `RAMUser` and the ARN
 * `acs:ram::<account>:user/<name>`; a root key gives `Account` and `acs:ram::<account>:root`
 * (STS API docs: GetCallerIdentity response parameters).
 */
import { SandboxApiError, type ProductModule, type RpcCall, type World } from '../framework.js';
import { findAccessKey, ramState } from './ram/state.js';

function getCallerIdentity(call: RpcCall, world: World): Record<string, unknown> {
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

export const stsProduct: ProductModule = {
  product: 'sts',
  version: '2015-04-01',
  actions: { GetCallerIdentity: getCallerIdentity },
};
