import type { CommandModule } from 'yargs';
import type { CommandResult } from '../exit-codes.js';

export function resourcesCommand(result: CommandResult): CommandModule<object, { json: boolean; markdown: boolean }> {
  return {
    command: 'resources',
    describe: 'list every resource type: service, scope, what it deletes, its steps and what must be gone first',
    builder: (y) =>
      y
        .option('json', { type: 'boolean', default: false, describe: 'as JSON' })
        .option('markdown', { type: 'boolean', default: false, describe: 'as the Markdown of docs/resources.md' }) as never,
    handler: async (args) => {
      (await import('../actions/resources.js')).runResources(args);
      result.exitCode = 0;
    },
  };
}
