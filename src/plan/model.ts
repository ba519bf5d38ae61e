/**
 * The plan: plain, JSON-serialisable data. `plan` computes it, renders it and may save it;
 * `apply` is driven by it alone. Only `planfile.ts` knows how it is stored on disk.
 *
 * Direction of edges: a node's `dependsOn` lists the addresses that must be GONE before
 * the node can be deleted (destroy order = create order reversed: a VPC is created before
 * its vswitch, so the vswitch must be gone before the VPC).
 */
import type { Dependency, PropertyValue, ProviderSettings, Resource, Step } from '../providers/contract.js';

/** 2: scan `warnings` became `gaps` (with the RAM action and the fix); side-effect nodes (`releasedWith`). */
export const PLAN_FORMAT_VERSION = 2;

export interface PlanAccount {
  readonly id: string;
  readonly callerArn: string;
  /** `Account` (root), `RAMUser`, `AssumedRoleUser`. */
  readonly identityType: string;
  /** The AccessKey id the plan was made with (never the secret). */
  readonly accessKeyId: string;
}

/** A resource to destroy. */
export interface PlanNode {
  readonly address: string;
  readonly type: string;
  readonly service: string;
  readonly region: string;
  readonly id: string;
  readonly name?: string | undefined;
  /** The resource as scanned; apply hands it to the provider's run(). */
  readonly resource: Resource;
  readonly steps: readonly Step[];
  readonly dependsOn: readonly Dependency[];
  /** sha256 of the resource as scanned, to notice a resource that changed since the plan. */
  readonly fingerprint: string;
  /** The caller's own credentials: runs only after every other node is gone. */
  readonly caller?: boolean | undefined;
  /**
   * A side effect: the address of the resource whose deletion releases this one (a system
   * disk, a DeleteWithInstance data disk). Listed so the plan shows every destruction; apply
   * calls nothing for it and only confirms it is gone once its parent is.
   */
  readonly releasedWith?: string | undefined;
}

/** A resource that will not be destroyed, and why. */
export interface PlanExclusion {
  readonly address: string;
  readonly type: string;
  readonly region: string;
  readonly id: string;
  readonly name?: string | undefined;
  readonly properties?: Readonly<Record<string, PropertyValue>> | undefined;
  /** "keep rule #2 (tag env=prod)", "WORM retention locked until 2027-03-01", "needs ecs.instance/... (kept) gone first". */
  readonly reason: string;
  /** For blocked resources: the kept/blocked/unselected addresses in the way. */
  readonly blockedBy?: readonly string[] | undefined;
}

/**
 * A (type, region) the scan could not list, even after retries (access denied, a 5xx that did
 * not clear): what is there is unknown, so the plan is incomplete and everything that may
 * need such a resource gone, or would modify one, is blocked.
 */
export interface ScanGap {
  readonly type: string;
  /** A region id, `global`, or `*`: every region (the region list itself could not be read). */
  readonly region: string;
  readonly code: string;
  readonly message: string;
  /** The call that failed, as a RAM action: `ecs:DescribeInstances`. */
  readonly action: string;
  /** What to do: "grant ecs:DescribeInstances to the caller (RAM), then plan again". */
  readonly fix: string;
}

export interface PlanSummary {
  readonly toDestroy: number;
  readonly kept: number;
  readonly blocked: number;
  /** Scan gaps: more than 0 makes the plan incomplete. */
  readonly gaps: number;
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly toolVersion: string;
  readonly createdAt: string;
  readonly account: PlanAccount;
  /**
   * Where the plan was scanned: the endpoint override (ALIYUN_TEARDOWN_ENDPOINT, --sandbox),
   * or the site and configured endpoints. apply says so when it runs against another one.
   * Absent in plans saved before it was recorded.
   */
  readonly endpoint?: string | undefined;
  readonly scope: { readonly regions: readonly string[]; readonly types: readonly string[] };
  readonly settings: ProviderSettings;
  /** To destroy, in a deterministic topological order (dependencies first). */
  readonly resources: readonly PlanNode[];
  readonly kept: readonly PlanExclusion[];
  readonly blocked: readonly PlanExclusion[];
  /** What could not be scanned; non-empty = an incomplete plan (apply refuses it unless --allow-incomplete). */
  readonly gaps: readonly ScanGap[];
  readonly summary: PlanSummary;
}
