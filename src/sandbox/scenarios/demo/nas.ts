// The demo account's NAS (see ../README.md): a shared file system with one mount target in
// vsw-hz-web. The mount target must go before the file system (DeleteFileSystem refuses while
// one is left) and before the vswitch.
export default {
  nas: {
    fileSystems: [
      {
        id: '0a1b2c3d4e',
        description: 'shared uploads',
        tags: { team: 'web' },
        region: 'cn-hangzhou',
        zoneId: 'cn-hangzhou-h',
        chargeType: 'PayAsYouGo',
        fileSystemType: 'standard',
        protocolType: 'NFS',
        mountTargetVSwitchIds: ['vsw-hz-web'],
        createdAt: '2024-03-20T08:00:00Z',
      },
    ],
  },
};
