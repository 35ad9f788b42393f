/**
 * The engine's invariants as fast-check properties over generated requests, written once per
 * ruleset: properties.test.ts asserts each of them for every released ruleset it applies to, and
 * the rule-data mutation test (mutation.test.ts) runs them against mutated rule data, where a
 * property that fails kills the mutant. A check throws (vitest's expect) when the invariant breaks.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  type AnswerValue,
  type AssessmentRequest,
  type AssessmentResult,
  type CompiledRuleset,
  type Condition,
  createAssessmentRequestSchema,
  evaluate,
  type QuestionView,
  type RecipientType,
  rulesView,
} from '../../../src/engine/index.js';
import { mixedAnswersArbFor, questionsOf, requestArbFor, valuesOf } from './arbitraries.js';
import { CONFLICT_CRITERIA, CONFLICT_MET, REFERENCE_DATE } from './request.js';

export interface EngineProperty<T = unknown> {
  name: string;
  /** Rulesets it holds for (default: every released one). */
  appliesTo?: (rs: CompiledRuleset) => boolean;
  arbitrary: (rs: CompiledRuleset) => fc.Arbitrary<T>;
  check: (rs: CompiledRuleset, value: T) => void;
  numRuns: number;
}

const nl = (rs: CompiledRuleset, r: AssessmentRequest) =>
  evaluate(r, { language: 'nl', referenceDate: REFERENCE_DATE }, rs);
const outcome = (result: AssessmentResult, ruleId: string) =>
  result.trace.find((t) => t.ruleId === ruleId)?.outcome;
/** Rules views per ruleset, built once (properties run thousands of times, also on mutants). */
const viewCache = new WeakMap<CompiledRuleset, ReturnType<typeof rulesView>>();
const viewsOf = (rs: CompiledRuleset) => {
  let v = viewCache.get(rs);
  if (!v) {
    v = rulesView(rs, 'en');
    viewCache.set(rs, v);
  }
  return v;
};
const routesOf = (rs: CompiledRuleset) =>
  new Set(
    viewsOf(rs)
      .filter((r) => r.kind === 'route')
      .map((r) => r.id),
  );
const v2 = (rs: CompiledRuleset) => rs.data.schemaVersion === 2;
const withAnswers = (r: AssessmentRequest, extra: Record<string, AnswerValue>): AssessmentRequest => ({
  ...r,
  answers: { ...r.answers, ...extra },
});

/** What a professional acts on: decision, ground, what is shared and withheld, the obligations. */
export function actedOn(result: AssessmentResult): string {
  return JSON.stringify([
    result.decision,
    result.ground,
    result.information.share.map((i) => i.category),
    result.information.withhold.map((i) => i.category),
    result.obligations.map((o) => o.id),
  ]);
}

/** Recipients outside the treatment, listed in the sources. */
export const OUTSIDE: RecipientType[] = [
  'police',
  'public_prosecutor',
  'municipality',
  'school_attendance_officer',
  'school',
  'housing_corporation',
  'tax_authority',
  'insurer_or_funder',
  'employer',
  'informal_carer',
  'lawyer',
];

/** The question ids a rule depends on (following rule references), from the rule data. */
export function questionsOfRule(rs: CompiledRuleset, id: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(id)) return out;
  seen.add(id);
  const walk = (c: Condition | undefined) => {
    if (!c) return;
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('seq' in c) c.seq.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('rule' in c) for (const q of questionsOfRule(rs, c.rule, seen)) out.add(q);
    else if ('answer' in c) out.add(c.answer);
    else if ('answered' in c) out.add(c.answered);
  };
  walk(rs.data.rules.find((r) => r.id === id)?.when);
  return out;
}

/**
 * Continues a dialogue from `request` by answering every question the engine asks with `policy`
 * (a value per question id, else the first value of the question), until nothing more is asked or
 * 12 rounds have passed. Returns the final result.
 */
function finish(
  rs: CompiledRuleset,
  request: AssessmentRequest,
  policy: (q: QuestionView) => AnswerValue,
): AssessmentResult {
  let r = request;
  let result = nl(rs, r);
  for (let round = 0; round < 12 && result.missingAnswers.length > 0; round++) {
    r = withAnswers(r, Object.fromEntries(result.missingAnswers.map((q) => [q.id, policy(q)])));
    result = nl(rs, r);
  }
  return result;
}

/** Small deterministic PRNG (mulberry32): the same policies on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Whether two values of question q lead to different outcomes (decision, ground, what is shared and
 * withheld, obligations) for the same way of answering the rest of the dialogue: tries answering
 * everything with the first value, with the last value, and a few hundred seeded mixes of both.
 */
export function pivotal(rs: CompiledRuleset, request: AssessmentRequest, q: QuestionView): boolean {
  const values = valuesOf(q);
  const policies: Array<(x: QuestionView) => AnswerValue> = [
    (x) => valuesOf(x)[0]!,
    (x) => valuesOf(x).at(-1)!,
  ];
  for (let seed = 1; seed <= 300; seed++) {
    const rand = prng(seed * 7919);
    const bias = rand();
    const memo = new Map<string, AnswerValue>();
    policies.push((x) => {
      let v = memo.get(x.id);
      if (v === undefined) {
        const vs = valuesOf(x);
        v = rand() < bias ? vs[0]! : vs[1 + Math.floor(rand() * (vs.length - 1))]!;
        memo.set(x.id, v);
      }
      return v;
    });
  }
  for (const policy of policies) {
    const seen = new Set<string>();
    for (const v of values) seen.add(actedOn(finish(rs, withAnswers(request, { [q.id]: v }), policy)));
    if (seen.size > 1) return true;
  }
  return false;
}

const conflictBase = (rs: CompiledRuleset) => requestArbFor(rs).map((r) => withAnswers(r, CONFLICT_MET));

/** The consultation route's own criteria (2026.12.1) or the borrowed ones (2026.11.1). */
const consultationCriteria = (rs: CompiledRuleset) =>
  v2(rs)
    ? [
        'consultation.safetyAtStake',
        'consultation.harmCanBeLimited',
        'consultation.noOtherWay',
        'consultation.consentSought',
        'consultation.interestsOutweigh',
      ]
    : [
        'consultation.safetyAtStake',
        'conflict.consentSought',
        'conflict.noAlternative',
        'conflict.seriousHarm',
        'conflict.disclosurePreventsHarm',
      ];

/** Typed per property, stored untyped. */
const prop = <T>(p: EngineProperty<T>) => p as EngineProperty<unknown>;

export const PROPERTIES: EngineProperty<unknown>[] = [
  prop({
    name: 'generated requests pass the request schema and the engine never throws on them',
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const parsed = createAssessmentRequestSchema(rs).safeParse(req);
      expect(parsed.success).toBe(true);
      expect(() => nl(rs, parsed.data!)).not.toThrow();
      expect(() => evaluate(parsed.data!, { language: 'en', referenceDate: '2030-01-01' }, rs)).not.toThrow();
    },
    numRuns: 300,
  }),
  prop({
    name: 'every required/allowed outcome names its deciding rule, which cites at least one source',
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const result = nl(rs, req);
      if (result.decision === 'required' || result.decision === 'allowed') {
        expect(result.ground).not.toBe('none');
        const decisive = result.trace.find((t) => t.ruleId === result.decisiveRuleId);
        expect(decisive?.outcome).toBe('met');
        expect(decisive?.sources.length).toBeGreaterThan(0);
      } else {
        expect(result.ground).toBe('none');
        expect(result.decisiveRuleId).toBeNull();
        expect(result.information.share).toEqual([]);
      }
      for (const item of [...result.information.share, ...result.information.withhold]) {
        expect(item.sources.length).toBeGreaterThan(0);
        expect(item.reason.length).toBeGreaterThan(0);
      }
      for (const o of result.obligations) expect(o.sources.length).toBeGreaterThan(0);
      for (const t of result.trace) expect(t.sources.length).toBeGreaterThan(0);
    },
    numRuns: 400,
  }),
  prop({
    name: 'questions are asked exactly while something is open; not_allowed only when every route is excluded',
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const result = nl(rs, req);
      const routes = routesOf(rs);
      if (result.decision === 'needs_more_information')
        expect(result.missingAnswers.length).toBeGreaterThan(0);
      if (!v2(rs))
        expect(result.missingAnswers.length > 0).toBe(result.decision === 'needs_more_information');
      else if (result.missingAnswers.length > 0) expect(result.decision).not.toBe('not_allowed');
      for (const q of result.missingAnswers) expect(req.answers[q.id]).toBeUndefined();
      const orders = result.missingAnswers.map((q) => q.order!);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      const routeOutcomes = result.trace.filter((t) => routes.has(t.ruleId)).map((t) => t.outcome);
      if (result.decision === 'not_allowed')
        expect(routeOutcomes.every((o) => o === 'not_met' || o === 'not_applicable')).toBe(true);
      if (result.decision === 'needs_more_information') {
        expect(routeOutcomes).toContain('unanswered');
        expect(routeOutcomes).not.toContain('met');
      }
    },
    numRuns: 400,
  }),
  prop({
    name: 'answering a missing question can change the result: some value of it changes the decision, ground, information, obligations or the questions that remain',
    // Not for the frozen 2026.11.1: it can ask a question no answer changes (whether the client was
    // informed of a Veilig Thuis report when a reason not to inform is already given, seed
    // 631101571), the behaviour issue #10 removed in 2026.12.1 ("only the questions that matter").
    appliesTo: v2,
    arbitrary: (rs) => fc.tuple(requestArbFor(rs), fc.nat()),
    check: (rs, [req, pick]: [AssessmentRequest, number]) => {
      const before = nl(rs, req);
      if (before.missingAnswers.length === 0) return;
      const q = before.missingAnswers[pick % before.missingAnswers.length]!;
      const rest = (r: AssessmentResult) =>
        `${actedOn(r)}|${r.missingAnswers
          .map((m) => m.id)
          .filter((id) => id !== q.id)
          .join(',')}`;
      const changes = valuesOf(q).map((v) => {
        const after = nl(rs, withAnswers(req, { [q.id]: v }));
        expect(after.missingAnswers.map((m) => m.id)).not.toContain(q.id);
        return rest(after) !== rest(before);
      });
      expect(changes, `${q.id}: no value changes anything`).toContain(true);
    },
    numRuns: 300,
  }),
  prop({
    name: 'only the questions that matter: for every question asked, two answers lead to different outcomes',
    appliesTo: v2,
    // Half of the requests start the dialogue from nothing, half midway.
    arbitrary: (rs) =>
      fc.oneof(
        requestArbFor(rs).map((r) => ({ ...r, answers: {} })),
        requestArbFor(rs),
      ),
    check: (rs, req: AssessmentRequest) => {
      for (const q of nl(rs, req).missingAnswers) expect(pivotal(rs, req, q), q.id).toBe(true);
    },
    numRuns: 120,
  }),
  prop({
    name: 'one route at a time: the questions of an undecided weighing all belong to one open route',
    appliesTo: v2,
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const result = nl(rs, req);
      if (result.decision !== 'needs_more_information') return;
      const routes = routesOf(rs);
      const open = result.trace.filter((t) => routes.has(t.ruleId) && t.outcome === 'unanswered');
      const ids = result.missingAnswers.map((q) => q.id);
      expect(open.some((t) => ids.every((id) => questionsOfRule(rs, t.ruleId).has(id)))).toBe(true);
    },
    numRuns: 300,
  }),
  prop({
    name: 'flipping any conflict-of-duties criterion from true to false never leaves the conflict route holding',
    arbitrary: (rs) => fc.tuple(conflictBase(rs), fc.constantFrom(...CONFLICT_CRITERIA)),
    check: (rs, [req, criterion]: [AssessmentRequest, string]) => {
      const flipped = nl(rs, withAnswers(req, { [criterion]: false }));
      expect(outcome(flipped, 'conflict.criteria')).not.toBe('met');
      expect(flipped.decisiveRuleId).not.toBe('conflict.criteria');
      // The other conflict routes (acute danger, weapon, vital interest, good caregiving) do not
      // rest on these five criteria together.
      const otherRoute =
        req.answers['danger.acute'] === true ||
        req.answers['crime.kind'] === 'weapon' ||
        req.answers['vital.clientAtRisk'] === true ||
        req.answers['care.clientWillNotEngage'] === true;
      if (!otherRoute) expect(flipped.ground).not.toBe('conflict_of_duties');
    },
    numRuns: 400,
  }),
  prop({
    name: 'flipping any consultation criterion from true to false never leaves the consultation route holding',
    arbitrary: (rs) =>
      fc.tuple(
        requestArbFor(rs).map((r) =>
          withAnswers(r, Object.fromEntries(consultationCriteria(rs).map((id) => [id, true]))),
        ),
        fc.constantFrom(...consultationCriteria(rs)),
      ),
    check: (rs, [req, criterion]: [AssessmentRequest, string]) => {
      const flipped = nl(rs, withAnswers(req, { [criterion]: false }));
      expect(outcome(flipped, 'report.safety_consultation')).not.toBe('met');
      expect(flipped.decisiveRuleId).not.toBe('report.safety_consultation');
    },
    numRuns: 400,
  }),
  prop({
    name: 'the conflict-of-duties and consultation criteria really can decide: with all of them true they hold for some requests',
    arbitrary: () => fc.constant(0),
    check: (rs) => {
      const police = fc.sample(
        requestArbFor(rs, ['police']).map((r) => withAnswers(r, CONFLICT_MET)),
        { numRuns: 150, seed: 7 },
      );
      expect(police.filter((r) => nl(rs, r).decisiveRuleId === 'conflict.criteria').length).toBeGreaterThan(
        0,
      );
      const consult = fc.sample(
        requestArbFor(rs, ['other_professional', 'general_practitioner', 'social_neighbourhood_team']).map(
          (r) => withAnswers(r, Object.fromEntries(consultationCriteria(rs).map((id) => [id, true]))),
        ),
        { numRuns: 300, seed: 7 },
      );
      expect(
        consult.filter((r) => nl(rs, r).decisiveRuleId === 'report.safety_consultation').length,
      ).toBeGreaterThan(0);
    },
    numRuns: 1,
  }),
  prop({
    name: 'recipients outside the treatment are allowed only on valid consent, a conflict of duties or acute danger',
    arbitrary: (rs) => requestArbFor(rs, OUTSIDE),
    check: (rs, req: AssessmentRequest) => {
      const result = nl(rs, req);
      if (result.decision === 'required') {
        expect(outcome(result, result.decisiveRuleId!)).toBe('met');
        expect(result.ground).toBe('legal_obligation');
      }
      if (result.decision !== 'allowed') return;
      expect(['consent', 'conflict_of_duties', 'reporting_right']).toContain(result.ground);
      if (result.ground === 'consent') {
        expect(outcome(result, 'consent.valid')).toBe('met');
        expect(req.answers['consent.given']).toBe(true);
      } else if (result.ground === 'reporting_right') {
        // Only consulting a school about a child's or dependent adult's safety (2026.12.1).
        expect(result.decisiveRuleId).toBe('report.safety_consultation');
        expect(req.recipient.type).toBe('school');
      } else if (result.decisiveRuleId === 'conflict.criteria') {
        for (const c of CONFLICT_CRITERIA) expect(req.answers[c]).toBe(true);
      } else if (result.decisiveRuleId === 'conflict.acute_danger') {
        expect(req.answers['danger.acute']).toBe(true);
      } else {
        expect(result.decisiveRuleId).toBe('police.weapon');
        expect(req.answers['crime.kind']).toBe('weapon');
        expect(result.information.share.map((i) => i.category)).not.toContain('identity_and_contact');
      }
    },
    numRuns: 1000,
  }),
  prop({
    name: 'the full record never goes out under a conflict of duties, nor outside the treatment except a copy to the client’s own lawyer with consent',
    arbitrary: (rs) =>
      requestArbFor(rs).map((r) => ({
        ...r,
        requestedInformation: r.requestedInformation.includes('full_record')
          ? r.requestedInformation
          : [...r.requestedInformation.slice(0, 14), 'full_record' as const],
      })),
    check: (rs, req: AssessmentRequest) => {
      const result = nl(rs, req);
      const shared = result.information.share.map((i) => i.category);
      const lawyerCopy = v2(rs) && req.recipient.type === 'lawyer' && result.ground === 'consent';
      if (result.ground === 'conflict_of_duties' || (OUTSIDE.includes(req.recipient.type) && !lawyerCopy))
        expect(shared).not.toContain('full_record');
    },
    numRuns: 400,
  }),
  prop({
    name: 'each requested category is shared or withheld exactly once, with a rule id',
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const result = nl(rs, req);
      const all = [...result.information.share, ...result.information.withhold];
      expect(all.map((i) => i.category).sort()).toEqual([...req.requestedInformation].sort());
      for (const item of all) expect(item.ruleId).toMatch(/^min\./);
    },
    numRuns: 400,
  }),
  prop({
    name: 'the reported ground is the first in the precedence order among the routes that hold; a duty beats them all',
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const result = nl(rs, req);
      const views = new Map(viewsOf(rs).map((v) => [v.id, v]));
      const holding = result.trace.filter(
        (t) => views.get(t.ruleId)?.kind === 'route' && t.outcome === 'met',
      );
      if (holding.length === 0) return;
      const grounds = holding.map((t) => views.get(t.ruleId)!.ground!);
      if (grounds.includes('legal_obligation')) {
        expect(result.decision).toBe('required');
        expect(result.ground).toBe('legal_obligation');
        return;
      }
      const order = rs.data.groundPrecedence as readonly string[];
      const first = grounds.reduce((a, b) => (order.indexOf(a) <= order.indexOf(b) ? a : b));
      expect(result.ground).toBe(first);
      expect(result.decisiveRuleId).toBe(holding.find((t) => views.get(t.ruleId)!.ground === first)!.ruleId);
    },
    numRuns: 600,
  }),
  prop({
    name: 'is deterministic: the same request gives byte-identical JSON, whatever was evaluated in between',
    arbitrary: (rs) => fc.tuple(requestArbFor(rs), requestArbFor(rs)),
    check: (rs, [req, other]: [AssessmentRequest, AssessmentRequest]) => {
      const first = JSON.stringify(nl(rs, req));
      nl(rs, other);
      evaluate(other, { language: 'en', referenceDate: '2020-02-29' }, rs);
      expect(JSON.stringify(nl(rs, structuredClone(req)))).toBe(first);
    },
    numRuns: 200,
  }),
  prop({
    name: 'Dutch and English results decide the same, in different words',
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const a = nl(rs, req);
      const b = evaluate(req, { language: 'en', referenceDate: REFERENCE_DATE }, rs);
      expect(b.language).toBe('en');
      expect([b.decision, b.ground, b.decisiveRuleId, b.acuteDanger]).toEqual([
        a.decision,
        a.ground,
        a.decisiveRuleId,
        a.acuteDanger,
      ]);
      expect(b.missingAnswers.map((q) => q.id)).toEqual(a.missingAnswers.map((q) => q.id));
      expect(b.obligations.map((o) => o.id)).toEqual(a.obligations.map((o) => o.id));
      expect(b.trace.map((t) => [t.ruleId, t.outcome])).toEqual(a.trace.map((t) => [t.ruleId, t.outcome]));
      expect(b.explanation).not.toBe(a.explanation);
      expect(b.dossierNote).not.toBe(a.dossierNote);
    },
    numRuns: 100,
  }),
  prop({
    name: 'the dossier note never contains the case or client reference',
    arbitrary: (rs) => requestArbFor(rs),
    check: (rs, req: AssessmentRequest) => {
      const r = {
        ...req,
        caseRef: 'CASEREF-XYZ-1',
        client: { ...req.client, ref: 'CLIENTREF-XYZ-2' },
        recipient: { type: req.recipient.type },
        purpose: { type: req.purpose.type },
      };
      const note = nl(rs, r).dossierNote;
      expect(note).not.toContain('CASEREF-XYZ-1');
      expect(note).not.toContain('CLIENTREF-XYZ-2');
      expect(note).toContain(rs.hash);
      expect(note).toContain(REFERENCE_DATE);
    },
    numRuns: 100,
  }),
  prop({
    name: 'a dated rule never decides, nor is traced as holding, on a day outside its validity',
    appliesTo: v2,
    arbitrary: (rs) =>
      fc.tuple(
        requestArbFor(rs),
        fc.constantFrom('2010-06-01', '2014-12-31', '2015-01-01', '2019-12-31', '2020-01-01', '2026-11-23'),
      ),
    check: (rs, [req, day]: [AssessmentRequest, string]) => {
      const result = evaluate(req, { language: 'en', referenceDate: day }, rs);
      for (const v of viewsOf(rs)) {
        if (v.validFrom === undefined && v.validUntil === undefined) continue;
        const inForce = (v.validFrom ?? '0000') <= day && day <= (v.validUntil ?? '9999');
        if (inForce) continue;
        const t = result.trace.find((x) => x.ruleId === v.id);
        if (t) expect(t.outcome, v.id).toBe('not_applicable');
        expect(result.decisiveRuleId).not.toBe(v.id);
        expect(result.information.share.map((i) => i.ruleId)).not.toContain(v.id);
        expect(result.obligations.map((o) => `obligation.${o.id}`)).not.toContain(v.id);
      }
    },
    numRuns: 300,
  }),
];

export { mixedAnswersArbFor, questionsOf };
