import type { Argv, CommandModule } from 'yargs';
import { withGlobalOptions, type GlobalArgs } from '../options.js';
import type { CommandResult } from '../exit-codes.js';

export function readinessCommand(result: CommandResult): CommandModule<object, GlobalArgs> {
  return {
    command: 'readiness',
    describe: 'can this account be cancelled now? what is left, and what a person must still do (changes nothing)',
    builder: (y: Argv) => withGlobalOptions(y) as unknown as Argv<GlobalArgs>,
    handler: async (args) => (await import('../actions/readiness.js')).runReadiness(args, result),
  };
}
