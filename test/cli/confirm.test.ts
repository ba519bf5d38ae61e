import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirmAccount } from '../../src/cli/confirm.js';
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
