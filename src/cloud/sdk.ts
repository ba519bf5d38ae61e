/**
 * The official product SDKs, each loaded the first time something of it is used.
 *
 * Every `@alicloud/<product>` package is one CommonJS module whose entry point loads all of the
 * product's model classes: importing ECS, VPC and RDS costs ~45 MiB of memory and ~0.6 s of CPU
 * each, the twelve product SDKs together ~200 MiB and several seconds. Imported at the top of the
 * providers, that was paid by every run — `apply --only oss`, `--help`, each command the tests
 * spawn — and the memory is never given back. Here a product's SDK is `require`d (synchronously,
 * so client factories stay synchronous) when its first client or request object is built.
 *
 * Types stay static: `lazySdk<typeof import('…')>` has the package's own types, so a provider
 * writes `const { DescribeDisksRequest } = ecsSdk;` and `new DescribeDisksRequest({...})` exactly
 * as with a named import, and gets the SDK's real class (what its client validates).
 *
 * ali-oss, the OSS SDK, is loaded the same way (`aliOss()`).
 *
 * Nothing here decides what may be called: the read-only guard wraps the client instances in
 * clients.ts whichever way their class was loaded.
 */
import { createRequire } from 'node:module';
import type Alidns from '@alicloud/alidns20150109';
import type Bss from '@alicloud/bssopenapi20171214';
import type Cdn from '@alicloud/cdn20180510';
import type Cs from '@alicloud/cs20151215';
import type Ecs from '@alicloud/ecs20140526';
import type Kvstore from '@alicloud/r-kvstore20150101';
import type Ram from '@alicloud/ram20150501';
import type Rds from '@alicloud/rds20140815';
import type Ros from '@alicloud/ros20190910';
import type Sls from '@alicloud/sls20201230';
import type Sts from '@alicloud/sts20150401';
import type Vpc from '@alicloud/vpc20160428';
import type OSS from 'ali-oss';

const require = createRequire(import.meta.url);

/**
 * The package `id` as an object whose every export is a stand-in: constructing, calling or
 * reading a property of one loads the package and acts on the real export. Reading the
 * stand-ins (destructuring at a module's top) loads nothing.
 */
export function lazySdk<M extends object>(id: string): M {
  let loaded: Record<string | symbol, unknown> | undefined;
  const load = (): Record<string | symbol, unknown> => (loaded ??= require(id) as Record<string | symbol, unknown>);
  const real = (name: string): object => {
    const value = load()[name];
    if ((typeof value !== 'function' && typeof value !== 'object') || value === null) throw new TypeError(`${id} has no export ${name}`);
    return value;
  };
  const standIns = new Map<string, unknown>();
  const standIn = (name: string): unknown => {
    // A plain function as the target: it can be constructed, and its `prototype` is writable,
    // so the `get` trap may answer the real class's (instanceof then works too).
    const target = function standIn(): void {};
    return new Proxy(target, {
      construct: (_t, args) => Reflect.construct(real(name) as new (...a: unknown[]) => object, args),
      apply: (_t, self, args) => Reflect.apply(real(name) as (...a: unknown[]) => unknown, self, args),
      get: (_t, prop) => Reflect.get(real(name), prop) as unknown,
    });
  };
  return new Proxy({} as M, {
    get: (_t, name) => {
      // Not a module export: a symbol, or `then` (which would make the namespace look like a promise).
      if (typeof name !== 'string' || name === 'then') return undefined;
      let s = standIns.get(name);
      if (s === undefined) standIns.set(name, (s = standIn(name)));
      return s;
    },
  });
}

/** Whether the package `id` has been loaded in this process (module cache), for tests and diagnostics. */
export function isSdkLoaded(id: string): boolean {
  return require.cache[require.resolve(id)] !== undefined;
}

export const alidnsSdk = lazySdk<typeof Alidns>('@alicloud/alidns20150109');
export const bssSdk = lazySdk<typeof Bss>('@alicloud/bssopenapi20171214');
export const cdnSdk = lazySdk<typeof Cdn>('@alicloud/cdn20180510');
export const csSdk = lazySdk<typeof Cs>('@alicloud/cs20151215');
export const ecsSdk = lazySdk<typeof Ecs>('@alicloud/ecs20140526');
export const kvstoreSdk = lazySdk<typeof Kvstore>('@alicloud/r-kvstore20150101');
export const ramSdk = lazySdk<typeof Ram>('@alicloud/ram20150501');
export const rdsSdk = lazySdk<typeof Rds>('@alicloud/rds20140815');
export const rosSdk = lazySdk<typeof Ros>('@alicloud/ros20190910');
export const slsSdk = lazySdk<typeof Sls>('@alicloud/sls20201230');
export const stsSdk = lazySdk<typeof Sts>('@alicloud/sts20150401');
export const vpcSdk = lazySdk<typeof Vpc>('@alicloud/vpc20160428');

let ossClass: typeof OSS | undefined;
/** ali-oss's client class (~18 MiB with its HTTP stack), loaded with the first OSS client. */
export function aliOss(): typeof OSS {
  return (ossClass ??= require('ali-oss') as typeof OSS);
}
