/** nock helpers for RPC products (RAM, Alidns, BSS, Domain): one action, its query check, its reply. */
import nock from 'nock';
import { TEST_HOST } from '../harness.js';

export type Query = Record<string, string | string[] | undefined>;

export function rpc(action: string, match: (q: Query) => boolean, body: object, status = 200): nock.Scope {
  return nock(TEST_HOST)
    .post('/')
    .query((q) => match(q as Query))
    .matchHeader('x-acs-action', action)
    .reply(status, { RequestId: `req-${action}`, ...body });
}

export function rpcError(action: string, match: (q: Query) => boolean, status: number, code: string, message = code): nock.Scope {
  return nock(TEST_HOST)
    .post('/')
    .query((q) => match(q as Query))
    .matchHeader('x-acs-action', action)
    .reply(status, {
      RequestId: `req-${action}`,
      HostId: 'ram.aliyuncs.com',
      Code: code,
      Message: message,
      Recommend: 'https://api.aliyun.com/troubleshoot',
    });
}

export const any = () => true;
