// The demo account's Log Service (see ../README.md): the web tier's access logs in Hangzhou
// and an audit project in Shanghai. Deleting a project deletes its Logstores and their logs:
// the plan says how many go.
export default {
  sls: {
    projects: [
      {
        name: 'demo-web-logs',
        region: 'cn-hangzhou',
        description: 'nginx access logs of the web tier',
        logstores: ['nginx-access', 'nginx-error'],
        tags: { team: 'web' },
        createdAt: '2024-03-22T08:00:00Z',
      },
      {
        name: 'demo-audit-logs',
        region: 'cn-shanghai',
        description: 'audit trail',
        logstores: ['actiontrail'],
        tags: { team: 'security' },
        createdAt: '2024-02-01T08:00:00Z',
      },
    ],
  },
};
