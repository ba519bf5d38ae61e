/**
 * The planner's own failure: the resources to destroy need each other gone first, so no
 * order exists. It points at a provider's dependencies() (or a cloud quirk not modelled yet),
 * not at the user's input, hence not a UserError.
 */
export class PlanError extends Error {
  /** The addresses of the cycle, each needing the next gone first; the first is repeated at the end. */
  readonly cycle: readonly string[];

  constructor(message: string, cycle: readonly string[]) {
    super(message);
    this.name = 'PlanError';
    this.cycle = cycle;
  }
}
