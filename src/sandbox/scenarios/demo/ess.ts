// The demo account's Auto Scaling group (see ../README.md): a batch tier of one instance in
// vsw-hz-web. The group replaces an instance released behind its back, so the teardown must
// delete the group (ForceDelete releases its instance) before the vswitch can go.
export default {
  ess: {
    scalingGroups: [
      {
        id: 'asg-hz-batch',
        region: 'cn-hangzhou',
        name: 'batch',
        minSize: 1,
        maxSize: 2,
        vSwitchIds: ['vsw-hz-web'],
        securityGroupIds: ['sg-hz-web'],
        createdAt: '2024-05-02T08:00:00Z',
      },
    ],
  },
};
