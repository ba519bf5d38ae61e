/**
 * What the executor tells the outside world while it runs: the progress display and any
 * other observer consume these; the executor itself never prints.
 */

/**
 * pending → running → waiting → deleted, or failed / skipped (upstream failed or skipped,
 * changed since plan, blocked step). `waiting` = the deleting step is done and apply polls
 * until the resource no longer reads back.
 */
export type NodeState = 'pending' | 'running' | 'waiting' | 'deleted' | 'failed' | 'skipped';

export type ApplyEvent =
  | { readonly type: 'apply-start'; readonly total: number; readonly deletedBefore: number }
  | {
      readonly type: 'node';
      readonly address: string;
      readonly state: NodeState;
      /** Why: "already gone", "changed since plan: ...", "upstream ... failed", the error. */
      readonly reason?: string | undefined;
    }
  | { readonly type: 'step'; readonly address: string; readonly action: string; readonly description: string }
  /** A wait began; `what` says what for: "disk d-1 to become Available". */
  | { readonly type: 'waiting'; readonly address: string; readonly what: string }
  | { readonly type: 'progress'; readonly address: string; readonly message: string }
  | {
      readonly type: 'retry';
      readonly address: string;
      readonly action: string;
      readonly code: string;
      readonly attempt: number;
      readonly delayMs: number;
    }
  | { readonly type: 'apply-end'; readonly interrupted: boolean };
