/**
 * The one place where errors from the Alibaba Cloud SDKs become values the tool can reason
 * about. Every SDK call made through `src/cloud/clients.ts` throws a `CloudApiError`; nothing
 * else in the code base inspects raw SDK errors.
 *
 * Kinds drive the executor:
 * - `gone`       the resource does not exist (any NotFound code, HTTP 404): counts as success
 *                for a delete step.
 * - `throttled`  `Throttling*` codes: retry after backoff (or `x-acs-retry-after`).
 * - `transient`  5xx, connection resets, timeouts: retry with backoff.
 * - `dependency` something else must go first or an async state must settle
 *                (DependencyViolation*, Incorrect*Status, OperationConflict...): retry with a
 *                longer deadline.
 * - `permanent`  everything else: reported to the user with the code and what to do.
 */

export type ErrorKind = 'gone' | 'throttled' | 'transient' | 'dependency' | 'permanent';

export interface CloudApiErrorFields {
  readonly service: string;
  readonly action: string;
  readonly code: string;
  readonly message: string;
  readonly kind: ErrorKind;
  readonly statusCode?: number | undefined;
  readonly requestId?: string | undefined;
  /** Milliseconds the service asked us to wait (`x-acs-retry-after`). */
  readonly retryAfterMs?: number | undefined;
}

export class CloudApiError extends Error implements CloudApiErrorFields {
  readonly service: string;
  readonly action: string;
  readonly code: string;
  readonly kind: ErrorKind;
  readonly statusCode?: number | undefined;
  readonly requestId?: string | undefined;
  readonly retryAfterMs?: number | undefined;

  constructor(fields: CloudApiErrorFields, options?: { cause?: unknown }) {
    super(fields.message, options);
    this.name = 'CloudApiError';
    this.service = fields.service;
    this.action = fields.action;
    this.code = fields.code;
    this.kind = fields.kind;
    this.statusCode = fields.statusCode;
    this.requestId = fields.requestId;
    this.retryAfterMs = fields.retryAfterMs;
  }

  /** `ecs:DeleteInstances InvalidOperation.DeletionProtection (403): ...` */
  describe(): string {
    const status = this.statusCode === undefined ? '' : ` (${this.statusCode})`;
    const rid = this.requestId ? ` [RequestId ${this.requestId}]` : '';
    return `${this.service}:${this.action} ${this.code}${status}: ${this.message}${rid}`;
  }
}

/**
 * Codes meaning "this resource does not exist". Sources: terraform-provider-alicloud
 * alicloud/errors.go (EcsNotFound etc.), service_alicloud_vpc.go, service_alicloud_rds.go,
 * resource_alicloud_nat_gateway.go, and the API docs of each Delete* action.
 */
const GONE_CODES = new Set([
  'InvalidInstanceId.NotFound',
  'Forbidden.InstanceNotFound',
  'InvalidDiskId.NotFound',
  'InvalidResource.NotFound',
  'InvalidVswitchID.NotFound',
  'InvalidVSwitchId.NotFound',
  'InvalidNatGatewayId.NotFound',
  'INSTANCE_NOT_EXISTS',
  'InvalidLoadBalancerId.NotFound',
  'InvalidEniId.NotFound',
  'InvalidDomainName.NoExist',
  'DomainRecordNotBelongToUser',
  'InvalidVpcId.NotFound',
  'Forbidden.VpcNotFound',
  'InvalidAllocationId.NotFound',
  'InvalidImageId.NotFound',
  'InvalidSecurityGroupId.NotFound',
  'InvalidDBInstanceId.NotFound',
  'InvalidSnapshotId.NotFound',
  'InvalidKeyPairName.NotFound',
  'IncorrectStatus.NatGateway',
  // Function Compute 3.0 (FC 2023-03-30 error codes; terraform-provider-alicloud resource_alicloud_fcv3_*.go)
  'FunctionNotFound',
  'TriggerNotFound',
  // NAS (terraform-provider-alicloud alicloud/service_alicloud_nas.go): a file system, a mount
  // target, or a mount target whose file system is gone.
  'InvalidFileSystem.NotFound',
  'InvalidMountTarget.NotFound',
  'Forbidden.NasNotFound',
  // ROS GetStack once a deleted stack is no longer shown (terraform-provider-alicloud service_alicloud_ros.go).
  'StackNotFound',
  // Log Service: "The Project does not exist" (404; SLS error codes; terraform-provider-alicloud
  // service_alicloud_sls_v2.go takes it for "gone").
  'ProjectNotExist',
  // OSS
  'NoSuchBucket',
  'NoSuchKey',
  'NoSuchUpload',
  'NoSuchLiveChannel',
]);

// OSS answers request-rate limits with 503 MetaOperationQpsLimitExceeded / TotalQpsLimitExceeded
// (OSS docs: HTTP status code 503).
const THROTTLED = /Throttling|^(MetaOperationQpsLimitExceeded|TotalQpsLimitExceeded)$/;
const TRANSIENT_CODES = new Set(['ServiceUnavailable', 'InternalError', 'SystemBusy', 'UnknownError', 'RequestTimeout']);
const DEPENDENCY = [
  /^DependencyViolation/,
  /^DeleteConflict\./,
  /^Incorrect.*Status/,
  // RDS answers IncorrectDBInstanceState while an instance changes state (a conversion, a
  // restart); terraform retries it around RDS writes (alicloud/resource_alicloud_db_instance.go).
  /^Incorrect\w*State$/,
  /^IncorrectStatus/,
  /OperationConflict/,
  /^InvalidOperation\.Conflict$/,
  /^InvalidOperation\.Invalid(Eni|Ecs)State$/,
  /^LastTokenProcessing$/,
  /^TaskConflict/,
  /^OperationDenied\.(DBInstanceStatus|ReadDBInstanceStatus|MasterDBInstanceState)$/,
  /^RwSplitNetType\.Exist$/,
  /^BucketNotEmpty$/,
  /^DisksDetachingOnEcsExceeded$/,
  /^LastOperationNotFinished$/,
  /^DnsSystemBusyness$/,
  /^SnapshotCreatedImage$/,
  // VPC DeleteVpnGateway: "The specified service is configuring." (400; API docs).
  /^VpnGateway\.Configuring$/,
  // ALB/NLB "being configured" and CEN "another operation in progress" (API docs; terraform-provider-alicloud retries them).
  /^ResourceInConfiguring\./,
  /^Operation\.Blocking$/,
  /^InvalidOperation\.(CenInstanceStatus|ChildInstanceStatus)$/,
  /^InstanceStatus\.NotSupport$/,
  /^IdempotenceProcessing$/,
  // Function Compute: "do not update the same resource concurrently" (FC error codes).
  /^ConcurrentUpdateError$/,
  // PolarDB clusters that are changing state (the codes terraform-provider-alicloud retries:
  // alicloud/resource_alicloud_polardb_cluster.go).
  /^OperationDenied\.(DBClusterStatus|PolarDBClusterStatus|ReadPolarDBClusterStatus)$/,
  // NAS mount targets and file systems that are changing state (resource_alicloud_nas_mount_target.go retries them).
  /^OperationDenied\.InvalidState$/,
  /^VolumeStatusForbidOperation$/,
];

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ESOCKETTIMEDOUT',
  'ReadTimeout',
  'ConnectTimeout',
  'ConnectionTimeoutError',
  'ResponseTimeoutError',
  'SocketError',
  'ResponseError',
  'RequestError',
  'UND_ERR_SOCKET',
]);

/**
 * NotFound codes about the request, not the resource: an unknown action, API version,
 * region, endpoint or AccessKey. Treating these as "already gone" would report a resource
 * as deleted that was never touched, so they are permanent whatever their HTTP status.
 */
const REQUEST_NOT_FOUND =
  /^(InvalidAction|InvalidApi|InvalidVersion|InvalidProduct|InvalidRegionId|InvalidAccessKeyId|InvalidEndpoint|InvalidApiVersion|InvalidOperation)\.NotFound$|^(NoSuchWORMConfiguration|InvalidAccessKeyId)$/;

/**
 * Codes that look like "try again" but mean "a person must act first": never retried, so apply
 * fails fast with the hint instead of retrying for the whole step deadline.
 * - `RecordForbidden.DNSChange`: Alidns refuses changes to a locked record or zone ("DNS change
 *   is forbidden", Alidns DeleteDomainRecord error codes); the lock is the user's (the record's
 *   `Locked` flag in DescribeDomainRecords), retrying does not lift it. The planner blocks
 *   locked records up front; this covers a lock set after the plan.
 */
const PERMANENT_CODES = new Set(['RecordForbidden.DNSChange']);

/** Classify a cloud error code (and HTTP status) into a kind. */
export function classifyCode(code: string, statusCode?: number): ErrorKind {
  if (REQUEST_NOT_FOUND.test(code) || PERMANENT_CODES.has(code)) return 'permanent';
  if (GONE_CODES.has(code) || /^EntityNotExist/.test(code) || /\.NotFound$/.test(code)) return 'gone';
  if (THROTTLED.test(code)) return 'throttled';
  if (TRANSIENT_CODES.has(code) || NETWORK_CODES.has(code)) return 'transient';
  if (DEPENDENCY.some((re) => re.test(code))) return 'dependency';
  if (statusCode !== undefined && statusCode >= 500) return 'transient';
  if (statusCode === 404) return 'gone';
  return 'permanent';
}

interface RawSdkError {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  status?: unknown;
  requestId?: unknown;
  retryAfter?: unknown;
  data?: unknown;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v !== 'undefined' ? v : undefined;
}

/**
 * Turn anything an SDK call threw into a CloudApiError. Handles openapi-core's
 * ClientError/ServerError/ThrottlingError (`code`, `statusCode`, `requestId`, `retryAfter`,
 * `data` = whole body), ali-oss errors (`code`, `status`, `requestId`), and network errors.
 */
export function normaliseError(err: unknown, service: string, action: string): CloudApiError {
  if (err instanceof CloudApiError) return err;
  const raw = (typeof err === 'object' && err !== null ? err : {}) as RawSdkError;
  const data = (typeof raw.data === 'object' && raw.data !== null ? raw.data : {}) as Record<string, unknown>;
  // Log Service's gateway puts the status and request id in `data` (@alicloud/gateway-sls modifyResponse).
  const statusCode =
    typeof raw.statusCode === 'number'
      ? raw.statusCode
      : typeof raw.status === 'number'
        ? raw.status
        : typeof data.statusCode === 'number'
          ? data.statusCode
          : undefined;
  const code =
    str(data.Code) ??
    str(raw.code) ??
    (err instanceof SyntaxError ? 'MalformedResponse' : undefined) ??
    (statusCode !== undefined ? `HTTP${statusCode}` : undefined) ??
    // A TypeError from our own request building is a bug: permanent, never retried.
    (err instanceof Error && err.name !== 'Error' ? err.name : 'UnknownError');
  // openapi-core prefixes its message with "code: 403, " and suffixes " request id: X"; prefer the body's Message.
  const text = str(data.Message) ?? (str(raw.message) ?? String(err)).replace(/^code: \d+, /, '').replace(/ request id: [\w-]+$/, '');
  // Log Service's gateway (@alicloud/gateway-sls) throws "<errorCode>: <errorMessage>": the code once is enough.
  const message = text.startsWith(`${code}: `) ? text.slice(code.length + 2) : text;
  const requestId = str(data.RequestId) ?? str(raw.requestId) ?? str(data.requestId);
  const retryAfterMs = typeof raw.retryAfter === 'number' ? raw.retryAfter : undefined;
  return new CloudApiError(
    { service, action, code, message, statusCode, requestId, retryAfterMs, kind: classifyCode(code, statusCode) },
    { cause: err },
  );
}

/** True for a CloudApiError saying the resource does not exist. */
export function isGone(err: unknown): err is CloudApiError {
  return err instanceof CloudApiError && err.kind === 'gone';
}

/** Awaits `call`, treating "the thing does not exist" as done: nothing left to do. */
export async function unlessGone(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!isGone(err)) throw err;
  }
}
