/**
 * Which RAM action a failed call needs, so that a scan gap can say exactly what to grant
 * (`ecs:DescribeInstances`), and whether an error means "access denied" or "this service is
 * not available here".
 *
 * RAM action names are `<service code>:<API name>`; the service code is the product's RPC
 * code except for BSS, whose actions are `bssapi:*` (BSS QueryAvailableInstances, "Authorization
 * information": `bssapi:QueryAvailableInstances`, https://www.alibabacloud.com/help/doc-detail/91860.htm).
 * OSS actions are named after the OSS API (`oss:GetBucketStat`), not ali-oss's method names.
 */
import type { CloudApiError } from './errors.js';

// Log Service's RAM actions are `log:*` (e.g. `log:DeleteProject`, DeleteProject API docs, "Authorization information").
const RAM_SERVICE_CODE: Readonly<Record<string, string>> = { bss: 'bssapi', sls: 'log' };

/** ali-oss method → OSS API name, as RAM names the action (OSS "RAM Policy" action list). */
const OSS_API: Readonly<Record<string, string>> = {
  listBuckets: 'ListBuckets',
  getBucketInfo: 'GetBucketInfo',
  getBucketStat: 'GetBucketStat',
  getBucketWorm: 'GetBucketWorm',
  getBucketVersioning: 'GetBucketVersioning',
  getBucketTags: 'GetBucketTagging',
  getBucketLocation: 'GetBucketLocation',
  getBucketPolicy: 'GetBucketPolicy',
  getBucketVersions: 'ListObjectVersions',
  list: 'ListObjects',
  listV2: 'ListObjects',
  listObjectsV2Xml: 'ListObjects',
  listObjectVersionsXml: 'ListObjectVersions',
  listUploads: 'ListMultipartUploads',
  listParts: 'ListParts',
  listChannels: 'ListLiveChannel',
  getChannel: 'GetLiveChannelInfo',
  head: 'GetObjectMeta',
  getObjectMeta: 'GetObjectMeta',
};

/** `ecs:DescribeInstances`, `bssapi:QueryAvailableInstances`, `oss:GetBucketStat`. */
export function ramActionOf(service: string, action: string): string {
  if (service === 'oss') return `oss:${OSS_API[action] ?? action.charAt(0).toUpperCase() + action.slice(1)}`;
  return `${RAM_SERVICE_CODE[service] ?? service}:${action}`;
}

/**
 * Access denied by RAM: `Forbidden.RAM` (ECS, VPC, RDS, SLB: "User not authorized to operate on
 * the specified resource, or this API doesn't support RAM."), `NoPermission` (RAM, Alidns:
 * "You are not authorized to do this action. You should be authorized by RAM."),
 * `Forbidden.NoPermission`, OSS's 403 `AccessDenied` (OSS error codes) and Log Service's 401
 * `Unauthorized` "denied by sts or ram" (SLS common error codes). Each product's API
 * reference lists its code under "Error codes".
 */
const ACCESS_DENIED = /^(Forbidden\.RAM|NoPermission|Forbidden\.NoPermission|AccessDenied)$/;

export function isAccessDenied(err: CloudApiError): boolean {
  return (
    ACCESS_DENIED.test(err.code) ||
    (err.statusCode === 403 && /not authorized|AccessDenied/i.test(`${err.code} ${err.message}`)) ||
    // Log Service: 401 `Unauthorized` "denied by sts or ram, action: log:ListProject, resource: ..."
    // (an unknown AccessKey is `Unauthorized` too, "AccessKeyId not found": not a denial).
    (err.code === 'Unauthorized' && /denied by sts or ram/i.test(err.message))
  );
}

/**
 * "This product or API is not offered, or not activated, in this region": the list is empty
 * there, not unknown. The region itself was checked against ECS DescribeRegions before the
 * scan, so an unknown-region answer from another product means that product is not offered
 * there:
 * - `InvalidRegionId.NotFound` (VPC, SLB, RDS... "The specified RegionId does not exist";
 *   terraform-provider-alicloud alicloud/errors.go treats it as "nothing there" for vswitches,
 *   `VswitcInvalidRegionId`), and `Invalid.RegionId` (NAT gateways in a region without NAT,
 *   same file, `NatGatewayInvalidRegionId`);
 * - `NotApplicable` (BSS: "This API is not applicable for caller." — the account's site does
 *   not offer the billing API; BSS OpenAPI error codes).
 */
const UNAVAILABLE_HERE = new Set(['InvalidRegionId.NotFound', 'Invalid.RegionId', 'NotApplicable']);

export function isUnavailableHere(err: CloudApiError): boolean {
  return UNAVAILABLE_HERE.has(err.code);
}
