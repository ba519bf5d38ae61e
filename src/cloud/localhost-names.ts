/**
 * Names under `localhost`, for ALIYUN_TEARDOWN_ENDPOINT=http://127.0.0.1:<port> (the sandbox).
 *
 * Simple Log Service addresses each project as a subdomain of its endpoint: the official SDK
 * (@alicloud/gateway-sls `getHost`) sends a project's calls to `<project>.<endpoint>`, the
 * region's endpoint being `<region>.log.aliyuncs.com` (API docs: "Host consists of a project
 * name and a Simple Log Service endpoint"). When every product goes to one loopback address,
 * the tool makes the Log Service endpoint `<region>.localhost:<port>`, so a project's host is
 * `<project>.<region>.localhost:<port>`: region and project in the Host header, as in the
 * cloud. RFC 6761 (section 6.3) reserves `localhost` and every name under it for the loopback
 * address and asks resolvers to answer them so, but glibc's resolver answers only `localhost`
 * itself, and the SDK offers no way to pass a lookup or an agent (its HTTP layer, httpx,
 * connects with an agent of its own). So, once asked to, this process resolves names under
 * `.localhost` to 127.0.0.1 itself; every other name is looked up as before.
 */
import dns from 'node:dns';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;
type Lookup = (hostname: unknown, options: unknown, callback?: unknown) => void;

let installed = false;

/** Is `hostname` a name under `localhost` (`a.localhost`, `a.b.localhost.`)? */
export function isLocalhostSubdomain(hostname: string): boolean {
  return /^[^.]+(\.[^.]+)*\.localhost\.?$/i.test(hostname);
}

/** Makes names under `.localhost` resolve to 127.0.0.1 in this process (RFC 6761); idempotent. */
export function resolveLocalhostNames(): void {
  if (installed) return;
  installed = true;
  const original = dns.lookup as unknown as Lookup;
  const lookup: Lookup = (hostname, options, callback) => {
    if (typeof hostname !== 'string' || !isLocalhostSubdomain(hostname)) return original(hostname, options, callback);
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const all = typeof options === 'object' && options !== null && (options as { all?: unknown }).all === true;
    process.nextTick(() => (all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
  };
  (dns as unknown as { lookup: Lookup }).lookup = lookup;
}
