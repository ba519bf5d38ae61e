import type { Argv, CommandModule } from 'yargs';
import { planTeardown, renderPlanGraph, renderPlanHuman, renderPlanJson, writePlanFile, type GraphFormat, type Plan } from '../../plan/index.js';
import { defaultRegistry } from '../../providers/index.js';
import { EXIT, type CommandResult } from '../run.js';
import { withGlobalOptions, type GlobalArgs } from '../options.js';
import { scanProgressReporter } from '../scan-progress.js';
import { openSession, type Session } from '../session.js';
import { interruptSignal } from '../interrupt.js';
import { TOOL_VERSION } from '../version.js';

export interface PlanArgs extends GlobalArgs {
  readonly out?: string | undefined;
  readonly detailedExitcode: boolean;
  readonly graph?: GraphFormat | undefined;
}

/** Scan and plan with read-only clients; shared by `plan` and `apply`. */
export async function makePlan(session: Session, args: GlobalArgs, signal: AbortSignal): Promise<Plan> {
  const progress = scanProgressReporter(process.stderr, args.quiet || args.json);
  try {
    return await planTeardown({
      registry: defaultRegistry(),
      config: session.config,
      clients: session.readOnlyClients,
      caller: session.caller,
      only: args.only,
      exclude: args.exclude,
      regions: args.regions,
      toolVersion: TOOL_VERSION,
      signal,
      log: session.log,
      onProgress: progress.handle,
    });
  } finally {
    progress.close();
  }
}

export function planCommand(result: CommandResult): CommandModule<object, PlanArgs> {
  return {
    command: 'plan',
    describe: 'scan the account and print the dependency-ordered teardown plan (changes nothing)',
    builder: (y: Argv) =>
      withGlobalOptions(y)
        .option('out', { alias: 'o', type: 'string', describe: 'save the plan to this file, for `apply <file> --confirm`' })
        .option('graph', { type: 'string', choices: ['dot', 'mermaid'], describe: 'print the dependency graph (Graphviz DOT or Mermaid) instead of the plan' })
        .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'exit 2 when there is something to destroy, 0 when not' })
        .example('$0 plan --only ecs,oss --regions cn-hangzhou', 'plan a partial teardown')
        .example('$0 plan --out plan.json', 'save the plan for review and apply') as unknown as Argv<PlanArgs>,
    handler: async (args) => {
      const session = await openSession(args, 'plan');
      const interrupt = interruptSignal();
      try {
        const plan = await makePlan(session, args, interrupt.signal);
        if (args.out) await writePlanFile(args.out, plan);
        process.stdout.write(
          args.graph ? renderPlanGraph(plan, args.graph) : args.json ? renderPlanJson(plan) : renderPlanHuman(plan, { color: args.color }),
        );
        if (args.out && !args.json && !args.graph) process.stdout.write(`\nSaved the plan to ${args.out}. Apply exactly this plan with:\n  aliyun-teardown apply ${args.out} --confirm\n`);
        result.exitCode = args.detailedExitcode && plan.resources.length > 0 ? EXIT.changes : EXIT.ok;
      } finally {
        interrupt.dispose();
        await session.close();
      }
    },
  };
}
