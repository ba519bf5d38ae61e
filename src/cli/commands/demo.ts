/**
 * `aliyun-teardown demo` (what `npm start` runs): the whole story on a sandbox account —
 * readiness, plan, apply (the sandbox's account id given as confirmation), and readiness
 * again — each step a real CLI command against one in-process sandbox, with the sandbox's
 * own request log as the witness of what each step sent.
 */
import type { Argv, CommandModule } from 'yargs';
import type { CommandResult } from '../exit-codes.js';
import { startLocalSandbox } from '../local-sandbox.js';

/** The CLI itself (run.ts's runCli), handed in by run.ts so the two modules do not import each other. */
export type RunCli = (argv: readonly string[]) => Promise<number>;

interface DemoArgs {
  readonly scenario: string;
  readonly speed: number;
  readonly color: boolean;
}

export function demoCommand(result: CommandResult, runCli: RunCli): CommandModule<object, DemoArgs> {
  return {
    command: 'demo',
    describe: 'the whole story on a sandbox account: readiness, plan, apply, readiness (no real cloud is touched)',
    builder: (y: Argv) =>
      y
        .option('scenario', { type: 'string', default: 'demo', describe: '"demo" or a scenario file' })
        .option('speed', {
          type: 'number',
          default: 500,
          describe: 'how much faster than real time the sandbox completes asynchronous deletions',
        })
        .option('color', { type: 'boolean', default: process.stdout.isTTY === true && !process.env.NO_COLOR }) as unknown as Argv<DemoArgs>,
    handler: async (args) => {
      const { sandbox: sb, env } = await startLocalSandbox({ scenario: args.scenario, speed: args.speed });
      const saved = {
        endpoint: process.env.ALIYUN_TEARDOWN_ENDPOINT,
        id: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
        secret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        token: process.env.ALIBABA_CLOUD_SECURITY_TOKEN,
      };
      Object.assign(process.env, env);
      delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
      const color = args.color ? '--color' : '--no-color';
      const banner = (title: string) => process.stdout.write(`\n${'='.repeat(78)}\n== ${title}\n${'='.repeat(78)}\n\n`);
      const mutatingSince = (from: number) =>
        sb
          .requestLog()
          .slice(from)
          .filter((e) => e.mutating).length;
      const step = async (title: string, argv: string[]) => {
        banner(`${title}\n== $ aliyun-teardown ${argv.join(' ')}`);
        const from = sb.requestLog().length;
        const code = await runCli([...argv, color]);
        const sent = sb.requestLog().length - from;
        process.stdout.write(`\n[sandbox] exit code ${code}; ${sent} requests, ${mutatingSince(from)} of them mutating.\n`);
        return code;
      };
      try {
        process.stdout.write(
          `Sandbox account ${sb.accountId} on ${sb.url} (scenario ${args.scenario}): an emulated Alibaba Cloud account.\nNothing here touches a real cloud.\n`,
        );
        await step('1. Is the account ready to be cancelled? (read-only)', ['readiness']);
        const planCode = await step('2. What would a teardown do? (read-only)', ['plan']);
        const applyCode = await step('3. Tear it down (confirmed with the account id)', [
          'apply',
          `--confirm=${sb.accountId}`,
          '--prompt-delay',
          '0',
          '--poll-interval-ms',
          '200',
        ]);
        await step('4. What is left?', ['readiness']);
        result.exitCode = planCode === 0 && applyCode === 0 ? 0 : applyCode || planCode;
      } finally {
        for (const [k, v] of [
          ['ALIYUN_TEARDOWN_ENDPOINT', saved.endpoint],
          ['ALIBABA_CLOUD_ACCESS_KEY_ID', saved.id],
          ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', saved.secret],
          ['ALIBABA_CLOUD_SECURITY_TOKEN', saved.token],
        ] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        await sb.close();
      }
    },
  };
}
