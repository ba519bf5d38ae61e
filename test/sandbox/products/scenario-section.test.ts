// One reader for every product's scenario section: the same one-line error, naming the path,
// whether a seed uses the free functions (SLB, RDS...) or SectionReader (ECS, VPC).
import { describe, expect, it } from 'vitest';
import { World } from '../../../src/sandbox/framework.js';
import { ecsProduct } from '../../../src/sandbox/products/ecs.js';
import { SectionReader } from '../../../src/sandbox/products/scenario-section.js';
import { slbProduct } from '../../../src/sandbox/products/slb.js';
import { vpcProduct } from '../../../src/sandbox/products/vpc.js';

const seed = (product: typeof ecsProduct, scenario: Record<string, unknown>) => () => product.seed?.(new World('1', 1), scenario);

describe('scenario sections', () => {
  it('name the bad field with its path, in every product', () => {
    expect(seed(vpcProduct, { vpc: { vpcs: [{ id: 'vpc-1', region: 7 }] } })).toThrow(
      'scenario vpc.vpcs[0].region: must be a non-empty string',
    );
    expect(seed(ecsProduct, { ecs: { keyPairs: 'kp' } })).toThrow('scenario ecs.keyPairs: must be a list');
    expect(
      seed(slbProduct, { slb: { loadBalancers: [{ id: 'lb-1', region: 'r', vpcId: 'v', vswitchId: 's', payType: 'Free' }] } }),
    ).toThrow('scenario slb.loadBalancers[0].payType: must be one of PayOnDemand, PrePay');
  });

  it('SectionReader reads defaults, lists, numbers and tag maps', () => {
    const vpc = SectionReader.section({ vpc: { vpcs: [{ id: 'v', bandwidth: 5, tags: { team: 'a', env: 'dev' } }] } }, 'vpc');
    const [first] = vpc.list('vpcs');
    expect([first?.path, first?.str('id'), first?.str('name', 'default'), first?.num('bandwidth', 0), first?.optStr('cidr')]).toEqual([
      'vpc.vpcs[0]',
      'v',
      'default',
      5,
      undefined,
    ]);
    expect(first?.tags()).toEqual([
      { key: 'env', value: 'dev' },
      { key: 'team', value: 'a' },
    ]);
    expect(() => first?.num('id', 0)).toThrow('scenario vpc.vpcs[0].id: must be a number');
    expect(SectionReader.section({}, 'ecs').list('instances')).toEqual([]);
  });
});
