import type { Argv, CommandModule } from 'yargs';
import { withGlobalOptions, type GlobalArgs } from '../options.js';
import type { CommandResult } from '../exit-codes.js';

export interface BackupArgs extends GlobalArgs {
  readonly out: string;
  readonly objects: boolean;
  readonly allVersions: boolean;
}

export function backupCommand(result: CommandResult): CommandModule<object, BackupArgs> {
  return {
    command: 'backup',
    describe: 'save what the plan would destroy — configuration, and with --objects every bucket object — into a folder (changes nothing)',
    builder: (y: Argv) =>
      withGlobalOptions(y)
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: 'name the backup folder with --out DIR',
          describe: 'the backup folder (created if needed; a rerun resumes in it)',
        })
        .option('objects', { type: 'boolean', default: false, describe: 'also download the objects of every bucket the plan destroys' })
        .option('all-versions', {
          type: 'boolean',
          default: false,
          describe: 'with --objects: every version of every object, and the delete markers (versioned buckets)',
        })
        .example('$0 backup --out backup/ --objects', 'back up everything the plan destroys, objects included')
        .example(
          '$0 apply backup/plan.json --confirm --require-backup backup/',
          'then apply exactly that plan, only if the backup covers it',
        ) as unknown as Argv<BackupArgs>,
    handler: async (args) => (await import('../actions/backup.js')).runBackup(args, result),
  };
}
