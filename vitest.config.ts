import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests (the rules engine and helpers) run without a database; integration
// tests share one real PostgreSQL per run (embedded unless DATABASE_URL is set), each test file on a
// fresh database cloned from a migrated template. Machines have 2 cores, hence maxWorkers 2.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/engine/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
