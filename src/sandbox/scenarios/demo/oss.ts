// The demo account's OSS buckets (see ../README.md). Each one exercises a different way a
// bucket resists deletion: volume (3 DeleteMultipleObjects batches), versions and delete
// markers, unfinished multipart uploads and a LiveChannel, an unlocked WORM policy that must
// be aborted first, and a locked one that blocks the bucket for ten years.
export default {
  oss: {
    buckets: [
      {
        name: 'demo-assets',
        tags: { team: 'web' },
        region: 'cn-hangzhou',
        // 2,500 objects: emptying takes three batches of at most 1000 keys.
        objects: { generate: { count: 2500, prefix: 'assets/img-', size: 48_000 } },
      },
      {
        name: 'demo-logs-versioned',
        region: 'cn-shanghai',
        versioning: 'Enabled',
        objects: [
          { key: 'app/2026-10-01.log', size: 12_000, versions: 3 },
          { key: 'app/2026-10-02.log', size: 9_500, versions: 2, deleteMarker: true },
          { key: 'app/2026-10-03.log', size: 15_200, versions: 4 },
          { key: 'audit/2026-10.csv', size: 2_048, versions: 1, deleteMarker: true },
          { key: 'audit/2026-11.csv', size: 2_304, versions: 2 },
          { key: 'README.txt', size: 310 },
        ],
      },
      {
        name: 'demo-uploads',
        region: 'cn-hangzhou',
        objects: [
          { key: 'videos/intro.mp4', size: 52_428_800 },
          { key: 'videos/outro.mp4', size: 20_971_520 },
          { key: 'index.html', size: 4_096 },
        ],
        multipartUploads: [{ key: 'videos/raw-footage.mov' }, { key: 'backups/db-2026-11-01.tar.gz' }],
        liveChannels: ['demo-live'],
      },
      {
        name: 'demo-worm-pending',
        region: 'cn-hangzhou',
        worm: { state: 'InProgress', days: 30 },
        objects: [
          { key: 'contracts/c-001.pdf', size: 210_000 },
          { key: 'contracts/c-002.pdf', size: 198_000 },
          { key: 'contracts/c-003.pdf', size: 305_000 },
          { key: 'contracts/c-004.pdf', size: 87_000 },
          { key: 'contracts/c-005.pdf', size: 143_000 },
        ],
      },
      {
        name: 'demo-compliance',
        region: 'ap-southeast-1',
        worm: { state: 'Locked', days: 3650 },
        objects: [
          { key: 'ledger/2025.parquet', size: 1_200_000 },
          { key: 'ledger/2026.parquet', size: 980_000 },
        ],
      },
    ],
  },
};
