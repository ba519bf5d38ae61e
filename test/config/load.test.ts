import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig, parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';

const FULL_EXAMPLE = `
accountBlocklist:
  - 1234567890123456          # unquoted: still read digit for digit
  - "9876543210987654"
regions: [cn-hangzhou, cn-shanghai]
include: [ecs, vpc, oss.bucket]
exclude: [ecs.key-pair]
keep:
  - tag: { key: env, value: prod }
    reason: production
  - address: "vpc.vpc/cn-hangzhou/*"
  - type: ecs.instance
    name: "bastion-*"
  - nameRegex: "^ci-[0-9]+$"
    newerThan: 12h
  - id: d-hz-spare
  - olderThan: 2w
    type: ecs.snapshot
settings:
  convertPrepaid: false
  refundSubscriptions: true
  rdsReleasedKeepPolicy: Lastest
concurrency:
  global: 8
  perService: { ecs: 5, oss: 2 }
endpoints:
  ecs: ecs-vpc.{region}.aliyuncs.com
site: international
`;

/** The UserError message parseConfig throws for `text`. */
function errorOf(text: string): string {
  try {
    parseConfig(text, 'teardown.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected parseConfig to throw');
}

describe('parseConfig', () => {
  it('reads the documented full example', () => {
    const c = parseConfig(FULL_EXAMPLE, 'teardown.yaml');
    expect(c.accountBlocklist).toEqual(['1234567890123456', '9876543210987654']);
    expect(c.regions).toEqual(['cn-hangzhou', 'cn-shanghai']);
    expect(c.include).toEqual(['ecs', 'vpc', 'oss.bucket']);
    expect(c.exclude).toEqual(['ecs.key-pair']);
    expect(c.keep).toHaveLength(6);
    expect(c.keep[0]).toEqual({ tag: { key: 'env', value: 'prod' }, reason: 'production' });
    expect(c.keep[3]).toEqual({ nameRegex: '^ci-[0-9]+$', newerThan: '12h' });
    expect(c.settings).toEqual({
      convertPrepaid: false,
      disableDeletionProtection: true,
      refundSubscriptions: true,
      deleteCallerAccessKey: false,
      rdsReleasedKeepPolicy: 'Lastest',
    });
    expect(c.concurrency).toEqual({ global: 8, perService: { ecs: 5, oss: 2 } });
    expect(c.endpoints).toEqual({ ecs: 'ecs-vpc.{region}.aliyuncs.com' });
    expect(c.site).toBe('international');
  });

  it('fills every default for an empty file', () => {
    expect(parseConfig('', 'empty.yaml')).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toEqual({
      accountBlocklist: [],
      include: [],
      exclude: [],
      keep: [],
      settings: {
        convertPrepaid: true,
        disableDeletionProtection: true,
        refundSubscriptions: false,
        deleteCallerAccessKey: false,
        rdsReleasedKeepPolicy: 'None',
      },
      concurrency: { global: 10, perService: {} },
      endpoints: {},
    });
    expect(DEFAULT_CONFIG.regions).toBeUndefined();
  });

  it('keeps account ids beyond 2^53 exact', () => {
    expect(parseConfig('accountBlocklist: [99999999999999999999]', 'x').accountBlocklist).toEqual(['99999999999999999999']);
  });

  it.each([
    ['keep:\n  - type: ecs.instance\n  - id: x\n  - tag: prod\n', 'config teardown.yaml: keep[2].tag: expected {key, value?}'],
    ['keep:\n  - tag: { value: prod }\n', 'config teardown.yaml: keep[0].tag.key: required'],
    ['keep:\n  - reason: because\n', 'config teardown.yaml: keep[0]: a keep rule needs at least one condition'],
    ['keep:\n  - nameRegex: "("\n', 'config teardown.yaml: keep[0].nameRegex: not a valid regular expression'],
    ['keep:\n  - newerThan: 7 days\n', 'config teardown.yaml: keep[0].newerThan: expected a duration like 7d, 12h, 30m or 2w'],
    ['keep:\n  - type: ecs.instance\n    tags: {}\n', 'config teardown.yaml: keep[0].tags: unknown key'],
    ['keep:\n  - property: {}\n', 'config teardown.yaml: keep[0].property: expected at least one property'],
    [
      'keep:\n  - property: deletionProtection\n',
      'config teardown.yaml: keep[0].property: expected {<property>: <value or list of values>}',
    ],
    ['keep:\n  - property: { chargeType: { a: 1 } }\n', 'config teardown.yaml: keep[0].property.chargeType: expected a value'],
    ['settings: { disableDeletionProtection: no }\n', 'config teardown.yaml: settings.disableDeletionProtection: expected true or false'],
    ['regoins: [cn-hangzhou]\n', 'config teardown.yaml: regoins: unknown key'],
    ['regions: cn-hangzhou\n', 'config teardown.yaml: regions: expected a list of region ids'],
    ['regions: []\n', 'config teardown.yaml: regions: expected at least one region'],
    ['accountBlocklist: [abc]\n', 'config teardown.yaml: accountBlocklist[0]: expected an account id (digits)'],
    ['settings: { convertPrepaid: "yes" }\n', 'config teardown.yaml: settings.convertPrepaid: expected true or false'],
    [
      'settings: { rdsReleasedKeepPolicy: Latest }\n',
      'config teardown.yaml: settings.rdsReleasedKeepPolicy: expected one of None, Lastest, All',
    ],
    ['settings: { deleteEverything: true }\n', 'config teardown.yaml: settings.deleteEverything: unknown key'],
    ['concurrency: { global: 0 }\n', 'config teardown.yaml: concurrency.global: expected a whole number from 1 to 100'],
    ['concurrency: { perService: { ecss: 2 } }\n', 'config teardown.yaml: concurrency.perService.ecss: expected one of ecs, vpc'],
    ['endpoints: { ecs: "https://ecs.aliyuncs.com" }\n', 'config teardown.yaml: endpoints.ecs: expected a host name without scheme'],
    ['site: moon\n', 'config teardown.yaml: site: expected one of china, international'],
    ['- a\n- b\n', 'config teardown.yaml: expected a mapping (key: value) at the top level'],
    ['keep: [\n', 'config teardown.yaml: line 2, column 1: invalid YAML'],
    ['regions: [a]\nregions: [b]\n', 'config teardown.yaml: line 2, column 1: invalid YAML: Map keys must be unique'],
  ])('names the path and the problem in one line: %j', (text, expected) => {
    expect(errorOf(text)).toContain(expected);
    expect(errorOf(text).startsWith(expected)).toBe(true);
  });

  it('reports every problem of the file on the same line', () => {
    expect(errorOf('site: moon\nfoo: 1\n')).toBe('config teardown.yaml: site: expected one of china, international; foo: unknown key');
  });
});

describe('docs/config.md', () => {
  it('its full example is a valid config', () => {
    const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
    const example = /## Full example\s+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const c = parseConfig(example!, 'docs/config.md');
    expect(c.accountBlocklist).toEqual(['1234567890123456']);
    expect(c.keep).toHaveLength(8);
    expect(c.concurrency.perService).toEqual({ ecs: 5, oss: 2 });
  });
});

describe('loadConfig', () => {
  it('reads a file and names it in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teardown-config-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'regions: [cn-hangzhou]\n');
    expect((await loadConfig(good)).regions).toEqual(['cn-hangzhou']);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'keep: [{tag: x}]\n');
    await expect(loadConfig(bad)).rejects.toThrow(`config ${bad}: keep[0].tag: expected {key, value?}`);
    await expect(loadConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/: cannot read it \(file not found\); check the --config path$/);
    await expect(loadConfig(join(dir, 'missing.yaml'))).rejects.toBeInstanceOf(UserError);
  });
});
