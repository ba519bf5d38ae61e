import { performance } from 'node:perf_hooks';
import * as sdk from '../../src/cloud/sdk.js';

/**
 * Loads every product SDK now and says how long it took. The tool loads each the first time it
 * is used (src/cloud/sdk.ts), which during a plan is in the middle of the scan: that is start-up
 * CPU, not round trips, and the plan row's bound counts round trips only. The summary loads them
 * before its timer and reports the time apart.
 */
export function loadProductSdks(): number {
  const started = performance.now();
  for (const namespace of [
    sdk.alidnsSdk,
    sdk.bssSdk,
    sdk.cdnSdk,
    sdk.csSdk,
    sdk.ecsSdk,
    sdk.kvstoreSdk,
    sdk.ramSdk,
    sdk.rdsSdk,
    sdk.rosSdk,
    sdk.stsSdk,
    sdk.vpcSdk,
  ])
    // Reading a property of an export loads the package (lazySdk).
    void Reflect.get(namespace.default, 'name');
  sdk.aliOss();
  return performance.now() - started;
}
