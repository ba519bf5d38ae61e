/** SSH key pairs (API docs: ECS DescribeKeyPairs, DeleteKeyPairs, DetachKeyPair). */
import { SandboxApiError, jsonList, pageByNumber, required, type RpcHandler, type World } from '../../framework.js';
import { ecsState, keyPairKey, notFound, wireTags, type EcsKeyPair } from './state.js';

/** DescribeKeyPairs matches `KeyPairName` with `*` as a wildcard. */
function nameMatches(pattern: string | undefined, name: string): boolean {
  if (!pattern) return true;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(name);
}

function boundInstances(world: World, kp: EcsKeyPair): string[] {
  return [...ecsState(world).instances.values()].filter((i) => i.region === kp.region && i.keyPairName === kp.name).map((i) => i.id);
}

const describeKeyPairs: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const matches = [...ecsState(world).keyPairs.values()].filter(
    (k) =>
      k.region === region &&
      nameMatches(params.KeyPairName, k.name) &&
      (!params.KeyPairFingerPrint || k.fingerprint === params.KeyPairFingerPrint),
  );
  // PageSize: maximum 50, default 10 (metadata ecs/2014-05-26 DescribeKeyPairs).
  const p = pageByNumber(matches, params, { defaultSize: 10, maxSize: 50 });
  return {
    KeyPairs: {
      KeyPair: p.page.map((k) => ({
        KeyPairName: k.name,
        KeyPairFingerPrint: k.fingerprint,
        CreationTime: k.createdAt,
        ResourceGroupId: '',
        Tags: wireTags(k.tags),
      })),
    },
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
  };
};

/**
 * Refused while a named key pair is bound to an instance
 * (InvalidParameter.KeypairAlreadyAttachedInstance, 400); more than 100 names →
 * InstanceKeyPairLimitExceeded (403); names that do not exist are ignored (API docs: ECS
 * DeleteKeyPairs error codes, which list no NotFound code).
 */
const deleteKeyPairs: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  let names: string[];
  try {
    names = jsonList(required(params, 'KeyPairNames'), 'KeyPairNames');
  } catch {
    throw new SandboxApiError(400, 'InvalidKeyPairNames.ValueNotSupported', 'The specified parameter "KeyPairNames" is not valid.');
  }
  if (names.length > 100)
    throw new SandboxApiError(403, 'InstanceKeyPairLimitExceeded', 'Exceeding the allowed amount of instance which will be deleted.');
  const s = ecsState(world);
  const existing = names.map((n) => s.keyPairs.get(keyPairKey(region, n))).filter((k): k is EcsKeyPair => k !== undefined);
  if (existing.some((k) => boundInstances(world, k).length > 0))
    throw new SandboxApiError(
      400,
      'InvalidParameter.KeypairAlreadyAttachedInstance',
      'The specified parameter "KeyPairNames" attached to instances can not be deleted.',
    );
  for (const k of existing) s.keyPairs.delete(keyPairKey(region, k.name));
  return {};
};

/** Unbinds the key pair from up to 50 instances; the per-instance outcome is in `Results`. */
const detachKeyPair: RpcHandler = ({ params }, world) => {
  const region = required(params, 'RegionId');
  const s = ecsState(world);
  const kp = s.keyPairs.get(keyPairKey(region, required(params, 'KeyPairName')));
  // terraform-provider-alicloud treats InvalidKeyPair.NotFound as gone (alicloud/resource_alicloud_ecs_key_pair.go).
  if (!kp) throw notFound('InvalidKeyPair.NotFound', 'KeyPairName');
  const ids = jsonList(required(params, 'InstanceIds'), 'InstanceIds');
  if (ids.length > 50) throw new SandboxApiError(400, 'InvalidParameter', 'The specified parameter "InstanceIds" is not valid.');
  const results = ids.map((id) => {
    const i = s.instances.get(id);
    if (!i || i.region !== region)
      return { InstanceId: id, Success: 'false', Code: 'InvalidInstanceId.NotFound', Message: 'The specified InstanceId does not exist.' };
    if (i.keyPairName === kp.name) i.keyPairName = '';
    return { InstanceId: id, Success: 'true', Code: '200', Message: 'successful' };
  });
  return {
    KeyPairName: kp.name,
    TotalCount: String(results.length),
    FailCount: String(results.filter((r) => r.Success === 'false').length),
    Results: { Result: results },
  };
};

export const keyPairActions: Readonly<Record<string, RpcHandler>> = {
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPairs: deleteKeyPairs,
  DetachKeyPair: detachKeyPair,
};
