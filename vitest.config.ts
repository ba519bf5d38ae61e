import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // 2 cores: more workers only contend.
    maxWorkers: 2,
    // Test files share a worker's module cache: loading the SDKs' model files once per worker
    // instead of once per file cuts the suite from minutes to seconds. Tests must therefore
    // not leave global state behind (nock interceptors are cleaned, env vars restored).
    isolate: false,
  },
});
