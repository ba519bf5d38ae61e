// The demo account (see ../README.md): its id, the regions it uses, the root account's
// own AccessKey, and the AccessKey that signs every request of the demo story (the RAM
// user teardown-bot's, declared in ram.ts).
export default {
  account: {
    id: '1234567890123456',
    regions: ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'],
    rootAccessKeys: [{ id: 'LTAI5tDemoRootKey00001', secret: 'demoSecretRootKey000000000000000000', createDate: '2023-06-01T08:00:00Z' }],
    caller: { accessKeyId: 'LTAI5tDemoTeardownBot01' },
  },
};
