import { ramSdk } from '../../cloud/sdk.js';
import type { RamClient } from '../../cloud/clients.js';
import { GLOBAL, addressOf, type Resource, type ResourceType } from '../contract.js';

import { detailConcurrency, mapConcurrently } from '../concurrency.js';
import { listRamUsers } from './user.js';
import { isGone } from '../../cloud/errors.js';

const { DeleteAccessKeyRequest, ListAccessKeysRequest } = ramSdk;

const TYPE = 'ram.access-key';

async function keysOf(ram: RamClient, userName: string): Promise<Resource[]> {
  const body = (await ram.listAccessKeys(new ListAccessKeysRequest({ userName }))).body;
  return (body?.accessKeys?.accessKey ?? []).map((k) => ({
    type: TYPE,
    region: GLOBAL,
    id: k.accessKeyId ?? '',
    name: k.accessKeyId,
    createdAt: k.createDate ? new Date(k.createDate).toISOString() : undefined,
    properties: { userName, status: k.status ?? null },
  }));
}

export const ramAccessKey: ResourceType = {
  type: TYPE,
  service: 'ram',
  scope: 'global',
  tags: { none: true, keepInstead: 'keep AccessKeys by id, or keep their user (a kept user keeps its keys)' },
  description: "RAM user AccessKey: deleted; the caller's own key only when settings.deleteCallerAccessKey is set, and last",
  stepSummary: ['delete'],
  // DeleteAccessKey is synchronous: the key stops signing and leaves ListAccessKeys at once (RAM API docs).
  deletedWhenAnswered: true,
  dependsOn: [],
  touchesTypes: ['ram.user'],

  async *list(ctx) {
    const ram = ctx.clients.ram();
    // One ListAccessKeys per user, several users at once (the scan's call caps hold).
    for await (const keys of mapConcurrently(listRamUsers(ram), detailConcurrency(ctx), (u) =>
      u.userName ? keysOf(ram, u.userName) : Promise.resolve([]),
    ))
      yield* keys;
  },

  // A key is part of its user (DeleteAccessKey names the user): a kept user keeps its keys.
  dependencies: (r) => [
    { address: addressOf('ram.user', GLOBAL, String(r.properties.userName)), reason: 'user this key belongs to', keptWith: true },
  ],

  isCaller: (r, caller) => r.id === caller.accessKeyId,

  steps(r, ctx) {
    const own = r.id === ctx.caller.accessKeyId;
    return [
      {
        action: 'delete',
        description: own
          ? 'delete the AccessKey this teardown runs with, after everything else'
          : `delete the AccessKey of ${String(r.properties.userName)}`,
        blocked:
          own && !ctx.settings.deleteCallerAccessKey
            ? 'the teardown runs with this key; delete it afterwards (or set settings.deleteCallerAccessKey)'
            : undefined,
      },
    ];
  },

  async run(step, r, ctx) {
    if (step.action !== 'delete') throw new Error(`${TYPE}: unknown step ${step.action}`);
    await ctx.clients.ram().deleteAccessKey(new DeleteAccessKeyRequest({ userName: String(r.properties.userName), userAccessKeyId: r.id }));
  },

  async read(r, ctx) {
    try {
      return (await keysOf(ctx.clients.ram(), String(r.properties.userName))).find((k) => k.id === r.id);
    } catch (err) {
      // EntityNotExist.User: the user, and so its keys, are gone.
      if (isGone(err)) return undefined;
      throw err;
    }
  },
};
