import { defineConfig } from 'vitest/config';

// The unit tests that exercise the pure code under mutation (stryker.config.json). Stryker runs
// them once to learn which test covers which mutant, then only those per mutant. No database: the
// integration tests are too slow to run per mutant and are not what proves pure code correct.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    // Instrumented code is slower; a property test of thousands of runs can pass 5 s on a busy machine.
    testTimeout: 60_000,
    include: [
      'test/unit/bsn.test.ts',
      'test/unit/canonical-json.test.ts',
      'test/unit/chain.test.ts',
      'test/unit/pseudonym.test.ts',
      'test/unit/statement.test.ts',
      'test/unit/checkpoint.test.ts',
      'test/unit/cosignature.test.ts',
      'test/unit/merkle.test.ts',
      'test/unit/note.test.ts',
      'test/unit/vectors.test.ts',
      'test/engine/**/*.test.ts',
    ],
    // The rule-data mutation test mutates the compiled rules itself, thousands of times: far too
    // slow to run per code mutant, and not about the engine's code.
    exclude: ['test/engine/mutation.test.ts'],
    // Two checks fail on any change to the compiled rules whatever it does (the ruleset hash pin
    // and the generated rules document): a mutant they alone kill is not shown to change
    // behaviour, so they do not count towards the score.
    testNamePattern: /^(?!.*(pins the hash of each frozen version|its reference part is generated)).*$/,
  },
});
