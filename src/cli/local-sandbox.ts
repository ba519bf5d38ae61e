/**
 * The one way the command line starts the emulated account (`--sandbox`, `sandbox`, `demo`):
 * on 127.0.0.1 only, loaded on demand (product code never imports the emulator otherwise), with
 * the variables that point this tool at it.
 */
import { UserError } from '../errors.js';
import type { RunningSandbox, SandboxOptions } from '../sandbox/index.js';

export interface LocalSandbox {
  readonly sandbox: RunningSandbox;
  /** What points this tool at it: its endpoint and the caller's key. */
  readonly env: {
    readonly ALIYUN_TEARDOWN_ENDPOINT: string;
    readonly ALIBABA_CLOUD_ACCESS_KEY_ID: string;
    readonly ALIBABA_CLOUD_ACCESS_KEY_SECRET: string;
  };
}

export async function startLocalSandbox(
  options: Omit<SandboxOptions, 'host'> & { readonly port?: number | undefined },
): Promise<LocalSandbox> {
  const { startSandbox } = await import('../sandbox/index.js');
  const port = options.port ?? 0;
  const sandbox = await startSandbox({ ...options, port, host: '127.0.0.1' }).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UserError(`port ${port} on 127.0.0.1 is already in use: pass --port N (0 picks a free port)`);
    throw err;
  });
  return {
    sandbox,
    env: {
      ALIYUN_TEARDOWN_ENDPOINT: sandbox.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: sandbox.callerAccessKey.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: sandbox.callerAccessKey.secret,
    },
  };
}
