// STS through the official SDK: GetCallerIdentity is the tool's first call on any account;
// AssumeRole gives a RamRoleArn profile its temporary key.
import Sts, * as $Sts from '@alicloud/sts20150401';
import { stsProduct } from '../../../src/sandbox/products/sts.js';
import { describeConformance } from './conformance.js';
import { sdkClass, sdkConfig } from './sandbox-rpc.js';

describeConformance({
  title: 'STS',
  product: stsProduct,
  models: $Sts,
  client: (s) => new (sdkClass<InstanceType<typeof Sts.default>>(Sts))(sdkConfig(s)),
  cases: [
    { action: 'GetCallerIdentity', params: {} },
    { action: 'AssumeRole', params: { RoleArn: 'acs:ram::1234567890123456:role/app-role', RoleSessionName: 'conformance' } },
  ],
});
