import type { Argv, CommandModule } from 'yargs';
import type { GraphFormat } from '../../plan/render/graph.js';
import { withGlobalOptions, type GlobalArgs } from '../options.js';
import type { CommandResult } from '../exit-codes.js';

export interface PlanArgs extends GlobalArgs {
  readonly out?: string | undefined;
  readonly detailedExitcode: boolean;
  readonly graph?: GraphFormat | undefined;
}

export function planCommand(result: CommandResult): CommandModule<object, PlanArgs> {
  return {
    command: 'plan',
    describe: 'scan the account and print the dependency-ordered teardown plan (changes nothing)',
    builder: (y: Argv) =>
      withGlobalOptions(y)
        .option('out', { alias: 'o', type: 'string', describe: 'save the plan to this file, for `apply <file> --confirm`' })
        .option('graph', {
          type: 'string',
          choices: ['dot', 'mermaid'],
          describe: 'print the dependency graph (Graphviz DOT or Mermaid) instead of the plan',
        })
        .option('detailed-exitcode', { type: 'boolean', default: false, describe: 'exit 2 when there is something to destroy, 0 when not' })
        .example('$0 plan --only ecs,oss --regions cn-hangzhou', 'plan a partial teardown')
        .example('$0 plan --out plan.json', 'save the plan for review and apply') as unknown as Argv<PlanArgs>,
    handler: async (args) => (await import('../actions/plan.js')).runPlan(args, result),
  };
}
