/**
 * Every ```json block in README.md and docs/*.md parses and is marked with the schema it
 * shows (`<!-- json: plan -->`); each schema is checked against the tool's real output on the
 * demo sandbox, so neither the examples nor the schemas can drift from the output. The plan
 * example is also checked entry by entry against the same plan made for real.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { runCliInProcess } from '../cli/in-process.js';
import { inDirectory } from './in-directory.js';
import { fencedBlocks } from './markdown.js';
import { OUTPUT_SCHEMAS } from './output-schemas.js';

const blocks = fencedBlocks().filter((b) => b.lang === 'json');
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'docs-json-'));
  await writeFile(join(cwd, 'keep-web-1.yaml'), 'keep:\n  - name: web-1\n    reason: production\n');
});
afterAll(async () => {
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

/** The CLI's stdout for these arguments, run in process on a fresh in-process sandbox. */
async function jsonOf(argv: string[]): Promise<unknown> {
  const run = await inDirectory(cwd, { ALIYUN_TEARDOWN_PROMPT_DELAY: '0' }, () => runCliInProcess([...argv, '--quiet']));
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as unknown;
}

// Timeouts only stop a hang; the machine may be shared and slow, so they are generous.
describe('JSON in the docs', { timeout: 180_000 }, () => {
  it.each(blocks.map((b, i) => [`${b.file} #${i + 1} (${b.marker ?? 'unmarked'})`, b] as const))(
    '%s parses and matches its schema',
    (_, b) => {
      expect(b.marker, 'mark the block with <!-- json: NAME --> (a key of OUTPUT_SCHEMAS)').toBeDefined();
      const schema: z.ZodTypeAny | undefined = OUTPUT_SCHEMAS[b.marker!];
      expect(schema, `no schema named ${b.marker}`).toBeDefined();
      const parsed = schema!.safeParse(JSON.parse(b.body));
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    },
  );

  it('the plan example is what the documented plan prints (entry by entry)', async () => {
    const real = (await jsonOf([
      'plan',
      '--sandbox',
      '--json',
      '--regions',
      'ap-southeast-1,cn-hangzhou',
      '--only',
      'ecs.instance,vpc.vswitch',
      '--config',
      'keep-web-1.yaml',
    ])) as Record<string, unknown>;
    expect(OUTPUT_SCHEMAS.plan!.safeParse(real).success).toBe(true);
    const doc = JSON.parse(blocks.find((b) => b.file === 'docs/plan-json.md' && b.marker === 'plan')!.body) as Record<string, unknown>;
    // The example is abridged: its summary counts are not compared, every entry it shows is. Its
    // endpoint is the real cloud's; a --sandbox run records the sandbox's address instead.
    const {
      resources,
      kept,
      blocked,
      summary: _summary,
      endpoint: _endpoint,
      ...rest
    } = doc as {
      resources: { address: string }[];
      kept: { address: string }[];
      blocked: { address: string }[];
      summary: unknown;
      endpoint: unknown;
    };
    expect(real.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(real).toMatchObject(rest);
    const byAddress = (list: unknown) => new Map((list as { address: string }[]).map((e) => [e.address, e]));
    for (const [section, entries] of [
      ['resources', resources],
      ['kept', kept],
      ['blocked', blocked],
    ] as const) {
      const actual = byAddress(real[section]);
      for (const entry of entries) expect(actual.get(entry.address), `${section}: ${entry.address}`).toMatchObject(entry);
    }
  });

  it('the schemas hold for the real plan, readiness and apply output', async () => {
    for (const [name, argv] of [
      ['plan', ['plan', '--sandbox', '--json']],
      ['readiness', ['readiness', '--sandbox', '--json']],
      ['apply-report', ['apply', '--sandbox', '--json', '--confirm=1234567890123456', '--poll-interval-ms', '20']],
    ] as const) {
      const parsed = OUTPUT_SCHEMAS[name]!.safeParse(await jsonOf([...argv]));
      expect(parsed.success ? [] : parsed.error.issues, name).toEqual([]);
    }
  });
});
