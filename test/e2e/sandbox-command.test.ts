// `aliyun-teardown sandbox`: the emulated account in the foreground, with the export lines a user
// needs for this tool, serving the admin API until it is stopped.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, assertBuilt } from './cli.js';

describe('the sandbox command', { timeout: 120_000 }, () => {
  it('prints the export lines, serves the account, and stops on SIGTERM', async () => {
    assertBuilt();
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /export ALIYUN_TEARDOWN_ENDPOINT=(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('ALIBABA_CLOUD_ACCESS_KEY_SECRET=')) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${out}`)));
    });
    expect(out).toContain('Sandbox account 1234567890123456 listening on');
    expect(out).toContain('export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tDemoTeardownBot01');
    // Not real time by default (a real-speed apply of the demo takes minutes), and it says how to get real timings.
    expect(out).toContain('complete 50× faster than real time (--speed 1 for real timings)');
    expect(out).toContain('these variables configure this tool only');
    expect(out).not.toContain('aliyun CLI');
    const state = (await (await fetch(`${url}/__sandbox/state`)).json()) as { products: Record<string, unknown> };
    expect(Object.keys(state.products)).toEqual(expect.arrayContaining(['ecs', 'vpc', 'oss', 'ram']));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
