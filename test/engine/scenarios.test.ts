/**
 * The scenario cases of test/engine/scenarios/*.yaml (see support/scenarios.ts): each case is run
 * against every ruleset it names and must behave exactly as it expects there, and its result must
 * have the pinned digest (texts and trace included). Every worked example of the sources is a case.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, getRuleset, listRulesets } from '../../src/engine/index.js';
import {
  behaviourOf,
  expectationFor,
  loadScenarios,
  optionsOf,
  requestOf,
  resultDigest,
} from './support/scenarios.js';

const cases = loadScenarios();
const rulesets = new Map(listRulesets().map((r) => [r.version, getRuleset(r.hash)!]));
const runs = cases.flatMap((c) =>
  c.ruleset.map((version) => ({ c, version, label: `${c.file}: ${c.name} [${version}]` })),
);

describe('scenario tables', () => {
  it('every released ruleset has scenario cases, names are unique, every answer is a question of a named ruleset', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const version of rulesets.keys())
      expect(cases.filter((c) => c.ruleset.includes(version)).length, version).toBeGreaterThanOrEqual(88);
    for (const c of cases) {
      const known = new Set(c.ruleset.flatMap((v) => rulesets.get(v)!.data.questions.map((q) => q.id)));
      for (const id of Object.keys(c.given.answers ?? {}))
        expect(known.has(id), `${c.name}: ${id}`).toBe(true);
      for (const v of Object.keys(c.changed ?? {})) expect(c.ruleset, `${c.name}: changed ${v}`).toContain(v);
    }
  });

  it.each(runs)('$label', ({ c, version }) => {
    const ruleset = rulesets.get(version)!;
    const want = expectationFor(c, version);
    const result = evaluate(requestOf(c), optionsOf(c), ruleset);
    expect(behaviourOf(result, want.met, want.unmet)).toEqual(want);
    // Every requested category is either shared or withheld, exactly once.
    expect([...want.share, ...want.withhold].sort()).toEqual([...c.given.requested].sort());
    expect(
      resultDigest(result),
      'the result changed in a text or trace: review it, then run test/engine/support/pin-scenarios.ts',
    ).toBe(c.digest?.[version]);
  });
});
