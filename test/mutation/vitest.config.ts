import { defineConfig } from 'vitest/config';

// The unit tests that exercise the pure code under mutation (stryker.config.json). Stryker runs
// them once to learn which test covers which mutant, then only those per mutant. No database: the
// integration tests are too slow to run per mutant and are not what proves pure code correct.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: [
      'test/unit/bsn.test.ts',
      'test/unit/canonical-json.test.ts',
      'test/unit/chain.test.ts',
      'test/unit/merkle.test.ts',
      'test/unit/note.test.ts',
      'test/unit/vectors.test.ts',
      'test/unit/audit-*.test.ts',
      'test/engine/**/*.test.ts',
    ],
  },
});
