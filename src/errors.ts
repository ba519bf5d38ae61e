/**
 * The tool's own error hierarchy. The CLI's top level maps these to a one-line message and
 * an exit code; nothing below the CLI prints or exits.
 *
 * - UserError: bad input (flags, config, plan file, wrong account, missing credentials).
 *   Exit code 1, message only, no stack.
 * - AbortError: the user stopped the run (Ctrl-C, declined confirmation).
 * Cloud failures are `CloudApiError` (src/cloud/errors.ts).
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

export class AbortError extends Error {
  constructor(message = 'aborted') {
    super(message);
    this.name = 'AbortError';
  }
}
