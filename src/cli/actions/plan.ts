/** The work of `plan` (loaded on demand: the SDKs load only when a command needs them). */
import { planTeardown, renderPlanGraph, renderPlanHuman, renderPlanJson, writePlanFile, type Plan } from '../../plan/index.js';
import { untaggableTypeNotes } from '../../plan/filters.js';
import { defaultRegistry } from '../../providers/index.js';
import { interruptSignal } from '../interrupt.js';
import type { GlobalArgs } from '../options.js';
import { EXIT, type CommandResult } from '../exit-codes.js';
import { scanProgressReporter } from '../scan-progress.js';
import { openSession, type Session } from '../session.js';
import { TOOL_VERSION } from '../version.js';
import type { PlanArgs } from '../commands/plan.js';

/** Lines about keep rules on tags that types in this plan can never match. */
export function keepRuleNotes(session: Session, plan: Plan): string[] {
  const registry = defaultRegistry();
  return untaggableTypeNotes(
    plan.scope.types.map((t) => registry.require(t)),
    session.config.keep,
  );
}

/** Scan and plan with read-only clients; shared by `plan` and `apply`. */
export async function makePlan(session: Session, args: GlobalArgs, signal: AbortSignal): Promise<Plan> {
  const progress = scanProgressReporter(process.stderr, args.quiet);
  try {
    return await planTeardown({
      registry: defaultRegistry(),
      config: session.config,
      clients: session.readOnlyClients,
      caller: session.caller,
      only: args.only,
      exclude: args.exclude,
      regions: args.regions,
      excludeRegions: args.excludeRegions,
      toolVersion: TOOL_VERSION,
      endpoint: session.endpoint,
      signal,
      log: session.log,
      onProgress: progress.handle,
    });
  } finally {
    progress.close();
  }
}

/** One line on stderr naming the gaps (the plan's own section has the details and fixes). */
export function incompleteNotice(plan: Plan): string {
  const gaps = plan.gaps.map((g) => `${g.type} in ${g.region === '*' ? 'every region' : g.region} (${g.code})`).join(', ');
  return `The plan is INCOMPLETE: could not list ${gaps}. Resources they may hold are blocked; see the plan's INCOMPLETE section for what to grant.`;
}

export async function runPlan(args: PlanArgs, result: CommandResult): Promise<void> {
  const session = await openSession(args, 'plan');
  const interrupt = interruptSignal();
  try {
    const plan = await makePlan(session, args, interrupt.signal);
    if (args.out) await writePlanFile(args.out, plan);
    process.stdout.write(
      args.graph
        ? renderPlanGraph(plan, args.graph)
        : args.json
          ? renderPlanJson(plan)
          : renderPlanHuman(plan, { color: args.color, notes: keepRuleNotes(session, plan) }),
    );
    if (args.out && !args.json && !args.graph)
      process.stdout.write(
        `\nSaved the plan to ${args.out}. Apply exactly this plan with:\n  aliyun-teardown apply ${args.out} --confirm\n`,
      );
    session.sayWhereTheLogIs();
    // An incomplete plan is never a success: what it could not see may hold anything.
    result.exitCode =
      plan.gaps.length > 0 ? EXIT.planIncomplete : args.detailedExitcode && plan.resources.length > 0 ? EXIT.changes : EXIT.ok;
    if (plan.gaps.length > 0) process.stderr.write(`${incompleteNotice(plan)}\n`);
  } finally {
    interrupt.dispose();
    await session.close();
  }
}
