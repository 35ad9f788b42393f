import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files in the order a mutant meets them: cheap, precise tests first, the property tests
 * last. Stryker stops a mutant's run at the first failing test, so a mutant a scenario kills no
 * longer waits for thousands of generated requests; a mutant nothing kills still runs every test
 * that covers it. (Vitest by default runs the files it knows to be slowest, or largest, first.)
 */
const ORDER = [
  'test/engine/scenarios.test.ts',
  'test/engine/fresh-compile.test.ts',
  'test/engine/results.test.ts',
  'test/engine/catalogue.test.ts',
  'test/engine/request-schema.test.ts',
  'test/engine/ruleset.test.ts',
  'test/engine/provisional.test.ts',
  'test/engine/properties.test.ts',
];
const rank = (spec: TestSpecification) => {
  const i = ORDER.findIndex((file) => spec.moduleId.endsWith(file));
  return i === -1 ? -1 : i;
};
class CheapFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

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
      'test/unit/signing.test.ts',
      'test/unit/merkle.test.ts',
      'test/unit/merkle-edges.test.ts',
      'test/unit/note.test.ts',
      'test/unit/note-edges.test.ts',
      'test/unit/witness-protocol.test.ts',
      'test/unit/vectors.test.ts',
      'test/unit/rfc3161.test.ts',
      'test/unit/readable-citations.test.ts',
      'test/engine/**/*.test.ts',
    ],
    exclude: [
      // The rule-data mutation test mutates the compiled rules itself and runs every scenario and
      // property test per rule mutant: minutes per run, and about the rule data, not the code.
      'test/engine/mutation.test.ts',
      // The generated rules document fails on any change to the compiled rules, whatever it does:
      // a mutant only it kills is not shown to change behaviour.
      'test/engine/docs.test.ts',
    ],
    // Stryker's vitest runner sets its own test name pattern (none in the run that measures
    // coverage, the covering tests' names per mutant), so a pattern here would be ignored. The
    // ruleset hash pin in ruleset.test.ts therefore runs; at test time it only calls
    // listRulesets(), whose every mutant other ruleset tests also kill (docs/testing.md).
    sequence: { sequencer: CheapFirst },
  },
});
