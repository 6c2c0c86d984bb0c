import { defineConfig } from 'vitest/config';

// Medium tests run against a real PostgreSQL: embedded PGlite by default,
// a server when TEST_DATABASE_URL is set. The global setup migrates once;
// each test file then gets its own copy (see server/src/test/).
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'web/src/**/*.test.ts', 'scripts/**/*.test.ts'],
    globalSetup: ['server/src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
