/**
 * Property-based tests over generated requests (fast-check), for every released ruleset each
 * property holds for. The properties live in support/properties.ts so that the rule-data mutation
 * test can run the same ones against mutated rule data.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { getRuleset, listRulesets } from '../../src/engine/index.js';
import { PROPERTIES } from './support/properties.js';

const RULESETS = listRulesets().map((r) => getRuleset(r.hash)!);

describe.each(RULESETS.map((rs) => [rs.version, rs] as const))('engine properties, ruleset %s', (_v, rs) => {
  for (const p of PROPERTIES.filter((x) => x.appliesTo?.(rs) ?? true))
    it(p.name, () => {
      fc.assert(
        fc.property(p.arbitrary(rs), (value) => p.check(rs, value as never)),
        { numRuns: p.numRuns },
      );
    }, 120_000);
});
