import type { CommandModule } from 'yargs';
import type { CommandResult } from '../exit-codes.js';
import { startLocalSandbox } from '../local-sandbox.js';

interface SandboxArgs {
  scenario: string;
  port: number;
  latencyMs: number;
  throttleRate: number;
  speed: number;
}

/**
 * `aliyun-teardown sandbox`: the emulated account in the foreground, for the tool in another
 * shell. Asynchronous work runs faster than real time by default (a real-speed apply of the demo
 * takes minutes); `--speed 1` gives real timings.
 */
export const SANDBOX_DEFAULT_SPEED = 50;

export function sandboxCommand(result: CommandResult): CommandModule<object, SandboxArgs> {
  return {
    command: 'sandbox',
    describe: 'run a local emulated Alibaba Cloud account (real wire protocol) in the foreground',
    builder: (y) =>
      y
        .option('scenario', { type: 'string', default: 'demo', describe: '"demo" or a scenario file (YAML/JSON, see docs/sandbox.md)' })
        .option('port', { type: 'number', default: 8790, describe: 'port on 127.0.0.1 (0 = any free port)' })
        .option('latency-ms', { type: 'number', default: 0, describe: 'added latency per request' })
        .option('throttle-rate', {
          type: 'number',
          default: 0,
          describe: 'probability (0..1) that a request is throttled (Throttling.User)',
        })
        .option('speed', {
          type: 'number',
          default: SANDBOX_DEFAULT_SPEED,
          describe: 'how much faster than real time asynchronous deletions and conversions complete (1 = real time)',
        }) as never,
    handler: async (args) => {
      const { sandbox: sb, env } = await startLocalSandbox({
        scenario: args.scenario,
        port: args.port,
        speed: args.speed,
        latencyMs: args.latencyMs,
        throttleRate: args.throttleRate,
      });
      process.stdout.write(
        [
          `Sandbox account ${sb.accountId} listening on ${sb.url} (scenario ${args.scenario}).`,
          `Asynchronous deletions and conversions complete ${args.speed}× faster than real time${args.speed === 1 ? '' : ' (--speed 1 for real timings)'}.`,
          'Point aliyun-teardown at it from another shell (these variables configure this tool only):',
          '',
          ...Object.entries(env).map(([name, value]) => `  export ${name}=${value}`),
          '',
          `Admin API (unsigned): ${sb.url}/__sandbox/state, /__sandbox/requests, POST /__sandbox/reset`,
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sb.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      result.exitCode = 0;
    },
  };
}
