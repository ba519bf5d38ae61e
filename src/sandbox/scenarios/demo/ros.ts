// The demo account's ROS stack (see ../README.md): the stack that created the leftover VPC
// vpc-sg-empty, with deletion protection on. The VPC goes with the stack (DeleteStack deletes
// it), never by itself; the stack's protection is turned off first.
export default {
  ros: {
    stacks: [
      {
        id: '4b6d2f0e-7a1c-4e8b-9d3f-5c2a1e0b7f64',
        region: 'ap-southeast-1',
        name: 'leftover-network',
        tags: { team: 'platform' },
        deletionProtection: true,
        resources: [{ logicalId: 'Vpc', type: 'ALIYUN::ECS::VPC', id: 'vpc-sg-empty' }],
        createdAt: '2023-11-05T01:55:00Z',
      },
    ],
  },
};
