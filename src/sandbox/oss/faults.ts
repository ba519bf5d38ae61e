/**
 * How injected faults (../faults.ts) read on OSS, per OSS's documented 503 errors
 * (https://www.alibabacloud.com/help/en/oss/support/http-status-code-503):
 *
 * - flow control is 503, not RPC's 400 `Throttling.User`, and not S3's `SlowDown`:
 *   `MetaOperationQpsLimitExceeded` "Qps limit for the meta operation is exceeded" for the
 *   management operations OSS throttles on their own — service (ListBuckets), bucket
 *   (PutBucket, GetBucketLifecycle...), CORS and LiveChannel operations — and
 *   `TotalQpsLimitExceeded` "Max total qps limit is exceeded" for the rest (the account's
 *   total QPS);
 * - a busy server is 503 `ServiceUnavailable` "Thread pool is almost full, please retry later".
 *
 * OSS documents no retry-after header, so a rate-limited OSS request carries none.
 */
import type { FaultDialect } from '../faults.js';
import { OssApiError } from './xml.js';

/** Actions OSS counts as meta operations: the service listing, bucket-level and LiveChannel operations. */
export function isMetaOperation(action: string): boolean {
  return action === 'ListBuckets' || /Bucket|LiveChannel/.test(action);
}

export const OSS_FAULT_DIALECT: FaultDialect = {
  throttled: (action) =>
    isMetaOperation(action)
      ? new OssApiError(503, 'MetaOperationQpsLimitExceeded', 'Qps limit for the meta operation is exceeded')
      : new OssApiError(503, 'TotalQpsLimitExceeded', 'Max total qps limit is exceeded'),
  unavailable: () => new OssApiError(503, 'ServiceUnavailable', 'Thread pool is almost full, please retry later'),
};
