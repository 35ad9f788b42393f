/**
 * Runs rule-data mutants (support/mutants.ts) against the behaviour tests: a mutant is killed when
 * at least one scenario case of its ruleset no longer behaves as it expects (decision, ground,
 * deciding rule, what is shared and withheld, questions asked, obligations; support/scenarios.ts),
 * or at least one property of support/properties.ts fails on it (fixed seeds, so the result is
 * reproducible). Digests and hash pins do not count: they fail on any change and prove nothing
 * about behaviour.
 */
import fc from 'fast-check';
import { compileValidated } from '../../../src/engine/compile.js';
import type { CompiledRuleset } from '../../../src/engine/index.js';
import { mutantsOf } from './mutants.js';
import { PROPERTIES } from './properties.js';
import { checkCase, loadScenarios, type ScenarioCase } from './scenarios.js';

export interface MutationReport {
  version: string;
  mutants: number;
  killedByScenario: number;
  killedByProperty: number;
  /** Mutants that do not compile (e.g. a dropped leaf that leaves a rule reference dangling). */
  invalid: string[];
  survivors: string[];
}

/** Property runs per mutant: enough to find a broken invariant, few enough for a few thousand mutants. */
const PROPERTY_RUNS = 40;
/**
 * Not run on mutants (all run in properties.test.ts): the request-schema, determinism, language and
 * dossier-note properties test the engine and the schema, which rule-data mutants leave alone, and
 * the eventual-pivot property costs seconds per mutant.
 */
const SKIPPED = new Set([
  'generated requests pass the request schema and the engine never throws on them',
  'only the questions that matter: for every question asked, two answers lead to different outcomes',
  'is deterministic: the same request gives byte-identical JSON, whatever was evaluated in between',
  'Dutch and English results decide the same, in different words',
  'the dossier note never contains the case or client reference',
]);

export function runMutants(
  rs: CompiledRuleset,
  options: { cases?: ScenarioCase[]; filter?: (id: string) => boolean } = {},
): MutationReport {
  const cases = (options.cases ?? loadScenarios()).filter((c) => c.ruleset.includes(rs.version));
  const properties = PROPERTIES.filter((p) => (p.appliesTo?.(rs) ?? true) && !SKIPPED.has(p.name));
  const report: MutationReport = {
    version: rs.version,
    mutants: 0,
    killedByScenario: 0,
    killedByProperty: 0,
    invalid: [],
    survivors: [],
  };
  for (const mutant of mutantsOf(rs.data)) {
    if (options.filter && !options.filter(mutant.id)) continue;
    report.mutants++;
    let compiled: CompiledRuleset;
    try {
      compiled = compileValidated(mutant.build(), {
        allowUnusedQuestions: true,
        hash: `mutant ${mutant.id}`,
      });
    } catch {
      report.invalid.push(mutant.id);
      continue;
    }
    // A mutant keeps the released version name, so that the cases of that version apply to it.
    if (cases.some((c) => checkCase(c, compiled) !== null)) {
      report.killedByScenario++;
      continue;
    }
    const killed = properties.some(
      (p) =>
        fc.check(
          fc.property(p.arbitrary(compiled), (v) => p.check(compiled, v as never)),
          { numRuns: Math.min(p.numRuns, PROPERTY_RUNS), seed: 20261201 },
        ).failed,
    );
    if (killed) report.killedByProperty++;
    else report.survivors.push(mutant.id);
  }
  return report;
}
