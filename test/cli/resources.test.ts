import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueRows, renderCatalogueMarkdown, renderCatalogueText } from '../../src/cli/actions/resources.js';
import { ALL_TYPES, defaultRegistry } from '../../src/providers/index.js';

const EXPECTED_TYPES = [
  'ros.stack',
  'cs.cluster',
  'ess.scaling-group',
  'ecs.instance',
  'ecs.disk',
  'ecs.snapshot',
  'ecs.image',
  'ecs.security-group',
  'ecs.key-pair',
  'ecs.network-interface',
  'ecs.launch-template',
  'ecs.deployment-set',
  'ecs.auto-snapshot-policy',
  'vpc.vpc',
  'vpc.vswitch',
  'vpc.eip',
  'vpc.nat-gateway',
  'vpc.route-table',
  'vpc.route-entry',
  'vpc.havip',
  'vpc.vpn-gateway',
  'slb.load-balancer',
  'sls.project',
  'alb.load-balancer',
  'nlb.load-balancer',
  'cen.instance',
  'cen.attachment',
  'rds.instance',
  'kvstore.instance',
  'polardb.cluster',
  'mongodb.instance',
  'nas.mount-target',
  'nas.file-system',
  'oss.bucket',
  'ram.user',
  'ram.access-key',
  'ram.group',
  'ram.role',
  'ram.policy',
  'dns.domain',
  'dns.record',
  'domain.registration',
  'kms.key',
  'cdn.domain',
  'fc.function',
  'bss.subscription',
];

describe('the catalogue', () => {
  it('registers every resource type of the design, each once', () => {
    expect([...ALL_TYPES.map((t) => t.type)].sort()).toEqual([...EXPECTED_TYPES].sort());
    expect(() => defaultRegistry()).not.toThrow();
  });

  it('names the steps of every type that deletes anything, in kebab case', () => {
    for (const row of catalogueRows(defaultRegistry())) {
      if (row.reportOnly) continue;
      expect(row.steps.length, row.type).toBeGreaterThan(0);
      for (const s of row.steps) expect(s, row.type).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('says per type where keep rules read its tags, or that it cannot carry tags and how to keep it instead', () => {
    const rows = new Map(catalogueRows(defaultRegistry()).map((r) => [r.type, r]));
    expect(rows.get('rds.instance')?.tagSource).toMatch(/^ListTagResources/);
    expect(rows.get('oss.bucket')?.tagSource).toMatch(/^GetBucketTags .*ListBuckets returns none/);
    expect(rows.get('ecs.instance')?.tagSource).toMatch(/^DescribeInstances/);
    expect(rows.get('ram.user')).toMatchObject({ tagSource: null, keepInstead: 'keep users by name or id' });
    for (const t of ['ram.group', 'ram.access-key', 'dns.record', 'domain.registration', 'bss.subscription'])
      expect(rows.get(t)?.tagSource, t).toBeNull();
    expect(renderCatalogueText(defaultRegistry())).toMatch(/^ {2,}tags: none \(cannot carry tags\): keep users by name or id$/m);
  });

  it('docs/resources.md is the current output of `resources --markdown`', () => {
    const checkedIn = readFileSync(new URL('../../docs/resources.md', import.meta.url), 'utf8');
    expect(checkedIn, 'regenerate with: node bin/aliyun-teardown.js resources --markdown > docs/resources.md').toBe(
      renderCatalogueMarkdown(defaultRegistry()),
    );
  });
});
