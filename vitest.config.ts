import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Every log line the service writes during the integration tests is also appended to files here
// (test/support/service.ts); the log-audit project then searches the whole run's logs for personal
// data. One directory per run, created when the first line is written.
process.env.PSS_TEST_LOG_DIR ??= join(tmpdir(), `pss-test-logs-${process.pid}-${Date.now()}`);
const logDir = process.env.PSS_TEST_LOG_DIR;

// Tests run in a random order within each file, every run: each test seeds what it needs, so none
// may depend on an earlier one (vitest prints the seed; TEST_SEED=<n> repeats an order; vitest 4
// takes this setting for all projects or none). TEST_SHUFFLE=1 shuffles the order of the files as
// well. (vitest's --sequence.shuffle on the command line would also drop the projects' groupOrder,
// and the log-audit project would then run before the logs it reads exist.)
const seed = Number(process.env.TEST_SEED ?? Date.now());
const shuffleFiles = process.env.TEST_SHUFFLE === '1';

// Two projects: pure unit tests (the rules engine and helpers) run without a database; integration
// tests share one real PostgreSQL per run (embedded unless DATABASE_URL is set), each test file on a
// fresh database cloned from a migrated template. Machines have 2 cores, hence maxWorkers 2. A third,
// log-audit, runs after both (groupOrder 1) and reads the logs the integration run left behind.
export default defineConfig({
  test: {
    maxWorkers: 2,
    env: { PSS_TEST_LOG_DIR: logDir },
    setupFiles: ['test/support/no-pg-deprecations.ts'],
    sequence: { seed, shuffle: { files: shuffleFiles, tests: true } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/engine/**/*.test.ts'],
          exclude: ['test/unit/merkle-crosscheck.test.ts'],
        },
      },
      {
        // The cross-check against an independent RFC 9162 implementation costs ~30 s of CPU: it runs
        // after the integration tests so that their timing is not disturbed.
        extends: true,
        test: {
          name: 'crosscheck',
          include: ['test/unit/merkle-crosscheck.test.ts'],
          sequence: { groupOrder: 1 },
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
      {
        extends: true,
        test: {
          name: 'log-audit',
          include: ['test/log-audit/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
