/**
 * Scenario cases a lawyer can read: `test/engine/scenarios/<area>.yaml`, one case per worked
 * example or reading of the sources, each with its source passage, the rulesets it holds for, the
 * request (given), the expected behaviour (expect) and, per ruleset, the SHA-256 of the complete
 * result (digest) so that any change of a text or trace shows up too.
 *
 * A case names every ruleset it is run against. Where a later ruleset decides differently (a
 * correction of our reading), `changed` gives the new expectation for that version with `why`.
 *
 *   - name: psychiatrist, patient threatens to assault his ex-wife
 *     source: KNMG-Wegwijzer 2014, §3 Conflict van plichten
 *     ruleset: [2026.11.1, 2026.12.1]
 *     given: { profession: psychiatrist, recipient: police, purpose: preventing_serious_harm,
 *              requested: [identity_and_contact], answers: { conflict.seriousHarm: true, … } }
 *     expect: { decision: allowed, ground: conflict_of_duties, rule: conflict.criteria,
 *               share: [identity_and_contact], withhold: [], missing: [], obligations: [...] }
 *     changed: { 2026.12.1: { why: …, obligations: [...] } }
 *     digest: { 2026.11.1: <sha256>, 2026.12.1: <sha256> }
 *
 * `npx tsx test/engine/support/pin-scenarios.ts` (re)writes the digests after a reviewed change.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  AGE_GROUPS,
  type AssessmentRequest,
  type AssessmentResult,
  type CompiledRuleset,
  DECISION_CAPACITIES,
  DECISIONS,
  DOCUMENTS,
  evaluate,
  GROUNDS,
  INFORMATION_CATEGORIES,
  listRulesets,
  PROFESSIONS,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from '../../../src/engine/index.js';
import { canonicalJson } from '../../../src/lib/canonical-json.js';
import { REFERENCE_DATE, request } from './request.js';

export const SCENARIO_DIR = new URL('../scenarios/', import.meta.url);

const VERSIONS = listRulesets().map((r) => r.version) as [string, ...string[]];
const Version = z.enum(VERSIONS);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Category = z.enum(INFORMATION_CATEGORIES);
const SHORT_TITLES = Object.values(DOCUMENTS).map((d) => d.short);

/** The behaviour a case pins: everything a professional acts on. */
const Behaviour = z.strictObject({
  decision: z.enum(DECISIONS),
  ground: z.enum(GROUNDS),
  /** The deciding route, or null when nothing decided. */
  rule: z.string().nullable(),
  share: z.array(Category),
  withhold: z.array(Category),
  missing: z.array(z.string()),
  obligations: z.array(z.string()),
  /** Default false. */
  acuteDanger: z.boolean().optional(),
  /** Rules (notices included) that must be met in the trace. */
  met: z.array(z.string()).optional(),
  /** Rules (notices included) that must not be met (a notice's advice that must not be given). */
  unmet: z.array(z.string()).optional(),
});
export type Behaviour = z.infer<typeof Behaviour>;

const Given = z.strictObject({
  age: z.enum(AGE_GROUPS).optional(),
  capacity: z.enum(DECISION_CAPACITIES).optional(),
  deceased: z.boolean().optional(),
  profession: z.enum(PROFESSIONS).optional(),
  municipal: z.boolean().optional(),
  recipient: z.enum(RECIPIENT_TYPES),
  recipientName: z.string().optional(),
  purpose: z.enum(PURPOSE_TYPES),
  description: z.string().optional(),
  requested: z.array(Category).min(1),
  answers: z.record(z.string(), z.union([z.boolean(), z.string()])).optional(),
});

const Case = z.strictObject({
  name: z.string().min(5),
  /** The passage the case comes from, as a reader cites it (bibliography short title first). */
  source: z
    .string()
    .refine(
      (s) => SHORT_TITLES.some((t) => s.startsWith(`${t}, `)) || /^(art\. |ECLI:)/.test(s),
      'cite the source as "<short title>, <section>" from the bibliography, or a statute or ECLI',
    ),
  ruleset: z.array(Version).min(1),
  /** The day of the weighing (default 2026-11-23). */
  date: Day.optional(),
  given: Given,
  expect: Behaviour,
  changed: z.partialRecord(Version, Behaviour.partial().extend({ why: z.string().min(10) })).optional(),
  digest: z.partialRecord(Version, z.string().regex(/^[0-9a-f]{64}$/)).optional(),
});
export type ScenarioCase = z.infer<typeof Case> & { file: string };

export function scenarioFiles(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** Every case of every file, validated. */
export function loadScenarios(): ScenarioCase[] {
  const out: ScenarioCase[] = [];
  for (const file of scenarioFiles()) {
    const doc = parse(readFileSync(new URL(file, SCENARIO_DIR), 'utf8')) as unknown;
    const cases = z.array(Case).safeParse(doc);
    if (!cases.success)
      throw new Error(
        `${file}: ${cases.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    for (const c of cases.data) out.push({ ...c, file });
  }
  return out;
}

export function requestOf(c: ScenarioCase): AssessmentRequest {
  const { answers, ...rest } = c.given;
  return request({ ...rest, answers: answers ?? {} });
}

export function optionsOf(c: ScenarioCase) {
  return { language: 'nl' as const, referenceDate: c.date ?? REFERENCE_DATE };
}

/** What the case expects under one ruleset version. */
export function expectationFor(c: ScenarioCase, version: string): Behaviour {
  const { why: _why, ...override } = c.changed?.[version] ?? { why: '' };
  const merged = { ...c.expect, ...override } as Behaviour;
  return { ...merged, acuteDanger: merged.acuteDanger ?? false };
}

/** The behaviour of a result in the shape a case pins. */
export function behaviourOf(
  result: AssessmentResult,
  met?: readonly string[],
  unmet?: readonly string[],
): Behaviour {
  const b: Behaviour = {
    decision: result.decision,
    ground: result.ground,
    rule: result.decisiveRuleId ?? null,
    share: result.information.share.map((i) => i.category),
    withhold: result.information.withhold.map((i) => i.category),
    missing: result.missingAnswers.map((q) => q.id),
    obligations: result.obligations.map((o) => o.id),
    acuteDanger: result.acuteDanger,
  };
  const isMet = (id: string) => result.trace.find((t) => t.ruleId === id)?.outcome === 'met';
  if (met) b.met = met.filter(isMet);
  if (unmet) b.unmet = unmet.filter((id) => !isMet(id));
  return b;
}

export function resultDigest(result: AssessmentResult): string {
  return createHash('sha256').update(canonicalJson(result)).digest('hex');
}

/** Runs a case under a ruleset; `null` when it behaves as expected, else what it did instead. */
export function checkCase(c: ScenarioCase, ruleset: CompiledRuleset): Behaviour | null {
  const want = expectationFor(c, ruleset.version);
  const got = behaviourOf(evaluate(requestOf(c), optionsOf(c), ruleset), want.met, want.unmet);
  return canonicalJson(got) === canonicalJson(want) ? null : got;
}
