/**
 * Child-process entry: runs the sandbox in a process of its own, so the emulated cloud
 * neither steals the tool's CPU time on the same event loop nor counts in the tool's memory
 * (RSS and heap are the tool's alone). Driven by sandbox-host.ts over the IPC channel.
 */
import { startSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export interface SandboxProcessInput {
  readonly kind: 'start';
  readonly options: SandboxOptions;
}

export type SandboxProcessMessage =
  | {
      readonly kind: 'ready';
      readonly url: string;
      readonly accountId: string;
      readonly callerAccessKey: { readonly id: string; readonly secret: string };
    }
  | { readonly kind: 'failed'; readonly message: string };

if (!process.send) throw new Error('sandbox-process.js must run as a forked child process');
const send = (m: SandboxProcessMessage): void => {
  process.send?.(m);
};

process.once('message', (input: SandboxProcessInput) => {
  startSandbox(input.options).then(
    (sandbox) => {
      // The parent closing the channel (or exiting) ends the sandbox.
      process.once('disconnect', () => {
        void sandbox.close().finally(() => process.exit(0));
      });
      send({ kind: 'ready', url: sandbox.url, accountId: sandbox.accountId, callerAccessKey: sandbox.callerAccessKey });
    },
    (err: unknown) => {
      send({ kind: 'failed', message: (err as Error).message });
      process.disconnect();
    },
  );
});
