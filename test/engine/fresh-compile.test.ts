/**
 * A released ruleset compiled again behaves exactly as the one compiled at start-up. The registry
 * compiles the active ruleset when the engine loads and an older one on first use, when a recorded
 * weighing is replayed with it (src/engine/registry.ts): whichever compile a weighing meets, every
 * scenario case must still behave as it expects and have its pinned digest (texts and trace).
 *
 * It also lets the mutation run measure the compiler. The compile that runs while the engine
 * loads is out of reach of StrykerJS's per-test mutants (docs/testing.md, "hybrid"); the compile
 * inside this test is not, so a mutant of compile.ts, conditions.ts or citations.ts that changes a
 * weighing fails here: against the pinned digests (Dutch), and against the ruleset compiled at
 * load (English), which in a mutation run is compiled by the unmutated code the digests were
 * pinned from.
 */
import { describe, expect, it } from 'vitest';
import {
  compileRuleset,
  evaluate,
  getRuleset,
  listRulesets,
  PURPOSE_TYPES,
  questionCatalogue,
  RECIPIENT_TYPES,
  rulesView,
} from '../../src/engine/index.js';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import {
  behaviourOf,
  expectationFor,
  loadScenarios,
  optionsOf,
  requestOf,
  resultDigest,
} from './support/scenarios.js';

const cases = loadScenarios();

describe('a released ruleset compiled again', () => {
  it.each(listRulesets())('$version: same hash, every scenario case as pinned', ({ version, hash }) => {
    const loaded = getRuleset(hash)!;
    const fresh = compileRuleset(loaded.data);
    expect(fresh).not.toBe(loaded);
    expect(fresh.hash).toBe(hash);
    expect(fresh.version).toBe(version);
    const mine = cases.filter((c) => c.ruleset.includes(version));
    expect(mine.length).toBeGreaterThanOrEqual(88);
    const wrong: string[] = [];
    for (const c of mine) {
      const want = expectationFor(c, version);
      const result = evaluate(requestOf(c), optionsOf(c), fresh);
      const got = behaviourOf(result, want.met, want.unmet);
      if (canonicalJson(got) !== canonicalJson(want)) wrong.push(`${c.name}: behaves differently`);
      else if (resultDigest(result) !== c.digest?.[version]) wrong.push(`${c.name}: other texts or trace`);
      // The pinned digests are of the Dutch result; the English one must be the same as well.
      const english = { ...optionsOf(c), language: 'en' as const };
      if (
        canonicalJson(evaluate(requestOf(c), english, fresh)) !==
        canonicalJson(evaluate(requestOf(c), english, loaded))
      )
        wrong.push(`${c.name}: other English texts`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(listRulesets())(
    '$version: the same question catalogue for every recipient and purpose, and the same rules view',
    ({ hash }) => {
      // The catalogue's relevance per question is computed on first use and remembered, so the
      // ruleset compiled at load may answer from what it worked out earlier: a fresh compile must
      // work out the same.
      const loaded = getRuleset(hash)!;
      const fresh = compileRuleset(loaded.data);
      for (const language of ['nl', 'en'] as const) {
        const filters = [
          {},
          ...RECIPIENT_TYPES.map((recipientType) => ({ recipientType })),
          ...PURPOSE_TYPES.map((purposeType) => ({ purposeType })),
          { recipientType: 'police' as const, purposeType: 'crime_investigation' as const },
        ];
        for (const f of filters) {
          const catalogue = (rs: typeof loaded) =>
            questionCatalogue(rs, { language, ...f }).map((q) => canonicalJson(q));
          expect(catalogue(fresh), `${language} ${JSON.stringify(f)}`).toEqual(catalogue(loaded));
        }
        expect(canonicalJson(rulesView(fresh, language))).toBe(canonicalJson(rulesView(loaded, language)));
      }
    },
  );
});
