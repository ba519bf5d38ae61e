/** The binary's entry point: bin/aliyun-teardown.js imports this module. */
import { hideBin } from 'yargs/helpers';
import { runCli } from './run.js';

process.exitCode = await runCli(hideBin(process.argv));
