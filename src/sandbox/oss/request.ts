/**
 * Where an OSS request points: the bucket, the object key, the region it was addressed to,
 * and its query parameters in wire order.
 *
 * - Virtual-hosted style: `Host: <bucket>.oss-<region>.aliyuncs.com`, path `/<key>`. ali-oss
 *   sends this Host even when its endpoint is an IP (lib/common/utils/createRequest.js), and an
 *   empty bucket label (`.oss-cn-hangzhou.aliyuncs.com`) for ListBuckets.
 * - Path style (`sldEnable`, or any other Host such as localhost): `/<bucket>/<key>`; the
 *   region is then known only from the Host `oss-<region>.aliyuncs.com`, if that is the Host.
 */
import type { IncomingMessage } from 'node:http';
import { SandboxApiError } from '../framework.js';

export interface QueryParam {
  readonly name: string;
  /** Decoded; '' when the parameter has no value (`?versions`, `?versions=`). */
  readonly value: string;
}

export interface OssAddress {
  readonly method: string;
  /** '' when the request names no bucket (ListBuckets). */
  readonly bucket: string;
  readonly key: string;
  /** `cn-hangzhou` when the Host names a region endpoint. */
  readonly hostRegion?: string;
  /** The Host header as sent, reported back as the error's HostId. */
  readonly host: string;
  readonly query: readonly QueryParam[];
}

const REGION_HOST = /^(?:(.*)\.)?oss-([a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/;

export function parseOssAddress(req: IncomingMessage): OssAddress {
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const query = queryAt < 0 ? [] : parseQuery(rawUrl.slice(queryAt + 1));
  const host = (req.headers.host ?? '').trim();
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  const method = (req.method ?? 'GET').toUpperCase();
  const match = REGION_HOST.exec(hostname);
  const path = decode(rawPath.replace(/^\/+/, ''));
  if (match && match[1] !== undefined) {
    return { method, bucket: match[1], key: path, hostRegion: match[2], host, query };
  }
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  return { method, bucket, key, ...(match ? { hostRegion: match[2] } : {}), host, query };
}

/** Splits on `&` and decodes both sides without turning `+` into a space (OSS keys may hold `+`). */
function parseQuery(raw: string): QueryParam[] {
  const out: QueryParam[] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    out.push({ name, value });
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new SandboxApiError(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** The value of a query parameter, or undefined when absent. */
export function queryValue(query: readonly QueryParam[], name: string): string | undefined {
  return query.find((p) => p.name === name)?.value;
}

export function hasQuery(query: readonly QueryParam[], name: string): boolean {
  return query.some((p) => p.name === name);
}
