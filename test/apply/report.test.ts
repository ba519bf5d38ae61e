import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import {
  applyExitCode,
  describeFailure,
  hintFor,
  renderReport,
  SANDBOX_NOT_RESUMABLE,
  reportJson,
  summaryLine,
  type ApplyReport,
} from '../../src/apply/report.js';
import { WaitTimeoutError } from '../../src/apply/wait.js';
import { cloudError, FakeCloud, fakeType } from './fake-cloud.js';

function report(over: Partial<ApplyReport> = {}): ApplyReport {
  const base = {
    accountId: '1234567890123456',
    interrupted: false,
    deleted: ['ecs.instance/cn-hangzhou/i-1', 'ecs.disk/cn-hangzhou/d-1'],
    alreadyGone: ['ecs.snapshot/cn-hangzhou/s-1'],
    deletedBefore: [],
    failed: [],
    skipped: [],
    unfinished: [],
    kept: [
      {
        address: 'oss.bucket/cn-hangzhou/prod-logs',
        type: 'oss.bucket',
        region: 'cn-hangzhou',
        id: 'prod-logs',
        reason: 'keep rule #1 (name prod-*)',
      },
    ],
    blocked: [
      {
        address: 'domain.registration/global/example.com',
        type: 'domain.registration',
        region: 'global',
        id: 'example.com',
        reason: 'registered domain: transfer it out or let it expire',
      },
    ],
    gaps: [],
    ...over,
  };
  return {
    ...base,
    counts: {
      planned: base.deleted.length + base.alreadyGone.length + base.failed.length + base.skipped.length + base.unfinished.length,
      deleted: base.deleted.length,
      alreadyGone: base.alreadyGone.length,
      deletedBefore: base.deletedBefore.length,
      failed: base.failed.length,
      skipped: base.skipped.length,
      unfinished: base.unfinished.length,
      kept: base.kept.length,
      blocked: base.blocked.length,
    },
  };
}

const failure = describeFailure(
  'vpc.vpc/cn-hangzhou/vpc-1',
  'delete',
  undefined,
  cloudError('DependencyViolation', { requestId: 'RID-7' }),
);

describe('applyExitCode', () => {
  it('is 0 only when everything planned is gone and nothing failed, was skipped or interrupted', () => {
    expect(applyExitCode(report())).toBe(0);
    // Everything done, but the plan could not see everything (--allow-incomplete): never 0.
    const gap = {
      type: 'ecs.instance',
      region: 'cn-shanghai',
      code: 'Forbidden.RAM',
      message: 'denied',
      action: 'ecs:DescribeInstances',
      fix: 'grant it',
    };
    expect(applyExitCode(report({ gaps: [gap] }))).toBe(4);
    expect(applyExitCode(report({ gaps: [gap], failed: [failure] }))).toBe(3);
    expect(applyExitCode(report({ failed: [failure] }))).toBe(3);
    expect(applyExitCode(report({ skipped: [{ address: 'a/b/c', reason: 'upstream x failed', blockedBy: 'x' }] }))).toBe(3);
    expect(applyExitCode(report({ interrupted: true, unfinished: [{ address: 'a/b/c', reason: 'not started' }] }))).toBe(130);
  });
});

describe('hints', () => {
  const cloud = new FakeCloud();
  const type = {
    ...fakeType(cloud, { type: 'ecs.instance', service: 'ecs' }),
    hints: { ChargeTypeViolation: 'convert the instance to pay-as-you-go first' },
  };

  it("prefers the type's own hint for the code", () => {
    expect(hintFor(type, cloudError('ChargeTypeViolation'))).toBe('convert the instance to pay-as-you-go first');
  });

  it('falls back to a hint per error kind', () => {
    expect(hintFor(type, cloudError('DependencyViolation'))).toMatch(/still depends on it/);
    expect(hintFor(type, cloudError('Throttling.User'))).toMatch(/lower --concurrency/);
    expect(hintFor(type, cloudError('ServiceUnavailable'))).toMatch(/rerun apply later/);
    expect(hintFor(undefined, cloudError('Forbidden.RAM'))).toMatch(/the cloud refused the request/);
    expect(hintFor(type, new WaitTimeoutError('disk d-1 to be deleted', 600_000))).toMatch(/did not become visible in time/);
    expect(hintFor(type, new TypeError('x is undefined'))).toMatch(/please report it/);
  });

  it('describes a failure with code, request id and hint', () => {
    expect(failure).toEqual({
      address: 'vpc.vpc/cn-hangzhou/vpc-1',
      step: 'delete',
      code: 'DependencyViolation',
      kind: 'dependency',
      message: 'fake DependencyViolation',
      requestId: 'RID-7',
      hint: hintFor(undefined, cloudError('DependencyViolation')),
    });
  });
});

describe('renderReport', () => {
  it('renders sections and the summary line', () => {
    const text = renderReport(
      report({
        failed: [failure],
        skipped: [{ address: 'vpc.vswitch/cn-hangzhou/vsw-1', reason: 'upstream vpc.vpc/cn-hangzhou/vpc-1 failed' }],
      }),
      { color: false },
    );
    expect(text).toBe(
      [
        'Destroyed (2):',
        '  - ecs.instance/cn-hangzhou/i-1',
        '  - ecs.disk/cn-hangzhou/d-1',
        '',
        'Already gone (1):',
        '  - ecs.snapshot/cn-hangzhou/s-1',
        '',
        'Failed (1):',
        '  ✗ vpc.vpc/cn-hangzhou/vpc-1 (step delete)',
        '      DependencyViolation: fake DependencyViolation [RequestId RID-7]',
        `      what to do: ${failure.hint}`,
        '',
        'Skipped (1):',
        '  ~ vpc.vswitch/cn-hangzhou/vsw-1: upstream vpc.vpc/cn-hangzhou/vpc-1 failed',
        '',
        'Kept (1):',
        '  = oss.bucket/cn-hangzhou/prod-logs: keep rule #1 (name prod-*)',
        '',
        'Blocked (1):',
        '  ! domain.registration/global/example.com: registered domain: transfer it out or let it expire',
        '',
        'Apply: 2 destroyed, 1 already gone, 1 failed, 1 skipped, 1 kept, 1 blocked.',
        '',
      ].join('\n'),
    );
  });

  it('says when the run was interrupted and what is left', () => {
    const r = report({ interrupted: true, unfinished: [{ address: 'vpc.vpc/cn-hangzhou/vpc-1', reason: 'not started' }] });
    expect(summaryLine(r)).toBe('Apply: 2 destroyed, 1 already gone, 0 failed, 0 skipped, 1 kept, 1 blocked. Interrupted: 1 not finished.');
    const text = renderReport(r, { color: false });
    expect(text).toContain('Not finished (1):\n  … vpc.vpc/cn-hangzhou/vpc-1: not started');
    expect(text).toContain('rerun apply with the same plan to finish');
  });

  it('says when the journal could not be written, and exits 5', () => {
    const r = report({ interrupted: true, journalFailure: { file: '/s/runs/x/journal.jsonl', code: 'ENOSPC' } });
    expect(applyExitCode(r)).toBe(5);
    expect(renderReport(r, { color: false })).toContain(
      'Stopped: the apply journal /s/runs/x/journal.jsonl could not be written (ENOSPC). What is listed above was done;',
    );
  });

  it('prints names and messages from the cloud inert', () => {
    const text = renderReport(report({ skipped: [{ address: 'ram.user/global/x', reason: 'evil\nApply: 0 destroyed\x1b[2J' }] }), {
      color: false,
    });
    expect(text).toContain('evil\\nApply: 0 destroyed\\x1b[2J');
    expect(text).not.toContain('\x1b');
  });

  it('an in-process --sandbox account is not resumable: no "rerun to finish", and it says why', () => {
    const r = report({ interrupted: true, unfinished: [{ address: 'vpc.vpc/cn-hangzhou/vpc-1', reason: 'not started' }] });
    const text = renderReport(r, { color: false, resumable: false });
    expect(text).not.toContain('rerun apply with the same plan');
    expect(text).toContain(SANDBOX_NOT_RESUMABLE);
    expect(renderReport(report(), { color: false, resumable: false })).not.toContain(SANDBOX_NOT_RESUMABLE);
  });

  it('colours only when asked', () => {
    expect(renderReport(report(), { color: true })).toContain('\x1b[');
    expect(renderReport(report(), { color: false })).not.toContain('\x1b[');
  });
});

describe('reportJson', () => {
  it('is the report plus exit code and summary', () => {
    const parsed = JSON.parse(reportJson(report({ failed: [failure] }))) as Record<string, unknown>;
    // The process's own code for an incomplete apply: one vocabulary for the JSON and the shell.
    expect(parsed.exitCode).toBe(EXIT.incomplete);
    expect(parsed.summary).toBe('Apply: 2 destroyed, 1 already gone, 1 failed, 0 skipped, 1 kept, 1 blocked.');
    expect(parsed.failed).toEqual([JSON.parse(JSON.stringify(failure))]);
    expect((parsed.counts as Record<string, number>).deleted).toBe(2);
  });
});
