/**
 * The scan's concurrency caps count calls in flight, as apply's do: a listing with a detail
 * call per resource (RAM users: their policies and groups, access keys) runs those calls side
 * by side, but never more at once than the global cap, whatever the number of listings.
 * Real providers and SDK clients against nock; each answer is held back a little so that
 * calls overlap.
 */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudClients } from '../../src/cloud/clients.js';
import { scanAccount } from '../../src/plan/scan.js';
import { ramAccessKey } from '../../src/providers/ram/access-key.js';
import { ramGroup } from '../../src/providers/ram/group.js';
import { ramPolicy } from '../../src/providers/ram/policy.js';
import { ramRole } from '../../src/providers/ram/role.js';
import { ramUser } from '../../src/providers/ram/user.js';
import { createRegistry } from '../../src/providers/registry.js';
import { CALLER, SETTINGS, silentLog } from './fakes.js';

const HOST = 'http://cloud.test';
afterEach(() => nock.cleanAll());

const USERS = Array.from({ length: 24 }, (_, i) => `user-${String(i).padStart(2, '0')}`);

/** Answers every RAM call for USERS after `delayMs`, counting the calls in flight. */
function ramAccount(delayMs: number) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: new Map<string, number>() };
  const bodies: Record<string, (q: URLSearchParams) => object> = {
    ListUsers: () => ({ IsTruncated: false, Users: { User: USERS.map((u) => ({ UserName: u, UserId: `id-${u}` })) } }),
    ListPoliciesForUser: () => ({ Policies: { Policy: [{ PolicyName: 'ReadOnlyAccess', PolicyType: 'System' }] } }),
    ListGroupsForUser: (q) => ({ Groups: { Group: [{ GroupName: `group-of-${q.get('UserName') ?? ''}` }] } }),
    ListAccessKeys: (q) => ({ AccessKeys: { AccessKey: [{ AccessKeyId: `LTAI-${q.get('UserName') ?? ''}`, Status: 'Active' }] } }),
  };
  nock(HOST)
    .persist()
    .post('/')
    .query(true)
    .reply(function (uri, _body, callback) {
      const action = String(this.req.headers['x-acs-action']);
      const query = new URL(uri, HOST).searchParams;
      stats.calls.set(action, (stats.calls.get(action) ?? 0) + 1);
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      setTimeout(() => {
        stats.inFlight--;
        const body = bodies[action];
        callback(null, body ? [200, { RequestId: `req-${action}`, ...body(query) }] : [404, { Code: 'InvalidAction.NotFound' }]);
      }, delayMs);
    });
  return stats;
}

function scan(global: number, perService?: Readonly<Record<string, number>>) {
  return scanAccount({
    // Group and policy are registered (users touch them; policies need roles) but not scanned.
    registry: createRegistry([ramAccessKey, ramUser, ramGroup, ramPolicy, ramRole]),
    types: ['ram.user', 'ram.access-key'],
    regions: [],
    clients: new CloudClients({
      credentials: { accessKeyId: CALLER.accessKeyId, accessKeySecret: 'test-secret', source: 'static' },
      mode: 'read-only',
      endpointOverride: HOST,
    }),
    caller: CALLER,
    settings: SETTINGS,
    concurrency: { global, perService },
    signal: new AbortController().signal,
    log: silentLog,
  });
}

describe('scan call limits', () => {
  it('runs the detail calls of one listing side by side, up to the global cap and no further', async () => {
    const stats = ramAccount(15);
    const result = await scan(6);
    expect(result.gaps).toEqual([]);
    // Every user and key found, each with its detail calls made exactly once.
    expect(result.resources.filter((r) => r.type === 'ram.user').map((r) => r.id)).toEqual(USERS);
    expect(result.resources.filter((r) => r.type === 'ram.access-key')).toHaveLength(USERS.length);
    expect(result.resources.find((r) => r.id === 'user-03')?.properties).toMatchObject({
      attachedPolicies: ['System:ReadOnlyAccess'],
      groups: ['group-of-user-03'],
    });
    expect(stats.calls.get('ListPoliciesForUser')).toBe(USERS.length);
    expect(stats.calls.get('ListGroupsForUser')).toBe(USERS.length);
    expect(stats.calls.get('ListAccessKeys')).toBe(USERS.length);
    // Bounded by the cap, and using it: one listing after another would never exceed 2.
    expect(stats.maxInFlight).toBe(6);
  });

  it('holds a per-service cap below the global one', async () => {
    const stats = ramAccount(10);
    const result = await scan(8, { ram: 3 });
    expect(result.gaps).toEqual([]);
    expect(stats.maxInFlight).toBe(3);
  });

  it('with a cap of 1 makes one call at a time', async () => {
    const stats = ramAccount(2);
    const result = await scan(1);
    expect(result.resources).toHaveLength(USERS.length * 2);
    expect(stats.maxInFlight).toBe(1);
  });
});
