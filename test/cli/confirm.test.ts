import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmAccount, countdown } from '../../src/cli/confirm.js';
import { MutationPermit } from '../../src/cli/permit.js';
import { AbortError, UserError } from '../../src/errors.js';
import { TEST_CALLER } from '../providers/harness.js';

function terminal(answer: string | undefined, isTTY = true) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => {
    shown += d.toString();
    if (answer !== undefined && shown.includes('Type the account id')) input.write(`${answer}\n`);
  });
  return { io: { input, output }, shown: () => shown };
}

describe('confirmAccount: the only way to a MutationPermit', () => {
  it('refuses without --confirm', async () => {
    await expect(confirmAccount(undefined, TEST_CALLER, 'Plan: 3 to destroy.')).rejects.toThrow(UserError);
    await expect(confirmAccount(undefined, TEST_CALLER, '')).rejects.toThrow(/without --confirm/);
  });

  it('accepts --confirm=<id> only for the credentials’ account', async () => {
    const permit = await confirmAccount(TEST_CALLER.accountId, TEST_CALLER, '');
    expect(permit).toBeInstanceOf(MutationPermit);
    expect(permit.accountId).toBe(TEST_CALLER.accountId);
    await expect(confirmAccount('999', TEST_CALLER, '')).rejects.toThrow(
      `--confirm=999 does not match the account of these credentials (${TEST_CALLER.accountId}); nothing was changed`,
    );
  });

  it('without a terminal, asks for --confirm=<id> instead of prompting', async () => {
    const t = terminal(undefined, false);
    await expect(confirmAccount('', TEST_CALLER, '', t.io)).rejects.toThrow(
      `no terminal to confirm in: pass --confirm=${TEST_CALLER.accountId}`,
    );
    expect(t.shown()).toBe('');
  });

  it('in a terminal, shows the summary and accepts the typed account id', async () => {
    const t = terminal(TEST_CALLER.accountId);
    const permit = await confirmAccount('', TEST_CALLER, 'Plan: 3 to destroy.', t.io);
    expect(permit.accountId).toBe(TEST_CALLER.accountId);
    expect(t.shown()).toContain('Plan: 3 to destroy.');
    expect(t.shown()).toContain(`This destroys resources in account ${TEST_CALLER.accountId}`);
  });

  it('in a terminal, anything else than the account id aborts', async () => {
    for (const answer of ['yes', '', `${TEST_CALLER.accountId}0`]) {
      const t = terminal(answer);
      await expect(confirmAccount('', TEST_CALLER, '', t.io)).rejects.toThrow(AbortError);
    }
  });

  it('Ctrl-C at the prompt cancels it (readline reads it in a terminal)', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    output.on('data', (d: Buffer) => {
      if (d.toString().includes('Type the account id')) input.write('\x03');
    });
    await expect(confirmAccount('', TEST_CALLER, '', { input, output })).rejects.toThrow(
      new AbortError('confirmation cancelled (Ctrl-C); nothing was changed'),
    );
  });

  it('a permit cannot be issued for another account', () => {
    expect(() => MutationPermit.issue('999', TEST_CALLER)).toThrow(UserError);
  });
});

describe('the countdown after a non-interactive --confirm=<id>', () => {
  const output = (isTTY: boolean) => {
    let shown = '';
    const stream = Object.assign(new PassThrough(), { isTTY });
    stream.on('data', (d: Buffer) => (shown += d.toString()));
    return { stream, shown: () => shown };
  };

  it('names the account and how to cancel, then issues the permit', async () => {
    const out = output(false);
    const slept: number[] = [];
    const permit = await confirmAccount(
      TEST_CALLER.accountId,
      TEST_CALLER,
      'Plan: 3 to destroy.',
      { input: new PassThrough(), output: out.stream },
      { seconds: 3, sleep: async (ms) => void slept.push(ms) },
    );
    expect(permit.accountId).toBe(TEST_CALLER.accountId);
    expect(slept).toEqual([1000, 1000, 1000]);
    expect(out.shown()).toBe(
      `Plan: 3 to destroy. Destroying in account ${TEST_CALLER.accountId} (${TEST_CALLER.arn}) in 3 s: press Ctrl-C to cancel (--prompt-delay 0 skips this wait)\n`,
    );
  });

  it('counts down in place in a terminal', async () => {
    const out = output(true);
    await countdown('Plan: 1 to destroy.', TEST_CALLER, out.stream, { seconds: 2, sleep: async () => undefined });
    const CLEAR = '\r\x1b[2K';
    const frames = out.shown().split(CLEAR);
    expect(frames[0]).toBe('');
    expect(frames[1]).toMatch(/in 2 s: press Ctrl-C to cancel/);
    expect(frames[2]).toMatch(/in 1 s: press Ctrl-C to cancel/);
    expect(frames.slice(3)).toEqual(['']);
  });

  it('Ctrl-C during the countdown cancels: no permit', async () => {
    const ctrlC = new AbortController();
    const sleep = async () => ctrlC.abort();
    await expect(
      confirmAccount(
        TEST_CALLER.accountId,
        TEST_CALLER,
        '',
        { input: new PassThrough(), output: output(false).stream },
        { seconds: 5, signal: ctrlC.signal, sleep },
      ),
    ).rejects.toThrow(new AbortError('cancelled during the countdown; nothing was changed'));
  });

  it('--prompt-delay 0 skips it, and a wrong id is refused before it', async () => {
    const out = output(false);
    await confirmAccount(TEST_CALLER.accountId, TEST_CALLER, '', { input: new PassThrough(), output: out.stream }, { seconds: 0 });
    await expect(confirmAccount('999', TEST_CALLER, '', { input: new PassThrough(), output: out.stream }, { seconds: 5 })).rejects.toThrow(
      UserError,
    );
    expect(out.shown()).toBe('');
  });
});
