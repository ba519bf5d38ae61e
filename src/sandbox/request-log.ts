/**
 * Every request the sandbox answered, for tests and the admin API: which product and
 * action, the ids it named, who signed it, how it ended, and whether it could change the
 * account. Tests assert on it (e.g. `plan` made zero mutating calls), so secrets never
 * enter it: only parameters that name resources are kept.
 */
export interface RequestLogEntry {
  /** ISO-8601 time on the sandbox clock. */
  readonly time: string;
  /** `ecs`, `ram`... or `oss`. */
  readonly product: string;
  /** RPC action, or for OSS `<METHOD> /<bucket>/<key>`-style operation text. */
  readonly action: string;
  /** Resource-naming parameters only (ids, names, regions); never secrets. */
  readonly params: Readonly<Record<string, string>>;
  readonly accessKeyId: string | undefined;
  readonly status: number;
  /** Error code when the request failed; undefined on success. */
  readonly code: string | undefined;
  readonly mutating: boolean;
  readonly requestId: string;
}

/** Read-only RPC verbs; anything else may change the account. */
const READ_ONLY_ACTION = /^(Describe|List|Get|Query|Check|Search)/;

/** STS AssumeRole issues a temporary key and changes nothing in the account. */
const NON_MUTATING_ACTIONS = new Set(['AssumeRole']);

export function isMutatingAction(action: string): boolean {
  return !READ_ONLY_ACTION.test(action) && !NON_MUTATING_ACTIONS.has(action);
}

export function isMutatingHttpMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/**
 * Parameters that name resources: `*Id`, `*Ids`, `*Name`, `*Names` and their list forms
 * (`InstanceId.1`), plus RegionId and PolicyType. Anything that might carry a secret
 * (`*Secret*`, `Signature`, `*Token`, `Password`) is never kept, whatever its name.
 */
export function keyParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params).sort(([a], [b]) => a.localeCompare(b))) {
    if (/secret|signature|token|password|credential/i.test(k)) continue;
    if (k === 'AccessKeyId') continue; // the signer, logged separately
    if (/(Id|Ids|Name|Names)(\.\d+)?$/.test(k) || k === 'RegionId' || k === 'PolicyType') out[k] = v;
  }
  return out;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  all(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
