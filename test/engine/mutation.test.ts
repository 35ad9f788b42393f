/**
 * Every condition of every rule is pinned by behaviour (issue #18): each rule-data mutant of each
 * released ruleset (support/mutants.ts: a leaf of a route, helper, obligation or minimisation rule
 * negated, dropped or widened, in memory only) must make at least one scenario case or property fail
 * (support/mutation.ts). A mutant that survives must be listed, with the reason it cannot change
 * behaviour, in mutation-allowlist.yaml; a listed mutant that no longer survives must be removed.
 *
 * Slow (a few minutes on two cores): it compiles and runs some two thousand mutants.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { getRuleset, listRulesets } from '../../src/engine/index.js';
import { runMutants } from './support/mutation.js';

const AllowList = z.record(
  z.string(),
  z.array(z.strictObject({ mutant: z.string(), why: z.string().min(20) })),
);
const allowList = AllowList.parse(
  parse(readFileSync(new URL('./mutation-allowlist.yaml', import.meta.url), 'utf8')) ?? {},
);

describe.each(listRulesets().map((r) => [r.version, getRuleset(r.hash)!] as const))(
  'rule-data mutants of %s',
  (version, rs) => {
    it('are all killed by a scenario or a property, except the equivalent ones the allow-list explains', () => {
      const report = runMutants(rs);
      const allowed = new Map((allowList[version] ?? []).map((e) => [e.mutant, e.why]));
      expect(report.mutants).toBeGreaterThan(500);
      expect(report.invalid, 'mutants that do not compile').toEqual(
        report.invalid.filter((id) => allowed.has(id)),
      );
      const unexplained = report.survivors.filter((id) => !allowed.has(id));
      expect(
        unexplained,
        'surviving mutants: kill each with a scenario or explain it in the allow-list',
      ).toEqual([]);
      const stale = [...allowed.keys()].filter(
        (id) => !report.survivors.includes(id) && !report.invalid.includes(id),
      );
      expect(stale, 'allow-list entries that no longer survive').toEqual([]);
    }, 1_800_000);
  },
);
