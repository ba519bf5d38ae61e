/**
 * Access denied on purpose: the admin switch that refuses given actions (optionally only for
 * one product or region), to rehearse the everyday least-privilege account where the
 * caller's RAM policy lacks, say, `ecs:DescribeInstances` in one region.
 *
 * Real shape (RPC products): HTTP 403, Code `Forbidden.RAM`, Message "User not authorized to
 * operate on the specified resource, or this API doesn't support RAM." — the code ECS, VPC,
 * RDS and SLB document for a caller without the RAM permission (e.g. ECS DescribeInstances
 * error codes, https://api.aliyun.com/document/Ecs/2014-05-26/DescribeInstances). Since 2023
 * the body also carries `AccessDeniedDetail` naming the denied action (`AuthAction`), which
 * the no-permission troubleshooting page documents
 * (https://www.alibabacloud.com/help/en/ram/user-guide/troubleshoot-no-permission-errors).
 * OSS answers 403 `AccessDenied` (OSS error codes), in its own XML.
 */
import { SandboxApiError } from './framework.js';

export interface DenyRule {
  /** The API action, as on the wire: `DescribeInstances` (RPC) or the OSS operation (`ListBuckets`). */
  readonly action: string;
  /** Only this product (`ecs`, `vpc`, `oss`...); any when absent. */
  readonly product?: string | undefined;
  /** Only requests for this region (the RPC `RegionId` parameter; the bucket's region for OSS); any when absent. */
  readonly region?: string | undefined;
}

export function validateDenyRules(input: unknown): DenyRule[] {
  const rules = (typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as { rules?: unknown }).rules : input) ?? [];
  if (!Array.isArray(rules))
    throw new RangeError('deny needs {"rules": [{"action": "DescribeInstances", "product"?: "ecs", "region"?: "cn-shanghai"}]}');
  return rules.map((r, i) => {
    if (typeof r !== 'object' || r === null) throw new RangeError(`deny rule #${i + 1} must be an object`);
    const o = r as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!['action', 'product', 'region'].includes(k)) throw new RangeError(`deny rule #${i + 1}: unknown key "${k}"`);
    if (typeof o.action !== 'string' || o.action === '') throw new RangeError(`deny rule #${i + 1} needs an "action"`);
    for (const k of ['product', 'region'] as const)
      if (o[k] !== undefined && typeof o[k] !== 'string') throw new RangeError(`deny rule #${i + 1}: "${k}" must be a string`);
    return {
      action: o.action,
      ...(typeof o.product === 'string' ? { product: o.product } : {}),
      ...(typeof o.region === 'string' ? { region: o.region } : {}),
    };
  });
}

export class Denials {
  private rules: DenyRule[] = [];

  configure(rules: readonly DenyRule[]): void {
    this.rules = validateDenyRules({ rules });
  }

  current(): readonly DenyRule[] {
    return this.rules;
  }

  /** The rule refusing this request, if any. */
  match(product: string, action: string, region: string | undefined): DenyRule | undefined {
    return this.rules.find(
      (r) => r.action === action && (r.product === undefined || r.product === product) && (r.region === undefined || r.region === region),
    );
  }
}

/** The RPC products' access-denied error for `product:action` (see the top of this file). */
export function rpcAccessDenied(product: string, action: string, accountId: string, accessKeyId: string): SandboxApiError {
  return new SandboxApiError(
    403,
    'Forbidden.RAM',
    "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
    {
      AccessDeniedDetail: {
        AuthAction: `${product}:${action}`,
        AuthPrincipalType: 'SubUser',
        AuthPrincipalOwnerId: accountId,
        AuthPrincipalDisplayName: accessKeyId,
        PolicyType: 'AccountLevelIdentityBasedPolicy',
        NoPermissionType: 'ImplicitDeny',
        EncodedDiagnosticMessage: '',
      },
    },
  );
}
